package engine

import "testing"

// sort, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/sort
func TestDocSortExamples(t *testing.T) {
	days := `| makeresults format=csv data="Day,Total
Friday,120
Monday,93
Tuesday,124
Thursday,356
Weekend,1022
Wednesday,248"`
	nums := `| makeresults format=csv data="n
10
9
70
100"`
	runCmdCases(t, []cmdCase{
		// Extended example 1, a custom sort order.
		{name: "custom order", q: days + ` | eval wd=lower(Day) | eval sort_field=case(wd=="monday",1, wd=="tuesday",2, wd=="wednesday",3, wd=="thursday",4, wd=="friday",5, wd=="weekend",6)
| sort sort_field
| fields - sort_field`, cols: []string{"Day", "Total", "sort_field"},
			want: []string{"Monday,93,(null)", "Tuesday,124,(null)", "Wednesday,248,(null)", "Thursday,356,(null)", "Friday,120,(null)", "Weekend,1022,(null)"}},
		// "Results missing a given field are treated as having the
		// smallest or largest possible value of that field if the order is
		// descending or ascending, respectively": last either way.
		{name: "missing ascending", q: `| makeresults format=csv data="n,x
1,5
2,
3,1" | sort x`, cols: []string{"n"}, want: []string{"3", "1", "2"}},
		{name: "missing descending", q: `| makeresults format=csv data="n,x
1,5
2,
3,1" | sort -x`, cols: []string{"n"}, want: []string{"1", "3", "2"}},
		// The Usage table, "Results in descending order": numbers
		// numerically.
		{name: "descending numbers", q: `| makeresults format=csv data="v
9.1
10.1" | sort -v`, cols: []string{"v"}, want: []string{"10.1", "9.1"}},
		// The page contradicts itself on 9.1.a and 10.1.a: its table sorts
		// them "lexicographically because the values are alphanumeric
		// strings" (9.1.a first, descending), its list says a string that
		// "starts with a number ... is sorted numerically based on that
		// number alone" (10.1.a first). spelunk follows the list (§14).
		{name: "descending alphanumeric", q: `| makeresults format=csv data="v
9.1.a
10.1.a" | sort -v`, cols: []string{"v"}, want: []string{"10.1.a", "9.1.a"}},
		// "Lexicographical order": 10, 9, 70, 100 sort as 10, 100, 70, 9;
		// uppercase before lowercase.
		{name: "str()", q: nums + ` | sort str(n)`, cols: []string{"n"}, want: []string{"10", "100", "70", "9"}},
		{name: "auto numbers", q: nums + ` | sort n`, cols: []string{"n"}, want: []string{"9", "10", "70", "100"}},
		{name: "num() desc", q: nums + ` | sort -num(n)`, cols: []string{"n"}, want: []string{"100", "70", "10", "9"}},
		{name: "uppercase first", q: `| makeresults format=csv data="v
b
a
B
A" | sort str(v)`, cols: []string{"v"}, want: []string{"A", "B", "a", "b"}},
		// Example 1: ip() orders addresses; -str() descending.
		{name: "ip()", q: `| makeresults format=csv data="ipaddress,url
10.0.0.10,a
192.168.0.1,b
10.0.0.2,c
10.0.0.2,d" | sort ip(ipaddress), -str(url)`, cols: []string{"ipaddress", "url"},
			want: []string{"10.0.0.2,d", "10.0.0.2,c", "10.0.0.10,a", "192.168.0.1,b"}},
		// <count>: a number or limit=; desc reverses the order.
		{name: "count", q: nums + ` | sort 2 n`, cols: []string{"n"}, want: []string{"9", "10"}},
		{name: "limit=", q: nums + ` | sort limit=1 -n`, cols: []string{"n"}, want: []string{"100"}},
		{name: "desc", q: nums + ` | sort n desc`, cols: []string{"n"}, want: []string{"100", "70", "10", "9"}},
		// "If no count is specified, the default limit of 10000 is used.
		// If 0 is specified, all of the results are returned."
		{name: "default limit", q: `| makeresults count=10001 | streamstats count AS n | sort n | stats count`, cols: []string{"count"}, want: []string{"10000"}},
		{name: "sort 0", q: `| makeresults count=10001 | streamstats count AS n | sort 0 n | stats count`, cols: []string{"count"}, want: []string{"10001"}},
	})
}

package engine

import "testing"

// dedup, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/dedup
// The page's examples state their result in words; the cases run them over
// small tables and check the rows the words keep.
func TestDocDedupExamples(t *testing.T) {
	rows := `| makeresults format=csv data="n,source,host
1,s1,h1
2,s2,h1
3,s1,h1
4,s1,h2
5,s2,h1
6,,h1
7,s1,h1"`
	runCmdCases(t, []cmdCase{
		// Example 1; keepempty: "Default: false. All events where any of
		// the selected fields are null are dropped."
		{name: "one field", q: rows + ` | dedup source`, cols: []string{"n"}, want: []string{"1", "2"}},
		{name: "keepempty", q: rows + ` | dedup source keepempty=true`, cols: []string{"n"}, want: []string{"1", "2", "6"}},
		// Examples 4 and 5: keep the first N of each value or combination.
		{name: "first 3", q: rows + ` | dedup 3 source`, cols: []string{"n"}, want: []string{"1", "2", "3", "4", "5"}},
		{name: "first 2 of a combination", q: rows + ` | dedup 2 source host`, cols: []string{"n"}, want: []string{"1", "2", "3", "4", "5"}},
		{name: "N must be positive", q: rows + ` | dedup 0 source`, err: true},
		// Examples 2 and 3: the top-most event of the sorted list is kept,
		// and the results come sorted.
		{name: "sortby -", q: rows + ` | dedup source sortby -n`, cols: []string{"n", "source"}, want: []string{"7,s1", "5,s2"}},
		{name: "sortby +", q: rows + ` | dedup host sortby +n`, cols: []string{"n", "host"}, want: []string{"1,h1", "4,h2"}},
		// keepevents: "keep all events, but will remove the selected fields
		// from events after the first event containing a particular
		// combination of values". Unconfirmed: whether "all events"
		// includes the one without source, which keepempty's default
		// drops; spelunk lets keepempty decide (row 6 goes).
		{name: "keepevents", q: rows + ` | dedup source keepevents=true`, cols: []string{"n", "source"},
			want: []string{"1,s1", "2,s2", "3,(null)", "4,(null)", "5,(null)", "7,(null)"}},
		// Example 6: only consecutive duplicates go.
		{name: "consecutive", q: `| makeresults format=csv data="n,source,host
1,s1,h1
2,s1,h1
3,s2,h1
4,s1,h1" | dedup consecutive=true source host`, cols: []string{"n"}, want: []string{"1", "3", "4"}},
		// "Lexicographical order": 10, 9, 70, 100 sort as 10, 100, 70, 9.
		{name: "str() order", q: `| makeresults format=csv data="n,k
10,a
9,b
70,c
100,d" | dedup k sortby +str(n)`, cols: []string{"n"}, want: []string{"10", "100", "70", "9"}},
		{name: "num() order", q: `| makeresults format=csv data="n,k
10,a
9,b
70,c
100,d" | dedup k sortby -num(n)`, cols: []string{"n"}, want: []string{"100", "70", "10", "9"}},
		// "Multivalue fields": the fields must match all values.
		{name: "multivalue", q: `| makeresults count=3 | streamstats count AS n | eval mv=if(n<3, split("a,b", ","), "a") | dedup mv`,
			cols: []string{"n", "mv"}, want: []string{"1,a|b", "3,a"}},
	})
}

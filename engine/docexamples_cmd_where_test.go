package engine

import "testing"

// where, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/where
func TestDocWhereExamples(t *testing.T) {
	hosts := `| makeresults format=csv data="n,host,ipaddress,clientip,src,dst,distance,time
1,www2,198.51.100.7,198.51.100.7,10.9.165.3,10.0.0.1,300,2
2,WWW2,203.0.113.9,198.51.100.7,10.1.1.1,10.9.165.100,100,2
3,www1,198.51.100.8,203.0.113.9,10.1.1.1,10.9.165.200,500,4"`
	runCmdCases(t, []cmdCase{
		// Usage table: where compares two fields; a quoted string is a
		// literal, and the expression is case-sensitive.
		{name: "two fields", q: hosts + ` | where ipaddress=clientip`, cols: []string{"n"}, want: []string{"1"}},
		{name: "string", q: hosts + ` | where host="www2"`, cols: []string{"n"}, want: []string{"1"}},
		// Examples 1 to 3.
		{name: "like", q: hosts + ` | where like(ipaddress, "198.%")`, cols: []string{"n"}, want: []string{"1", "3"}},
		{name: "like or cidrmatch", q: hosts + ` | where like(src, "10.9.165.%") OR cidrmatch("10.9.165.0/25", dst)`, cols: []string{"n"}, want: []string{"1", "2"}},
		{name: "calculation", q: hosts + ` | where distance/time > 100`, cols: []string{"n"}, want: []string{"1", "3"}},
		// "You can only specify a wildcard by using the like function":
		// * in a where string is a character.
		{name: "no wildcard", q: hosts + ` | where host="www*"`, cols: []string{"n"}, want: nil},
		// Boolean order: NOT, AND, OR, then XOR.
		{name: "AND before OR", q: `| makeresults | eval a=1, b=0, c=0 | where a=1 OR b=1 AND c=1 | eval ok="yes"`, cols: []string{"ok"}, want: []string{"yes"}},
		{name: "XOR last", q: `| makeresults | eval x=1, y=0, z=1 | where x=1 OR y=1 XOR z=1 | eval ok="yes"`, cols: []string{"ok"}, want: nil},
		{name: "NOT first", q: `| makeresults | eval a=1, b=1 | where NOT a=2 AND b=1 | eval ok="yes"`, cols: []string{"ok"}, want: []string{"yes"}},
		// The table of names that need quotes.
		{name: "quoted names", q: `| makeresults | eval '5minutes'="late", count=1, 'server-1'=2 | where '5minutes'="late" | eval new=count+'server-1'`,
			cols: []string{"new"}, want: []string{"3"}},
	})
}

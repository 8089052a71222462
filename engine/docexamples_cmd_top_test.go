package engine

import "testing"

// top and rare, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/top
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/rare
// Besides the page's one table (Usage, "Lexicographic order of results"),
// the cases check the options as the syntax section words them, over ten
// rows: a four times, b three, c twice, d once. The percentages are
// printed with six decimals, as the page prints 33.333333.
func TestDocTopExamples(t *testing.T) {
	abcd := `| makeresults format=csv data="x
a
b
c
a
b
d
a
c
b
a"`
	runCmdCases(t, []cmdCase{
		{name: "lexicographic order", q: `| makeresults | eval location="Orlando Dallas Atlanta" | makemv location | mvexpand location
| eval user="Alex Kai Morgan" | makemv user | mvexpand user | top limit=1 location by user`,
			cols: []string{"user", "location", "count", "percent"},
			want: []string{"Alex,Orlando,1,33.333333", "Kai,Orlando,1,33.333333", "Morgan,Orlando,1,33.333333"}},
		{name: "default", q: abcd + ` | top x`, cols: []string{"x", "count", "percent"},
			want: []string{"a,4,40.000000", "b,3,30.000000", "c,2,20.000000", "d,1,10.000000"}},
		// "Specifying top limit=<int> is the same as specifying top N."
		{name: "top N", q: abcd + ` | top 2 x`, cols: []string{"x", "count"}, want: []string{"a,4", "b,3"}},
		{name: "limit=0", q: abcd + ` | top limit=0 x`, cols: []string{"x"}, want: []string{"a", "b", "c", "d"}},
		// useother: "a row representing all other values is added",
		// labelled OTHER unless otherstr= names it.
		{name: "useother", q: abcd + ` | top limit=2 useother=true x`, cols: []string{"x", "count", "percent"},
			want: []string{"a,4,40.000000", "b,3,30.000000", "OTHER,3,30.000000"}},
		{name: "otherstr", q: abcd + ` | top limit=2 useother=true otherstr=rest x`, cols: []string{"x", "count"},
			want: []string{"a,4", "b,3", "rest,3"}},
		// Example 3's options: showperc=f drops the percent field,
		// countfield= renames count.
		{name: "showperc countfield", q: abcd + ` | top 1 x showperc=f countfield=total`, cols: []string{"x", "total", "percent", "count"},
			want: []string{"a,4,(null),(null)"}},
		{name: "showcount percentfield", q: abcd + ` | top 1 x showcount=f percentfield=p`, cols: []string{"x", "count", "p"},
			want: []string{"a,(null),40.000000"}},
		// rare is top from the other end.
		{name: "rare", q: abcd + ` | rare x`, cols: []string{"x", "count", "percent"},
			want: []string{"d,1,10.000000", "c,2,20.000000", "b,3,30.000000", "a,4,40.000000"}},
		{name: "rare limit", q: abcd + ` | rare limit=1 x`, cols: []string{"x", "count"}, want: []string{"d,1"}},
	})
}

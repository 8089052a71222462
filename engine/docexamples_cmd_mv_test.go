package engine

import "testing"

// mvexpand, makemv and mvcombine, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/mvexpand
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/makemv
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/mvcombine
func TestDocMultivalueCommandExamples(t *testing.T) {
	// mvexpand example 3's two events, as _raw.
	ab := `| makeresults count=2 | streamstats count AS n
| eval _raw=if(n=1, "2018-04-01 00:11:23 a=22 b=21 a=23 b=32 a=51 b=24", "2018-04-01 00:11:22 a=1 b=2 a=2 b=3 a=5 b=2")
| rex field=_raw "a=(?<a>\d+)" max_match=5
| rex field=_raw "b=(?<b>\d+)" max_match=5
| eval fields = mvzip(a,b)`
	www := `| makeresults format=csv data="host,max,min
www1,4000,200
www2,4000,200
www3,4000,200"`
	runCmdCases(t, []cmdCase{
		{name: "mvexpand mvzip", q: ab, cols: []string{"fields"}, want: []string{"22,21|23,32|51,24", "1,2|2,3|5,2"}},
		// The page's last table leaves out the first event's 22,21 row,
		// which its own first table holds; the case expects it.
		{name: "mvexpand", q: ab + ` | mvexpand fields | rex field=fields "(?<alpha>\d+),(?<beta>\d+)"`, cols: []string{"n", "alpha", "beta"},
			want: []string{"1,22,21", "1,23,32", "1,51,24", "2,1,2", "2,2,3", "2,5,2"}},
		// Example 2: limit= keeps the first values of each event.
		{name: "mvexpand limit", q: ab + ` | mvexpand fields limit=2`, cols: []string{"n", "fields"},
			want: []string{"1,22,21", "1,23,32", "2,1,2", "2,2,3"}},
		// makemv example 3: "adds three values to the my_multival field".
		{name: "makemv tokenizer", q: `| makeresults | eval my_multival="one,two,three" | makemv tokenizer="([^,]+),?" my_multival`,
			cols: []string{"my_multival"}, want: []string{"one|two|three"}},
		// delim: "Default: A single space"; allowempty: with delim=","
		// and "a,,b" the default "does not produce any value for the
		// empty string".
		{name: "makemv default delim", q: `| makeresults | eval f="a b c" | makemv f`, cols: []string{"f"}, want: []string{"a|b|c"}},
		{name: "makemv no empty", q: `| makeresults | eval f="a,,b" | makemv delim="," f`, cols: []string{"f"}, want: []string{"a|b"}},
		{name: "makemv allowempty", q: `| makeresults | eval f="a,,b" | makemv delim="," allowempty=true f`, cols: []string{"f"}, want: []string{"a||b"}},
		// mvcombine example 2: one row, host www1,www2,www3 after nomv.
		{name: "mvcombine delim nomv", q: www + ` | mvcombine delim="," host | nomv host`, cols: []string{"host", "max", "min"},
			want: []string{"www1,www2,www3,4000,200"}},
		{name: "mvcombine", q: www + ` | mvcombine host`, cols: []string{"host", "max", "min"}, want: []string{"www1|www2|www3,4000,200"}},
		// "Default: a single space" for the single value version.
		{name: "mvcombine default delim", q: www + ` | mvcombine host | nomv host`, cols: []string{"host"}, want: []string{"www1 www2 www3"}},
	})
}

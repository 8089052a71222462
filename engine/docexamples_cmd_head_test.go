package engine

import "testing"

// head and tail, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/head
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/tail
func TestDocHeadExamples(t *testing.T) {
	seven := `| makeresults count=7 | streamstats count | eval count=if(count=3,null(), count)`
	twelve := `| makeresults count=12 | streamstats count AS n`
	runCmdCases(t, []cmdCase{
		// Extended example: null=true goes on past the null and keeps the
		// 5 that stopped it; null=false stops at the null, kept by
		// keeplast=true.
		{name: "null=true keeplast", q: seven + ` | head count<5 keeplast=true null=true`, cols: []string{"count"},
			want: []string{"1", "2", "(null)", "4", "5"}},
		{name: "null=false keeplast", q: seven + ` | head count<5 keeplast=true null=false`, cols: []string{"count"},
			want: []string{"1", "2", "(null)"}},
		// keeplast: "Default: false"; null: "Default: false".
		{name: "defaults", q: seven + ` | head count<5`, cols: []string{"count"}, want: []string{"1", "2"}},
		// "If no options or limits are specified, the head command returns
		// the first 10 results."
		{name: "default 10", q: twelve + ` | head | stats count`, cols: []string{"count"}, want: []string{"10"}},
		{name: "head N", q: twelve + ` | head 3`, cols: []string{"n"}, want: []string{"1", "2", "3"}},
		{name: "limit=", q: twelve + ` | head limit=2`, cols: []string{"n"}, want: []string{"1", "2"}},
		// "Using both the numeric limit and limit=<int> results in an error."
		{name: "both limits", q: twelve + ` | head 3 limit=2`, err: true},
		// "the smaller of the two constraints applies": (1==1) gives the
		// first 10, (0==1) nothing.
		{name: "limit and true", q: twelve + ` | head limit=10 (1==1) | stats count`, cols: []string{"count"}, want: []string{"10"}},
		{name: "limit and false", q: twelve + ` | head limit=10 (0==1) | stats count`, cols: []string{"count"}, want: []string{"0"}},
		// Basic example 2.
		{name: "timerange", q: twelve + ` | eval _time=_time+n*30 | streamstats range(_time) as timerange | head (timerange<100)`,
			cols: []string{"n"}, want: []string{"1", "2", "3", "4"}},
		// tail: the last N in reverse order (default 10).
		{name: "tail", q: twelve + ` | tail 3`, cols: []string{"n"}, want: []string{"12", "11", "10"}},
		{name: "tail default", q: twelve + ` | tail | stats count`, cols: []string{"count"}, want: []string{"10"}},
	})
}

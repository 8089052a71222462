package engine

import "testing"

// bin, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/bin
// The now of the cases is 2023-11-14 22:13:20 UTC.
func TestDocBinExamples(t *testing.T) {
	at := func(ts string) string {
		return `| makeresults | eval _time=strptime("` + ts + `", "%Y-%m-%d %H:%M:%S")`
	}
	runCmdCases(t, []cmdCase{
		// Example 4: "Align the time bins to 3am ... span to 12h. The bins
		// will represent 3am - 3pm, then 3pm - 3am (the next day)".
		{name: "aligntime 3am", q: at("2023-11-14 10:00:00") + ` | bin _time span=12h aligntime=@d+3h | eval t=strftime(_time, "%F %T")`,
			cols: []string{"t"}, want: []string{"2023-11-14 03:00:00"}},
		{name: "aligntime 3pm", q: at("2023-11-14 02:00:00") + ` | bin _time span=12h aligntime=@d+3h | eval t=strftime(_time, "%F %T")`,
			cols: []string{"t"}, want: []string{"2023-11-13 15:00:00"}},
		// aligntime is "Ignored if span is in days, months, or years", and
		// a day span "is aligned to midnight in the timezone of the user".
		{name: "aligntime ignored for days", q: at("2023-11-14 02:00:00") + ` | bin _time span=1d aligntime=@d+3h | eval t=strftime(_time, "%F %T")`,
			cols: []string{"t"}, want: []string{"2023-11-14 00:00:00"}},
		// start-end: "If you specify a span of 10, then the bins are
		// calculated in increments of 10. The bins are 0-9, 10-19, 20-29".
		{name: "span 10", q: `| makeresults format=csv data="x
9
10
19
20" | eval n=x | bin x span=10 | stats list(n) AS members BY x`, cols: []string{"members"}, want: []string{"9", "10|19", "20"}},
		// "Subsecond bin time spans": the span must divide a second
		// evenly ("valid millisecond span values are 1, 2, 4, 5, 8, 10,
		// 20, 25, 40, 50, 100, 125, 200, 250, or 500ms"), and "span =
		// 1000ms is not allowed. Use span = 1s instead."
		{name: "250ms", q: `| makeresults count=3 | streamstats count AS n | eval _time=_time+n*0.3 | bin _time span=250ms | eval t=strftime(_time, "%S.%3N")`,
			cols: []string{"t"}, want: []string{"20.250", "20.500", "20.750"}},
		{name: "5ds", q: `| makeresults count=3 | streamstats count AS n | eval _time=_time+n*0.3 | bin _time span=5ds | stats count by _time | eval t=strftime(_time, "%S.%1N")`,
			cols: []string{"t", "count"}, want: []string{"20.0,1", "20.5,2"}},
		{name: "3ms", q: `| makeresults | bin _time span=3ms`, err: true, errHas: "divide a second evenly"},
		{name: "1000ms", q: `| makeresults | bin _time span=1000ms`, err: true, errHas: "1s"},
	})
}

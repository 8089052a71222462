package engine

import "testing"

// accum, autoregress and delta, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/accum
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/autoregress
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/delta
func TestDocSeriesCommandExamples(t *testing.T) {
	counts := `| makeresults format=csv data="clientip,count
87.194.216.51,134
128.241.220.82,95
211.166.11.101,91
107.3.146.207,72
194.215.205.19,60
109.169.32.135,60
188.138.40.166,56
74.53.23.135,49
187.231.45.62,48
91.208.184.24,46"`
	quakes := `| makeresults format=csv data="place,t
32km N of Anchor Point,2018-04-04 19:51:19.147
6km NE of Healy,2018-04-04 16:26:14.741
34km NE of Valdez,2018-04-04 16:21:57.040
23km NE of Fairbanks,2018-04-04 16:10:05.595" | eval _time=strptime(t, "%Y-%m-%d %H:%M:%S.%3N")`
	five := `| makeresults count=5 | streamstats count AS x`
	runCmdCases(t, []cmdCase{
		// accum's basic example.
		{name: "accum", q: strategyViews + ` | accum views as TotalViews`, cols: []string{"productId", "views", "TotalViews"},
			want: []string{"DB-SG-G01,1796,1796", "DC-SG-G02,1642,3438", "FS-SG-G03,1482,4920", "PZ-SG-G05,1300,6220"}},
		{name: "accum in place", q: strategyViews + ` | accum views`, cols: []string{"views"}, want: []string{"1796", "3438", "4920", "6220"}},
		// delta, extended example 1: "The first event does not have a
		// delta(count) value."
		{name: "delta", q: counts + ` | delta count p=1`, cols: []string{"count", "delta(count)"},
			want: []string{"134,(null)", "95,-39", "91,-4", "72,-19", "60,-12", "60,0", "56,-4", "49,-7", "48,-1", "46,-2"}},
		// Extended example 2, the first four quakes.
		{name: "delta _time", q: quakes + ` | delta _time p=1 | rename delta(_time) AS timeDeltaS | eval timeDeltaS=abs(timeDeltaS) | eval "Time Between Quakes"=tostring(timeDeltaS,"duration")`,
			cols: []string{"place", "Time Between Quakes"},
			want: []string{"32km N of Anchor Point,(null)", "6km NE of Healy,03:25:04.406", "34km NE of Valdez,00:04:17.701", "23km NE of Fairbanks,00:11:51.445"}},
		// Basic examples 2 and 3: p=3 into delta(count); AS names it.
		{name: "delta p=3", q: five + ` | eval count=x*x | delta count p=3`, cols: []string{"delta(count)"},
			want: []string{"(null)", "(null)", "(null)", "15", "21"}},
		{name: "delta AS", q: five + ` | eval count=x*x | delta count AS countdiff`, cols: []string{"countdiff"},
			want: []string{"(null)", "3", "5", "7", "9"}},
		// "If <field> is not a numeric field, no output field is generated."
		{name: "delta text", q: `| makeresults count=2 | eval f="abc" | delta f`, cols: []string{"delta(f)"}, want: []string{"(null)", "(null)"}},
		// autoregress examples 1 and 2.
		{name: "autoregress AS p=3", q: five + ` | autoregress x AS old_x p=3`, cols: []string{"x", "old_x"},
			want: []string{"1,(null)", "2,(null)", "3,(null)", "4,1", "5,2"}},
		{name: "autoregress range", q: five + ` | autoregress x p=2-3`, cols: []string{"x", "x_p2", "x_p3"},
			want: []string{"1,(null),(null)", "2,(null),(null)", "3,1,(null)", "4,2,1", "5,3,2"}},
		// Default p=1 into <field>_p1.
		{name: "autoregress default", q: five + ` | autoregress x`, cols: []string{"x_p1"}, want: []string{"(null)", "1", "2", "3", "4"}},
		// "newfield ... Invalid if p is set to a range."
		{name: "autoregress AS range", q: five + ` | autoregress x AS y p=2-3`, err: true},
		// Example 3: the moving average is null until four prior values
		// exist, "because summing null fields is considered null".
		{name: "moving average", q: five + ` | autoregress x p=1-4 | eval moving_average=(x + x_p1 + x_p2 + x_p3 + x_p4) / 5`,
			cols: []string{"moving_average"}, want: []string{"(null)", "(null)", "(null)", "(null)", "3"}},
	})
}

package engine

import "testing"

// streamstats, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/streamstats
// and the SPL2 streamstats pages where the SPL1 page shows no table
// (https://help.splunk.com/splunk-enterprise/search/spl2-search-reference/streamstats-command/...):
// their searches are written in SPL (count() is count).
func TestDocStreamstatsExamples(t *testing.T) {
	shifts := `| makeresults format=csv data="shift
DAY
DAY
NIGHT
NIGHT
NIGHT
NIGHT
DAY
NIGHT"`
	hosts := `| makeresults format=csv data="host,action,bytes
x,LOGON,100
y,APP_START,200
x,FILE_DOWNLOAD,400
x,REBOOT,50
y,LOGON,150
x,LOGON,100"`
	runCmdCases(t, []cmdCase{
		// Usage, "Escaping string values".
		{name: "escaping", q: `| makeresults count=3 | streamstats count | eval test=if(count==2,"yes","no")`,
			cols: []string{"count", "test"}, want: []string{"1,no", "2,yes", "3,no"}},
		// Usage, "The reset_on_change argument".
		{name: "reset_on_change", q: shifts + ` | streamstats count BY shift reset_on_change=true`,
			cols: []string{"shift", "count"},
			want: []string{"DAY,1", "DAY,2", "NIGHT,1", "NIGHT,2", "NIGHT,3", "NIGHT,4", "DAY,1", "NIGHT,1"}},
		// Extended example 1, "Create events for testing": the hours are
		// one hour apart, count 1 to 5; the fifth event has no age.
		{name: "create events", q: `| makeresults count=5 | streamstats count | eval _time=_time-(count*3600)
| eval age = case(count=1, 25, count=2, 39, count=3, 31, count=4, 27, count=5, null())
| eval city = case(count=1 OR count=3, "San Francisco", count=2 OR count=4, "Seattle",count=5, "Los Angeles")
| eval hoursback=(1700000000-_time)/3600`,
			cols: []string{"hoursback", "age", "city", "count"},
			want: []string{"1,25,San Francisco,1", "2,39,Seattle,2", "3,31,San Francisco,3", "4,27,Seattle,4", "5,(null),Los Angeles,5"}},
		// SPL2 examples, 1. "Add a running count to each search result".
		{name: "running count", q: `| makeresults format=csv data="host
x
y
x
x
y" | streamstats count`, cols: []string{"host", "count"}, want: []string{"x,1", "y,2", "x,3", "x,4", "y,5"}},
		// SPL2 overview, "Compute a moving average over a series of
		// events": the page prints the averages cut to two decimals
		// (216.66 for 650/3), so the case cuts them too.
		{name: "window=3 avg", q: hosts + ` | streamstats window=3 avg(bytes) | eval a=floor('avg(bytes)'*100)/100`,
			cols: []string{"host", "action", "bytes", "a"},
			want: []string{"x,LOGON,100,100", "y,APP_START,200,150", "x,FILE_DOWNLOAD,400,233.33", "x,REBOOT,50,216.66", "y,LOGON,150,200", "x,LOGON,100,100"}},
	})
}

// eventstats, Search Reference 10.0, "Extended example":
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/eventstats
func TestDocEventstatsExamples(t *testing.T) {
	events := func(age4 string) string {
		return `| makeresults count=4 | streamstats count
| eval age = case(count=1, 25, count=2, 39, count=3, 31, count=4, ` + age4 + `)
| eval city = case(count=1 OR count=3, "San Francisco", count=2 OR count=4, "Seattle")`
	}
	runCmdCases(t, []cmdCase{
		{name: "creating events", q: events("null()"), cols: []string{"age", "city", "count"},
			want: []string{"25,San Francisco,1", "39,Seattle,2", "31,San Francisco,3", "(null),Seattle,4"}},
		{name: "BY clause", q: events("null()") + ` | eventstats avg(age) BY city`, cols: []string{"age", "avg(age)", "city", "count"},
			want: []string{"25,28,San Francisco,1", "39,39,Seattle,2", "31,28,San Francisco,3", "(null),39,Seattle,4"}},
		{name: "renaming", q: events("null()") + ` | eventstats avg(age) AS "average age by city" BY city`,
			cols: []string{"age", "average age by city", "city", "count"},
			want: []string{"25,28,San Francisco,1", "39,39,Seattle,2", "31,28,San Francisco,3", "(null),39,Seattle,4"}},
		{name: "text values", q: events(`"test"`) + ` | eventstats avg(age) BY city`, cols: []string{"age", "avg(age)", "city", "count"},
			want: []string{"25,28,San Francisco,1", "39,39,Seattle,2", "31,28,San Francisco,3", "test,39,Seattle,4"}},
		{name: "allnum", q: events(`"test"`) + ` | eventstats allnum=true avg(age) BY city`, cols: []string{"age", "avg(age)", "city", "count"},
			want: []string{"25,28,San Francisco,1", "39,(null),Seattle,2", "31,28,San Francisco,3", "test,(null),Seattle,4"}},
		// "The allnum=true argument applies to empty values as well as
		// alphabetic character values."
		{name: "allnum empty", q: events("null()") + ` | eventstats allnum=true avg(age) BY city`, cols: []string{"avg(age)", "city"},
			want: []string{"28,San Francisco", "(null),Seattle", "28,San Francisco", "(null),Seattle"}},
	})
}

// stats, Search Reference 10.0: the examples that hold without the tutorial
// data, and the rules of its Usage section.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/stats
func TestDocStatsExamples(t *testing.T) {
	runCmdCases(t, []cmdCase{
		// Usage, "Wildcards in BY clauses": "you cannot specify
		// | stats count BY source*".
		{name: "BY wildcard", q: `| makeresults | eval source="a" | stats count BY source*`, err: true, errHas: "wildcard"},
		// Usage, "Renaming fields": "You cannot rename one field with
		// multiple names ... The following example is not valid."
		{name: "renamed twice", q: `| makeresults | eval host="a" | stats first(host) AS site, first(host) AS report`, err: true, errHas: "renamed twice"},
		// Extended example 3: the MbLg row, one quake of magnitude 0,
		// has count 1 and 0 for max, min, range, avg, mean, stdev and var.
		{name: "one value", q: `| makeresults | eval mag=0 | stats count, max(mag), min(mag), range(mag), avg(mag), mean(mag), stdev(mag), var(mag)`,
			cols: []string{"count", "max(mag)", "min(mag)", "range(mag)", "avg(mag)", "mean(mag)", "stdev(mag)", "var(mag)"},
			want: []string{"1,0,0,0,0,0,0,0"}},
	})
}

// Aggregate functions, Search Reference 10.0, avg's extended example and
// the mathematical functions page (sigfig, example 2), which repeat it:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/statistical-and-charting-functions/aggregate-functions
func TestDocAggregateFunctionExamples(t *testing.T) {
	runCmdCases(t, []cmdCase{
		{name: "avg of 100", q: `| makeresults count=100 | eval test=3.99 | stats avg(test)`, cols: []string{"avg(test)"}, want: []string{"3.9900000000000055"}},
		{name: "avg of 10000", q: `| makeresults count=10000 | eval test=3.99 | stats avg(test)`, cols: []string{"avg(test)"}, want: []string{"3.990000000000215"}},
		{name: "sigfig", q: `| makeresults count=10000 | eval test=3.99 | stats avg(test) AS test | eval new_test=sigfig(test*1.00)`, cols: []string{"new_test"}, want: []string{"3.99"}},
		// Known gaps: the percentile functions have no default
		// percentile, and rate_avg and rate_sum are mstats functions.
		{name: "perc without percentile", q: `| makeresults | eval x=1 | stats perc(x)`, err: true, errHas: "needs its percentile"},
		{name: "rate_avg in stats", q: `| makeresults | eval x=1 | stats rate_avg(x)`, err: true, errHas: "a function of mstats only"},
		{name: "rate_sum in stats", q: `| makeresults | eval x=1 | stats rate_sum(x)`, err: true, errHas: "a function of mstats only"},
	})
}

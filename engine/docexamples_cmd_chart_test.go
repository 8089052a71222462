package engine

import (
	"strings"
	"testing"
)

// timechart and chart, Search Reference 10.0 (the Usage rules; chart's
// tables are checked by the addtotals and stats pages' cases):
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/timechart
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/chart
func TestDocTimechartExamples(t *testing.T) {
	runCmdCases(t, []cmdCase{
		// "Prepending VALUE to the names of some fields that begin with
		// underscore": the series are VALUE_audit and VALUE_internal, and
		// example 9's rename VALUE_* as * shows them "without the leading
		// VALUE_".
		{name: "VALUE_", q: `| makeresults count=3 | streamstats count AS n | eval index=if(n=1,"_audit","_internal"), linecount=n | timechart span=1m sum(linecount) by index`,
			cols: []string{"VALUE_audit", "VALUE_internal"}, want: []string{"1,5"}},
		{name: "rename VALUE_", q: `| makeresults count=3 | streamstats count AS n | eval index=if(n=1,"_audit","_internal"), linecount=n | timechart span=1m sum(linecount) by index | rename VALUE_* as *`,
			cols: []string{"audit", "internal"}, want: []string{"1,5"}},
		// "you cannot use a field that you specify in a function as your
		// split-by field ... chart sum(A) by A span=log2"; the eval copy
		// works.
		{name: "split by function field", q: `| makeresults | eval A=1 | chart sum(A) by A span=log2`, err: true, errHas: "split-by"},
		{name: "timechart split by function field", q: `| makeresults | eval A=1 | timechart sum(A) by A`, err: true, errHas: "split-by"},
		// "single-agg Syntax: count | <stats-func>(<field>) ... No
		// wildcards are allowed." (chart's stats-agg-term takes them.)
		{name: "timechart sum(*)", q: `| makeresults | eval x=1 | timechart sum(*)`, err: true, errHas: "single-agg"},
		{name: "timechart avg(*delay) by host", q: `| makeresults | eval xdelay=1, host="h" | timechart avg(*delay) by host`, err: true, errHas: "no wildcards"},
		// "sep ... equivalent to setting format to $AGG$<sep>$VAL$"; format
		// builds the name from $AGG$ and $VAL$.
		{name: "sep", q: `| makeresults | eval _time=0, host="h", n=3 | timechart span=1d sep=" | " count max(n) by host`,
			cols: []string{"(fields)"}, want: []string{"_time|count | h|max(n) | h"}},
		{name: "format", q: `| makeresults | eval _time=0, host="h", n=3 | timechart span=1d format="$VAL$.$AGG$" count max(n) by host`,
			cols: []string{"(fields)"}, want: []string{"_time|h.count|h.max(n)"}},
		{name: "eval copy", q: `| makeresults | eval A=3 | eval A1=A | chart sum(A) by A1`, cols: []string{"A1", "sum(A)"}, want: []string{"3,3"}},
		// "Bin time spans versus per_* functions": with a 30m span,
		// per_hour() is sum()*2.
		{name: "per_hour", q: `| makeresults count=4 | streamstats count AS n | eval _time=1700000000+n*60, x=10 | timechart span=30m per_hour(x)`,
			cols: []string{"per_hour(x)"}, want: []string{"80"}},
		// Example 7: bins from 5am to 5pm and 5pm to 5am.
		{name: "aligntime", q: `| makeresults | eval _time=strptime("2023-11-14 04:00:00", "%Y-%m-%d %H:%M:%S") | timechart span=12h aligntime=@d+5h count | eval t=strftime(_time, "%F %T")`,
			cols: []string{"t", "count"}, want: []string{"2023-11-13 17:00:00,1"}},
		// Extended example 3: ten series by default, the rest in OTHER.
		{name: "limit 10", q: `| makeresults count=12 | streamstats count AS n | eval k="k".n | timechart span=1d count by k | table OTHER k1`,
			cols: []string{"OTHER", "k1"}, want: []string{"2,1"}},
		// limit: "If a single aggregation is specified, the score is based
		// on the sum of the values in the aggregation for that split-by
		// value ... If multiple aggregations are specified, the score is
		// based on the frequency of each value of <field>." Host a has
		// three events of n=1, host b one of n=100: max(n) alone keeps b,
		// max(n) with count keeps a, the commoner.
		{name: "limit one function", q: `| makeresults count=4 | streamstats count AS k | eval _time=0, host=if(k=4, "b", "a"), n=if(k=4, 100, 1) | timechart span=1d limit=1 max(n) by host`,
			cols: []string{"(fields)", "b", "OTHER"}, want: []string{"_time|b|OTHER,100,1"}},
		{name: "limit several functions", q: `| makeresults count=4 | streamstats count AS k | eval _time=0, host=if(k=4, "b", "a"), n=if(k=4, 100, 1) | timechart span=1d limit=1 max(n) count by host`,
			cols: []string{"(fields)", "max(n): a", "max(n): OTHER", "count: a", "count: OTHER"},
			want: []string{"_time|max(n): a|max(n): OTHER|count: a|count: OTHER,1,100,3,1"}},
		// usenull=f drops the events without the split-by field.
		{name: "usenull=f", q: `| makeresults count=2 | streamstats count AS n | eval k=if(n=1, "a", null()) | timechart span=1d count by k usenull=f`,
			cols: []string{"a", "NULL"}, want: []string{"1,(null)"}},
		{name: "usenull default", q: `| makeresults count=2 | streamstats count AS n | eval k=if(n=1, "a", null()) | timechart span=1d count by k`,
			cols: []string{"a", "NULL"}, want: []string{"1,1"}},
	})
}

// chart, Search Reference 10.0, the Usage rules and extended example 3's
// log2 buckets:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/chart
func TestDocChartExamples(t *testing.T) {
	durations := `| makeresults format=csv data="duration
0
1
3
5
10
100
200
300
600"`
	sites := `| makeresults format=csv data="site,org,delay
a,x,5
a,y,7
b,x,2
b,,9"`
	runCmdCases(t, []cmdCase{
		// Extended example 3: span=log2 buckets.
		{name: "log2", q: durations + ` | chart count BY duration span=log2`, cols: []string{"duration", "count"},
			want: []string{"0,1", "1-2,1", "2-4,1", "4-8,1", "8-16,1", "64-128,1", "128-256,1", "256-512,1", "512-1024,1"}},
		// "The chart command allows this behavior only with the count
		// function ... you must make the wildcard explicit: | chart
		// sum(*)." The one numeric field delay sums to 5+7+2+9.
		{name: "bare sum", q: sites + ` | chart sum`, err: true},
		{name: "sum(*)", q: sites + ` | fields delay | chart sum(*)`, cols: []string{"(fields)", "sum(delay)"}, want: []string{"sum(delay),23"}},
		// "Unless you specify a split-by clause, the eval expression must
		// be renamed."
		{name: "eval unnamed", q: sites + ` | chart eval(avg(delay)/max(delay))`, err: true},
		{name: "eval named", q: sites + ` | chart eval(max(delay)-min(delay)) AS spread`, cols: []string{"spread"}, want: []string{"7"}},
		// Basic examples 1 and 2, and the tc options: nullstr names the
		// series of events without the split-by field (usenull defaults
		// to true).
		{name: "OVER", q: sites + ` | chart max(delay) OVER site`, cols: []string{"site", "max(delay)"}, want: []string{"a,7", "b,9"}},
		{name: "OVER BY", q: sites + ` | chart max(delay) OVER site BY org`, cols: []string{"site", "x", "y", "NULL"},
			want: []string{"a,5,7,(null)", "b,2,(null),9"}},
		{name: "nullstr", q: sites + ` | chart max(delay) OVER site BY org nullstr=none`, cols: []string{"site", "none"}, want: []string{"a,(null)", "b,9"}},
		{name: "usenull=f", q: sites + ` | chart max(delay) OVER site BY org usenull=f`, cols: []string{"site", "(fields)"}, want: []string{"a,site|x|y", "b,site|x|y"}},
		// Chart options: "sep ... Used to construct output field names
		// when multiple data series are used in conjunctions with a
		// split-by field. This is equivalent to setting format to
		// $AGG$<sep>$VAL$", and "format takes precedence over sep".
		{name: "sep", q: sites + ` | chart count max(delay) OVER site BY org sep=_`, cols: []string{"(fields)", "count_NULL", "max(delay)_x"},
			want: []string{"site|count_x|count_y|count_NULL|max(delay)_x|max(delay)_y|max(delay)_NULL,0,5",
				"site|count_x|count_y|count_NULL|max(delay)_x|max(delay)_y|max(delay)_NULL,1,2"}},
		{name: "format over sep", q: sites + ` | chart count max(delay) OVER site BY org usenull=f format="$VAL$ of $AGG$" sep=_`,
			cols: []string{"(fields)"}, want: []string{"site|x of count|y of count|x of max(delay)|y of max(delay)",
				"site|x of count|y of count|x of max(delay)|y of max(delay)"}},
		// One data series: the columns are the series alone, sep or not.
		{name: "sep one series", q: sites + ` | chart max(delay) OVER site BY org usenull=f sep=_`, cols: []string{"(fields)"},
			want: []string{"site|x|y", "site|x|y"}},
		// A wildcard function's fields are data series too.
		{name: "sep sum(*)", q: sites + ` | eval d2=delay*2 | fields - _time | chart sum(*) OVER site BY org usenull=f sep=/`, cols: []string{"(fields)", "sum(d2)/x"},
			want: []string{"site|sum(delay)/x|sum(delay)/y|sum(d2)/x|sum(d2)/y,10", "site|sum(delay)/x|sum(delay)/y|sum(d2)/x|sum(d2)/y,4"}},
	})
}

// chart's functions over wildcard fields: "stats-agg-term Syntax:
// <stats-func> ( <evaled-field> | <wc-field> ) [AS <wc-field>] ... The
// function can be applied to an eval expression, or to a field or set of
// fields ... You can use wildcard characters in field names." (Search
// Reference 10.0, chart). The data is extended example 1's table with a
// quota column (addtotalsData, also the range() example's table: Search
// Reference 10.0, "Aggregate functions", range); the expected rows are
// those pages' tables, or sums of their rows worked by hand.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/chart
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/statistical-and-charting-functions/aggregate-functions
func TestDocChartWildcardFields(t *testing.T) {
	sales := addtotalsData
	quarters := []string{"QTR1", "QTR2", "QTR3", "QTR4"}
	var both []string
	for _, f := range []string{"sales", "quota"} {
		for _, q := range quarters {
			both = append(both, "sum("+f+"): "+q)
		}
	}
	runCmdCases(t, []cmdCase{
		// The row and column fields are not summed, so with quota left out
		// sum(*) is sum(sales), and the table is extended example 1's,
		// columns named by the quarter alone.
		{name: "sum(*) by products quarter", q: sales + ` | fields - quota | chart sum(*) BY products quarter`,
			cols: []string{"products", "QTR1", "QTR2", "QTR3", "QTR4"},
			want: []string{"ProductA,1200,1425,1300,1550", "ProductB,1400,1175,1250,1700", "ProductC,1650,1550,1375,1625"}},
		// Two fields matched are two data series: the columns are named
		// "$AGG$: $VAL$" (format and sep: "when multiple data series are
		// used in conjunction with a split-by-field"), grouped by field.
		{name: "sum(*) two series", q: sales + ` | chart sum(*) BY products quarter`,
			cols: append([]string{"(fields)", "products"}, both...),
			want: []string{
				"products|" + strings.Join(both, "|") + ",ProductA,1200,1425,1300,1550,1000,1300,1400,1300",
				"products|" + strings.Join(both, "|") + ",ProductB,1400,1175,1250,1700,1550,1425,1125,1225",
				"products|" + strings.Join(both, "|") + ",ProductC,1650,1550,1375,1625,1275,1450,1475,1350"}},
		// Without a column split, one column per field, as stats names
		// them; the range() example's sum(sales) by quarter is 4250, 4150,
		// 3925, 4875, and the quotas add up to 3825, 4175, 4000, 3875.
		{name: "sum(*) by quarter", q: sales + ` | fields - products | chart sum(*) BY quarter`,
			cols: []string{"(fields)", "sum(sales)", "sum(quota)"},
			want: []string{"quarter|sum(sales)|sum(quota),4250,3825", "quarter|sum(sales)|sum(quota),4150,4175",
				"quarter|sum(sales)|sum(quota),3925,4000", "quarter|sum(sales)|sum(quota),4875,3875"}},
		// The range() example's range(sales) column, by a pattern that
		// matches sales alone.
		{name: "range(s*)", q: sales + ` | chart range(s*) BY quarter`, cols: []string{"(fields)", "range(sales)"},
			want: []string{"quarter|range(sales),450", "quarter|range(sales),375", "quarter|range(sales),125", "quarter|range(sales),150"}},
		// "[AS <wc-field>]": the AS pattern names each field's column.
		{name: "AS total_*", q: sales + ` | fields - products | chart sum(*) AS total_* OVER quarter`, cols: []string{"(fields)"},
			want: []string{"quarter|total_sales|total_quota", "quarter|total_sales|total_quota", "quarter|total_sales|total_quota", "quarter|total_sales|total_quota"}},
		// count(*) counts each field's values; internal fields such as
		// _time are not matched (docs/SEMANTICS.md §6, as stats).
		{name: "count(*)", q: sales + ` | eval _time=0 | where quarter="QTR1" | chart count(*) BY quarter`, cols: []string{"(fields)", "count(products)", "count(sales)"},
			want: []string{"quarter|count(products)|count(sales)|count(quota),3,3"}},
	})
}

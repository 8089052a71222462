package engine

import "strings"

// AggSpec documents a statistical function for `spelunk help`: usage,
// description and runnable examples, as FuncSpec does for eval functions.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/statistical-and-charting-functions/statistical-and-charting-functions
type AggSpec struct {
	// Names are the function's names, the first the one documented.
	Names []string
	// Usage is the call syntax, e.g. "sum(<value>)".
	Usage string
	// Doc is a one-line description.
	Doc string
	// Category is the group of Splunk's reference: Aggregate, Event order,
	// Multivalue stats and chart, or Time.
	Category string
	// Examples run as tests and print in `spelunk help`.
	Examples []AggExample
}

// AggExample is a search and the value of Field in its one result row,
// worked out by hand ("" for null; multivalue results joined by newlines).
type AggExample struct {
	Search, Field, Want string
}

// ones is the rows the examples read: x is 1, 2, 3, 4, 5.
const ones = "| makeresults count=5 | streamstats count AS x"

type aggDoc struct {
	usage, category string
	examples        []AggExample
}

// aggDocs is keyed by the first name of each registered function.
var aggDocs = map[string]aggDoc{
	"count": {"count[(<value>)]", "Aggregate", []AggExample{
		{ones + " | stats count", "count", "5"},
		{ones + " | eval y=if(x>2, x, null()) | stats count(y)", "count(y)", "3"}}},
	"dc": {"dc(<value>) | distinct_count(<value>)", "Aggregate", []AggExample{
		{ones + " | eval y=x%2 | stats dc(y)", "dc(y)", "2"}}},
	"estdc": {"estdc(<value>)", "Aggregate", []AggExample{
		{ones + " | eval y=x%2 | stats estdc(y)", "estdc(y)", "2"}}},
	"estdc_error": {"estdc_error(<value>)", "Aggregate", []AggExample{
		{ones + " | stats estdc_error(x)", "estdc_error(x)", "0"}}},
	"values": {"values(<value>)", "Multivalue stats and chart", []AggExample{
		{ones + " | eval y=x%2 | stats values(y)", "values(y)", "0\n1"}}},
	"list": {"list(<value>)", "Multivalue stats and chart", []AggExample{
		{ones + " | eval y=x%2 | stats list(y)", "list(y)", "1\n0\n1\n0\n1"}}},
	"min": {"min(<value>)", "Aggregate", []AggExample{
		{ones + " | stats min(x)", "min(x)", "1"}}},
	"max": {"max(<value>)", "Aggregate", []AggExample{
		{ones + " | stats max(x)", "max(x)", "5"}}},
	"earliest": {"earliest(<value>)", "Time", []AggExample{
		{ones + " | eval _time=100-x | stats earliest(x)", "earliest(x)", "5"}}},
	"latest": {"latest(<value>)", "Time", []AggExample{
		{ones + " | eval _time=100-x | stats latest(x)", "latest(x)", "1"}}},
	"earliest_time": {"earliest_time(<value>)", "Time", []AggExample{
		{ones + " | eval _time=100-x | stats earliest_time(x)", "earliest_time(x)", "95"}}},
	"latest_time": {"latest_time(<value>)", "Time", []AggExample{
		{ones + " | eval _time=100-x | stats latest_time(x)", "latest_time(x)", "99"}}},
	"first": {"first(<value>)", "Event order", []AggExample{
		{ones + " | stats first(x)", "first(x)", "1"}}},
	"last": {"last(<value>)", "Event order", []AggExample{
		{ones + " | stats last(x)", "last(x)", "5"}}},
	"rate": {"rate(<value>)", "Time", []AggExample{
		{ones + " | eval _time=10*x, n=x*x | stats rate(n)", "rate(n)", "0.6"}}},
	"sum": {"sum(<value>)", "Aggregate", []AggExample{
		{ones + " | stats sum(x)", "sum(x)", "15"}}},
	"avg": {"avg(<value>) | mean(<value>)", "Aggregate", []AggExample{
		{ones + " | stats avg(x)", "avg(x)", "3"}}},
	"sumsq": {"sumsq(<value>)", "Aggregate", []AggExample{
		{ones + " | stats sumsq(x)", "sumsq(x)", "55"}}},
	"var": {"var(<value>)", "Aggregate", []AggExample{
		{ones + " | stats var(x)", "var(x)", "2.5"}}},
	"varp": {"varp(<value>)", "Aggregate", []AggExample{
		{ones + " | stats varp(x)", "varp(x)", "2"}}},
	"stdev": {"stdev(<value>)", "Aggregate", []AggExample{
		{"| makeresults count=3 | streamstats count AS x | eval y=2*x-1 | stats stdev(y)", "stdev(y)", "2"}}},
	"stdevp": {"stdevp(<value>)", "Aggregate", []AggExample{
		{"| makeresults count=2 | streamstats count AS x | eval y=2*x-1 | stats stdevp(y)", "stdevp(y)", "1"}}},
	"range": {"range(<value>)", "Aggregate", []AggExample{
		{ones + " | stats range(x)", "range(x)", "4"}}},
	"median": {"median(<value>)", "Aggregate", []AggExample{
		{ones + " | stats median(x)", "median(x)", "3"}}},
	"perc": {"perc<percentile>(<value>)", "Aggregate", []AggExample{
		{ones + " | stats perc50(x)", "perc50(x)", "3"}}},
	"p": {"p<percentile>(<value>)", "Aggregate", []AggExample{
		{ones + " | stats p50(x)", "p50(x)", "3"}}},
	"exactperc": {"exactperc<percentile>(<value>)", "Aggregate", []AggExample{
		{ones + " | stats exactperc50(x)", "exactperc50(x)", "3"}}},
	"upperperc": {"upperperc<percentile>(<value>)", "Aggregate", []AggExample{
		{ones + " | stats upperperc50(x)", "upperperc50(x)", "3"}}},
	"mode": {"mode(<value>)", "Aggregate", []AggExample{
		{ones + " | eval y=x%2 | stats mode(y)", "mode(y)", "1"}}},
}

// LookupAggregation returns the documentation of a statistical function,
// by any of its names; percentile functions also by a name with the
// percentile (p95).
func LookupAggregation(name string) (*AggSpec, bool) {
	name = strings.ToLower(name)
	if h, ok := helpOnlyAggs[name]; ok {
		return h, true
	}
	f, ok := aggFuncs[name]
	if !ok {
		if f, _, ok = lookupAgg(name); !ok {
			return nil, false
		}
	}
	d := aggDocs[f.names[0]]
	return &AggSpec{Names: f.names, Usage: d.usage, Doc: f.doc, Category: d.category, Examples: d.examples}, true
}

// helpOnlyAggs document functions of the Search Reference that are not
// plain statistical functions of every command: sparkline (stats and
// chart, sparkline.go) and the timechart and mstats ones (cmd_mstats.go
// computes rate_avg and rate_sum). Each Doc says where it runs.
var helpOnlyAggs = map[string]*AggSpec{
	"sparkline": {Names: []string{"sparkline"}, Usage: "sparkline(<stats-func>[, <span-length>])", Category: "Multivalue stats and chart",
		Doc:      `stats and chart only: the function per time bucket, exported as the multivalue "##__SPARKLINE__##" followed by one value per bucket; offline the buckets span the rows' _time range.`,
		Examples: []AggExample{{ones + " | eval _time=60*x | stats sparkline(count,2m)", "sparkline(count,2m)", "##__SPARKLINE__##\n1\n2\n2"}}},
	"per_second": {Names: []string{"per_second"}, Usage: "per_second(<value>)", Category: "Time",
		Doc:      "timechart only: the sum of the values in each bucket divided by the bucket's length in seconds.",
		Examples: []AggExample{{"| makeresults count=5 | streamstats count AS x | eval _time=0 | timechart span=1m per_second(x)", "per_second(x)", "0.25"}}},
	"per_minute": {Names: []string{"per_minute"}, Usage: "per_minute(<value>)", Category: "Time",
		Doc:      "timechart only: the sum of the values in each bucket divided by the bucket's length in minutes.",
		Examples: []AggExample{{"| makeresults count=5 | streamstats count AS x | eval _time=0 | timechart span=1m per_minute(x)", "per_minute(x)", "15"}}},
	"per_hour": {Names: []string{"per_hour"}, Usage: "per_hour(<value>)", Category: "Time",
		Doc:      "timechart only: the sum of the values in each bucket divided by the bucket's length in hours.",
		Examples: []AggExample{{"| makeresults count=5 | streamstats count AS x | eval _time=0 | timechart span=1m per_hour(x)", "per_hour(x)", "900"}}},
	"per_day": {Names: []string{"per_day"}, Usage: "per_day(<value>)", Category: "Time",
		Doc:      "timechart only: the sum of the values in each bucket divided by the bucket's length in days.",
		Examples: []AggExample{{"| makeresults count=5 | streamstats count AS x | eval _time=0 | timechart span=1m per_day(x)", "per_day(x)", "21600"}}},
	"rate_avg": {Names: []string{"rate_avg"}, Usage: "rate_avg(<metric_name>)", Category: "Time",
		Doc: "mstats only: the rate of each time series of a counter metric (a metric name with one set of dimension values), averaged."},
	"rate_sum": {Names: []string{"rate_sum"}, Usage: "rate_sum(<metric_name>)", Category: "Time",
		Doc: "mstats only: the rate of each time series of a counter metric (a metric name with one set of dimension values), summed."},
}

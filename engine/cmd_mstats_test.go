package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/value"
)

// metricsSource holds metric data points in both forms the readers give
// (metric_name with _value; metric_name:<name> fields), an event with no
// measurement and one whose value is not a number.
func metricsSource() *memSource {
	return &memSource{events: []value.Fields{
		row("_time", 0.0, "index", "m", "host", "a", "region", "east", "metric_name", "cpu", "_value", 10.0),
		row("_time", 40.0, "index", "m", "host", "a", "region", "east", "metric_name", "cpu", "_value", "30"),
		row("_time", 60.0, "index", "m", "host", "b", "region", "west", "metric_name", "cpu", "_value", 50.0),
		row("_time", 90.0, "index", "m", "host", "b", "region", "west", "metric_name:cpu", "70", "metric_name:mem", "4"),
		row("_time", 120.0, "index", "other", "host", "a", "metric_name", "cpu", "_value", 100.0),
		row("_time", 10.0, "index", "m", "host", "a", "_raw", "plain event", "user", "u"),
		row("_time", 15.0, "index", "m", "host", "a", "metric_name", "cpu", "_value", "n/a"),
	}}
}

// TestMstats: the expected rows are worked out by hand from the points
// above and the mstats page
// (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/mstats):
// a function of a metric name reads that metric's points, _value every
// point WHERE keeps, span= buckets _time.
func TestMstats(t *testing.T) {
	cases := []struct {
		name, q string
		want    []string
	}{
		{"a metric's average in an index", `| mstats avg(cpu) WHERE index=m`, []string{"avg(cpu)=40"}},
		{"_value with metric_name, by a dimension", `| mstats count(_value) AS n WHERE metric_name=cpu BY host`,
			[]string{"host=a n=3", "host=b n=2"}},
		{"events without a numeric measurement are not data points", `| mstats count(_value) AS n`, []string{"n=6"}},
		{"several metrics by region", `| mstats max(cpu) min(cpu) sum(mem) WHERE index=m BY region`,
			[]string{"region=east max(cpu)=30 min(cpu)=10 sum(mem)=", "region=west max(cpu)=70 min(cpu)=50 sum(mem)=4"}},
		{"span buckets _time, which comes first", `| mstats avg(_value) AS v WHERE index=m metric_name=cpu span=1m`,
			[]string{"_time=0 v=20", "_time=60 v=60"}},
		{"span with BY", `| mstats avg(cpu) WHERE index=m BY host span=1m`,
			[]string{"_time=0 host=a avg(cpu)=20", "_time=60 host=b avg(cpu)=60"}},
		{"a wildcard metric name runs once per metric", `| mstats avg(*) WHERE index=m host=b`,
			[]string{"avg(cpu)=60 avg(mem)=4"}},
		{"a wildcard with AS names each result", `| mstats max(c*) AS top_* WHERE index=m`, []string{"top_pu=70"}},
		{"latest and earliest", `| mstats latest(cpu) earliest(cpu) WHERE index=m BY host`,
			[]string{"host=a latest(cpu)=30 earliest(cpu)=10", "host=b latest(cpu)=70 earliest(cpu)=50"}},
		{"rate of a counter", `| mstats rate(cpu) WHERE index=m host=a`, []string{"rate(cpu)=0.5"}},
		// rate_avg and rate_sum (Search Reference, Time functions): the
		// rate of each time series, host a's (30-10)/40 and host b's
		// (70-50)/30, averaged or summed.
		{"rate_avg over time series", `| mstats rate_avg(cpu) WHERE index=m`, []string{"rate_avg(cpu)=0.5833333333333333"}},
		{"rate_sum over time series", `| mstats rate_sum(cpu) AS r WHERE index=m`, []string{"r=1.1666666666666665"}},
		{"rate_avg by a dimension", `| mstats rate_avg(cpu) WHERE index=m BY host`, []string{"host=a rate_avg(cpu)=0.5", "host=b rate_avg(cpu)=0.6666666666666666"}},
		{"perc50", `| mstats perc50(_value) AS p WHERE metric_name=cpu`, []string{"p=50"}},
		{"time modifiers filter points", `| mstats count(cpu) AS n WHERE earliest=60`, []string{"n=3"}},
		{"fillnull_value fills a missing dimension", `| mstats fillnull_value=none count(cpu) AS n BY region`,
			[]string{"region=east n=2", "region=none n=1", "region=west n=2"}},
		// prestats: "a Splunk internal format that is designed to be
		// consumed by commands that generate aggregate calculations";
		// the aggregating command after it gives the answer.
		{"prestats feeds timechart", `| mstats prestats=t avg(cpu) WHERE index=m span=1m | timechart span=1m avg(cpu)`,
			[]string{"_time=0 avg(cpu)=20", "_time=60 avg(cpu)=60"}},
		{"prestats feeds stats", `| mstats prestats=t count(_value) WHERE metric_name=cpu BY host | stats count(_value) AS n BY host`,
			[]string{"host=a n=3", "host=b n=2"}},
		{"no point matches: one row without BY", `| mstats count(disk) AS n WHERE index=m`, []string{"n=0"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, metricsSource(), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestMstatsRefused(t *testing.T) {
	for _, tc := range []struct{ q, want string }{
		{`| mstats prestats=maybe avg(cpu)`, "mstats prestats=maybe: expected a Boolean"},
		{`| mstats append=true avg(cpu)`, "mstats append=true is not supported yet"},
		{`| mstats chart=t avg(cpu) span=1m`, "mstats chart=true is not supported yet"},
		{`| mstats chart.limit=5 avg(cpu)`, "chart.limit is a chart=true option"},
		{`| mstats count`, "mstats count needs a metric name or _value"},
		{`| mstats avg(cpu) BY host*`, "mstats BY fields cannot hold wildcards"},
		{`| mstats avg(cpu) BY host span=fortnight`, "mstats span=fortnight"},
	} {
		_, err := runQuery(t, metricsSource(), tc.q)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.q, err, tc.want)
		}
	}
}

// TestMstatsPruned: partitions of events are ruled out by a WHERE clause
// only when it holds for a point exactly when it holds for its event;
// metric_name names the point's metric, which an event of
// metric_name:<name> fields does not hold as such.
func TestMstatsPruned(t *testing.T) {
	cases := []struct {
		q       string
		want    []string
		skipped int
	}{
		{`| mstats count(cpu) AS n WHERE index=m`, []string{"n=4"}, 1},
		{`| mstats count(cpu) AS n WHERE region=west`, []string{"n=2"}, 5},
		{`| mstats count(_value) AS n WHERE metric_name=cpu`, []string{"n=5"}, 0},
		{`| mstats count(_value) AS n WHERE index=m OR "plain"`, []string{"n=5"}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.q, func(t *testing.T) {
			src := &prunedSource{memSource: metricsSource()}
			res, err := runQuery(t, src, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if src.skipped != tc.skipped {
				t.Errorf("skipped %d events, want %d", src.skipped, tc.skipped)
			}
		})
	}
}

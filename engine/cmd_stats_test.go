package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/value"
)

// statsRows: newest first, as a search returns events. Row 3 has a
// non-numeric bytes, row 4 no user, row 5 a multivalue host, row 6 no
// host.
func statsRows() *memSource {
	return &memSource{events: []value.Fields{
		row("_time", 400, "host", "a", "bytes", "10", "user", "u1"),
		row("_time", 300, "host", "b", "bytes", "20", "user", "u2"),
		row("_time", 200, "host", "a", "bytes", "x", "user", "u1"),
		row("_time", 100, "host", "a", "bytes", "30"),
		row("_time", 50, "host", []string{"c", "a"}, "bytes", "5", "user", "u3"),
		row("_time", 10, "bytes", "7", "user", "u1"),
	}}
}

func numRows(vals ...string) *memSource {
	src := &memSource{}
	for _, v := range vals {
		src.events = append(src.events, row("n", v))
	}
	return src
}

func TestStatsFamily(t *testing.T) {
	cases := []struct {
		name string
		src  *memSource
		q    string
		want []string
	}{
		{"group, sort, multivalue BY counts toward each value, null BY dropped", statsRows(),
			`* | stats count sum(bytes) avg(bytes) by host`,
			[]string{"host=a count=4 sum(bytes)=45 avg(bytes)=15", "host=b count=1 sum(bytes)=20 avg(bytes)=20", "host=c count=1 sum(bytes)=5 avg(bytes)=5"}},
		{"no BY over no rows gives one row", statsRows(),
			`* | where x=1 | stats count dc(user) values(user)`,
			[]string{"count=0 dc(user)=0 values(user)="}},
		{"BY over no rows gives none", statsRows(),
			`* | where x=1 | stats count by host`, nil},
		{"dc, values, list", statsRows(),
			`* | stats dc(user) values(user) list(user) by host`,
			[]string{"host=a dc(user)=2 values(user)=u1|u3 list(user)=u1|u1|u3", "host=b dc(user)=1 values(user)=u2 list(user)=u2", "host=c dc(user)=1 values(user)=u3 list(user)=u3"}},
		{"order and time functions", statsRows(),
			`* | stats min(bytes) max(bytes) range(bytes) median(bytes) mode(user) first(bytes) last(bytes) earliest(bytes) latest(bytes) earliest_time(user) latest_time(user)`,
			[]string{"min(bytes)=5 max(bytes)=30 range(bytes)=25 median(bytes)=10 mode(user)=u1 first(bytes)=10 last(bytes)=7 earliest(bytes)=7 latest(bytes)=10 earliest_time(user)=10 latest_time(user)=400"}},
		{"variance family", numRows("2", "4", "4", "4", "5", "5", "7", "9"),
			`* | stats var(n) varp(n) stdev(n) stdevp(n) sumsq(n) sum(n) mean(n)`,
			[]string{"var(n)=4.571428571428571 varp(n)=4 stdev(n)=2.138089935299395 stdevp(n)=2 sumsq(n)=232 sum(n)=40 mean(n)=5"}},
		{"percentiles by nearest rank", numRows("10", "9", "8", "7", "6", "5", "4", "3", "2", "1"),
			`* | stats p50(n) perc95(n) exactperc25(n) upperperc75(n) median(n)`,
			[]string{"p50(n)=6 perc95(n)=10 exactperc25(n)=3 upperperc75(n)=8 median(n)=6"}},
		{"variance stays exact near 1e9", numRows("1000000001", "1000000002", "1000000003"),
			`* | stats var(n) varp(n) stdev(n) stdevp(n) avg(n)`,
			[]string{"var(n)=1 varp(n)=0.6666666666666666 stdev(n)=1 stdevp(n)=0.816496580927726 avg(n)=1000000002"}},
		{"stdev of one value is 0", numRows("3"), `* | stats stdev(n) var(n)`, []string{"stdev(n)=0 var(n)=0"}},
		{"numbers sort numerically in BY", numRows("10", "9", "100", "b", "A"), `* | stats count by n`,
			[]string{"n=9 count=1", "n=10 count=1", "n=100 count=1", "n=A count=1", "n=b count=1"}},
		{"allnum nulls a group with text", statsRows(), `* | stats allnum=t sum(bytes) count by host`,
			[]string{"host=a sum(bytes)= count=4", "host=b sum(bytes)=20 count=1", "host=c sum(bytes)=5 count=1"}},
		{"count(eval) counts where the predicate holds", statsRows(), `* | stats count(eval(user="u1")) AS n, values(eval(if(host="b", user, null()))) AS vb`,
			[]string{"n=3 vb=u2"}},
		{"dedup_splitvals", &memSource{events: []value.Fields{row("k", []string{"x", "x", "y"})}},
			`* | stats dedup_splitvals=t count by k`, []string{"k=x count=1", "k=y count=1"}},
		{"split values counted again by default", &memSource{events: []value.Fields{row("k", []string{"x", "x", "y"})}},
			`* | stats count by k`, []string{"k=x count=2", "k=y count=1"}},
		{"rate", &memSource{events: []value.Fields{row("_time", 110, "c", "70"), row("_time", 100, "c", "50")}},
			`* | stats rate(c) estdc(c) estdc_error(c)`, []string{"rate(c)=2 estdc(c)=2 estdc_error(c)=0"}},
		{"wildcard aggregation expands to each field met, internal and BY fields aside", statsRows(),
			`* | stats values(*) AS * by host`,
			[]string{"host=a bytes=10|30|5|x user=u1|u3", "host=b bytes=20 user=u2", "host=c bytes=5 user=u3"}},
		{"wildcard with prefix rename and without AS", statsRows(),
			`* | stats max(b*) AS max_b* dc(u*)`,
			[]string{"max_bytes=30 dc(user)=3"}},
		{"eventstats with a wildcard", statsRows(),
			`* | eventstats dc(*) AS n_* by host | table host n_user`,
			[]string{"host=a n_user=2", "host=b n_user=1", "host=a n_user=2", "host=a n_user=2", "host=c|a n_user=1", "host= n_user="}},
		{"eventstats adds group results to every row", statsRows(),
			`* | eventstats avg(bytes) AS avgb, count by host | table _time host avgb count`,
			[]string{"_time=400 host=a avgb=15 count=4", "_time=300 host=b avgb=20 count=1", "_time=200 host=a avgb=15 count=4",
				"_time=100 host=a avgb=15 count=4", "_time=50 host=c|a avgb=5 count=1", "_time=10 host= avgb= count="}},
		{"eventstats overwrites the field it names", statsRows(),
			`* | eventstats max(bytes) AS bytes | table bytes`,
			[]string{"bytes=30", "bytes=30", "bytes=30", "bytes=30", "bytes=30", "bytes=30"}},
		{"streamstats count by", statsRows(), `* | streamstats count AS n by host | table host n`,
			[]string{"host=a n=1", "host=b n=1", "host=a n=2", "host=a n=3", "host=c|a n=1", "host= n="}},
		{"streamstats current=f", statsRows(), `* | streamstats current=f count AS n | table n`,
			[]string{"n=0", "n=1", "n=2", "n=3", "n=4", "n=5"}},
		{"streamstats window", statsRows(), `* | streamstats window=2 sum(bytes) AS s | table s`,
			[]string{"s=10", "s=30", "s=20", "s=30", "s=35", "s=12"}},
		{"streamstats window per group", statsRows(), `* | streamstats window=2 global=f sum(bytes) AS s by host | table host s`,
			[]string{"host=a s=10", "host=b s=20", "host=a s=10", "host=a s=30", "host=c|a s=5", "host= s="}},
		{"streamstats reset_on_change", statsRows(), `* | streamstats reset_on_change=t count AS n by host | table n`,
			[]string{"n=1", "n=1", "n=1", "n=2", "n=1", "n="}},
		{"streamstats time_window", statsRows(), `* | streamstats time_window=150s count AS n | table n`,
			[]string{"n=1", "n=2", "n=2", "n=2", "n=2", "n=3"}},
		{"streamstats reset_after", statsRows(), `* | streamstats reset_after="(user==\"u2\")" count AS n | table n`,
			[]string{"n=1", "n=2", "n=1", "n=2", "n=3", "n=4"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, tc.src, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestStatsErrors(t *testing.T) {
	cases := []struct{ q, want string }{
		{`* | stats count(eval(user="u1"))`, `stats: count(eval(...)) needs a name: add AS <field>`},
		{`* | stats avg`, `avg needs a field, e.g. avg(user)`},
		{`* | stats vals(user)`, `unknown or unsupported statistical function "vals"`},
		{`* | streamstats avg(*delay)`, `streamstats: wildcard fields in avg(*delay) are not supported; name the fields`},
		{`* | stats avg(*delay) AS a*b*`, `stats: *delay and a*b* have different numbers of wildcards`},
		{`* | stats first(host) AS a, last(host) AS a`, `stats: the output field "a" is named twice; rename one with AS`},
		{`* | streamstats window=x count`, `streamstats: window=x must be a whole number of results (0 for all)`},
	}
	for _, tc := range cases {
		_, err := runQuery(t, statsRows(), tc.q)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.q, err, tc.want)
		}
	}
}

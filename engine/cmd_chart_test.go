package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/value"
)

func binRows() *memSource {
	return &memSource{events: []value.Fields{
		row("_time", 3725, "n", "25", "host", "a"),
		row("_time", 4200, "n", "7", "host", "b"),
		row("_time", 90000, "n", "-5", "host", "a"),
		row("_time", 100, "n", "x"),
	}}
}

func topRows() *memSource {
	return &memSource{events: []value.Fields{
		row("user", "u1", "host", "h1"), row("user", "u1", "host", "h1"), row("user", "u2", "host", "h1"),
		row("user", "u1", "host", "h2"), row("user", "u2", "host", "h2"), row("user", "u3", "host", "h2"),
		row("host", "h1"),
	}}
}

func TestBinChartTop(t *testing.T) {
	cases := []struct {
		name string
		src  *memSource
		q    string
		want []string
	}{
		{"bin span=5m _time", binRows(), `* | bin span=5m _time | table _time`,
			[]string{"_time=3600", "_time=4200", "_time=90000", "_time=0"}},
		{"bucket with AS, days at midnight", binRows(), `* | bucket _time span=1d AS day | table _time day`,
			[]string{"_time=3725 day=0", "_time=4200 day=0", "_time=90000 day=86400", "_time=100 day=0"}},
		{"numeric span makes ranges", binRows(), `* | bin span=10 n | table n`,
			[]string{"n=20-30", "n=0-10", "n=-10-0", "n=x"}},
		{"bins picks a power of ten", binRows(), `* | bin bins=10 n | table n`,
			[]string{"n=20-30", "n=0-10", "n=-10-0", "n=x"}},
		{"aligntime", binRows(), `* | bin span=1h aligntime=1800 _time | table _time`,
			[]string{"_time=1800", "_time=1800", "_time=88200", "_time=-1800"}},
		{"timechart by with NULL series", binRows(), `* | timechart span=1h cont=f count by host`,
			[]string{"_time=0 a=0 b=0 NULL=1", "_time=3600 a=1 b=1 NULL=0", "_time=90000 a=1 b=0 NULL=0"}},
		{"timechart limit and OTHER", binRows(), `* | timechart span=1h cont=f limit=1 count by host`,
			[]string{"_time=0 a=0 NULL=1 OTHER=0", "_time=3600 a=1 NULL=0 OTHER=1", "_time=90000 a=1 NULL=0 OTHER=0"}},
		{"timechart fills empty buckets", binRows(), `* | where _time<5000 | timechart span=30m count`,
			[]string{"_time=0 count=1", "_time=1800 count=0", "_time=3600 count=2"}},
		{"timechart several functions", binRows(), `* | timechart span=1d cont=f count max(n) by host usenull=f`,
			[]string{"_time=0 count: a=1 count: b=1 max(n): a=25 max(n): b=7", "_time=86400 count: a=1 count: b=0 max(n): a=-5 max(n): b="}},
		{"chart by one field", binRows(), `* | chart count by host`,
			[]string{"host=a count=2", "host=b count=1"}},
		{"chart over by", binRows(), `* | chart count over n by host`,
			[]string{"n=-5 a=1 b=0 NULL=0", "n=7 a=0 b=1 NULL=0", "n=25 a=1 b=0 NULL=0", "n=x a=0 b=0 NULL=1"}},
		{"top", topRows(), `* | top user`,
			[]string{"user=u1 count=3 percent=50.000000", "user=u2 count=2 percent=33.333333", "user=u3 count=1 percent=16.666667"}},
		{"top useother", topRows(), `* | top limit=1 useother=t user`,
			[]string{"user=u1 count=3 percent=50.000000", "user=OTHER count=3 percent=50.000000"}},
		{"top N countfield showperc", topRows(), `* | top 2 showperc=f countfield=c user`,
			[]string{"user=u1 c=3", "user=u2 c=2"}},
		// Ties in descending text order (top page, "Lexicographic order
		// of results").
		{"top by, ties in descending value order", topRows(), `* | top user by host`,
			[]string{"host=h1 user=u1 count=2 percent=66.666667", "host=h1 user=u2 count=1 percent=33.333333",
				"host=h2 user=u3 count=1 percent=33.333333", "host=h2 user=u2 count=1 percent=33.333333", "host=h2 user=u1 count=1 percent=33.333333"}},
		{"rare", topRows(), `* | rare user`,
			[]string{"user=u3 count=1 percent=16.666667", "user=u2 count=2 percent=33.333333", "user=u1 count=3 percent=50.000000"}},
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

// TestChartWildcardRanking pins the choice docs/SEMANTICS.md records as
// Unconfirmed: with a wildcard first function, limit= ranks the series by
// the first field it matched (a here: h2's 5 beats h3's 3 and h1's 1,
// though h1 leads by b).
func TestChartWildcardRanking(t *testing.T) {
	data := `| makeresults format=csv data="k,host,a,b
x,h1,1,100
x,h2,5,1
x,h3,3,1"`
	runCmdCases(t, []cmdCase{
		{name: "limit=1", q: data + ` | chart sum(*) over k by host limit=1`,
			cols: []string{"(fields)", "sum(a): h2", "sum(a): OTHER", "sum(b): h2", "sum(b): OTHER"},
			want: []string{"k|sum(a): h2|sum(a): OTHER|sum(b): h2|sum(b): OTHER,5,4,1,101"}},
		{name: "where sum in top1", q: data + ` | chart sum(*) over k by host where sum in top1`,
			cols: []string{"sum(a): h2", "sum(b): OTHER"}, want: []string{"5,101"}},
	})
}

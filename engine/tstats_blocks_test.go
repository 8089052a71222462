package engine

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// blockDataset gives a memDataset's rows as blocks of size rows, each
// numbering its own values (as a row group numbers its dictionary), the
// rows of every oddEvery-th (and those whose _time is not the number
// Times gives) left to Row.
type blockDataset struct {
	*memDataset
	size, oddEvery int
	blocks         *int // blocks handed over
}

func (d blockDataset) ScanBlocks(ctx context.Context, req BlockScan, fn func(*Block) error) error {
	for lo := 0; lo < len(d.rows); lo += d.size {
		rows := d.rows[lo:min(lo+d.size, len(d.rows))]
		b := &Block{N: len(rows), Times: make([]float64, len(rows)), Odd: make([]bool, len(rows))}
		for r, row := range rows {
			b.Times[r] = rowTime(row)
			tv := row.Get("_time")
			b.Odd[r] = (!tv.IsNull() && tv != value.Num(b.Times[r])) || (d.oddEvery > 0 && (lo+r)%d.oddEvery == 0)
		}
		for _, f := range req.Fields {
			ids := make([]int32, len(rows))
			var dict []value.Value
			for r, row := range rows {
				v := row.Get(f)
				ids[r] = -1
				if v.IsNull() {
					continue
				}
				ids[r] = int32(slices.IndexFunc(dict, func(x value.Value) bool {
					return x == v || value.Equal(x, v) && x.Kind() == v.Kind() && x.String() == v.String()
				}))
				if ids[r] < 0 {
					ids[r] = int32(len(dict))
					dict = append(dict, v)
				}
			}
			b.Cols, b.Dicts = append(b.Cols, ids), append(b.Dicts, dict)
		}
		b.Row = func(r int, buf value.Fields) (value.Fields, error) {
			buf = buf[:0]
			for _, f := range rows[r] {
				if f.Name == "_time" || slices.Contains(req.Fields, f.Name) {
					buf = append(buf, f)
				}
			}
			return buf, nil
		}
		*d.blocks++
		if err := fn(b); err != nil {
			return err
		}
	}
	return nil
}

// Grouping by blocks gives what grouping rows one by one gives: null and
// missing BY values (no group, or the fill value's), multivalues (a group
// per value), the case of values (groups are by exact text), numbers and
// their text, where clauses, and the aggregations over columns and
// _time. The wants are worked out from the tstats and stats pages (a
// null BY value makes no group, a multivalue one a group per value; dc
// and values count and list distinct text, values sorted; max is numeric
// when some value is a number; NOT f IN (...) keeps rows without f), as
// in TestColumnarGroupingSame.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/tstats
func TestBlockGroupingSame(t *testing.T) {
	rows := []value.Fields{
		row("_time", 100.0, "dest", "a", "user", "u1", "n", 5),
		row("_time", 200.0, "dest", "b", "user", "u1", "n", "5"),
		row("_time", 300.0, "dest", "a", "user", "u2"),
		row("_time", 50.0, "dest", "a", "n", 7),
		row("_time", 400.0, "dest", "c", "user", []string{"u1", "u2"}),
		row("_time", 10.0, "user", "u3"),
		row("_time", 20.0, "dest", "A", "user", "U1", "n", 5),
		row("dest", "b", "user", "u1", "n", 6),
		row("_time", "late", "dest", "c", "user", "u3"),
	}
	const from = ` from datamodel=Endpoint.Processes `
	cases := []struct {
		name, q string
		want    []string // nil: only the ways compared
	}{
		{"aggregations", `| tstats count dc(Processes.user) as du values(Processes.user) as users min(_time) as first max(_time) as last` + from + `by Processes.dest`, []string{
			"Processes.dest=A count=1 du=1 users=U1 first=20 last=20",
			"Processes.dest=a count=3 du=2 users=u1|u2 first=50 last=300",
			"Processes.dest=b count=2 du=1 users=u1 first=200 last=200",
			"Processes.dest=c count=2 du=3 users=u1|u2|u3 first=400 last=400"}},
		{"numbers and text", `| tstats count` + from + `by Processes.n`, []string{"Processes.n=5 count=3", "Processes.n=6 count=1", "Processes.n=7 count=1"}},
		{"multivalue", `| tstats count` + from + `by Processes.user`, []string{
			"Processes.user=U1 count=1", "Processes.user=u1 count=4", "Processes.user=u2 count=2", "Processes.user=u3 count=2"}},
		{"null BY", `| tstats count` + from + `by Processes.dest Processes.n`, []string{
			"Processes.dest=A Processes.n=5 count=1", "Processes.dest=a Processes.n=5 count=1", "Processes.dest=a Processes.n=7 count=1",
			"Processes.dest=b Processes.n=5 count=1", "Processes.dest=b Processes.n=6 count=1"}},
		{"fill", `| tstats fillnull_value=zz count` + from + `by Processes.dest`, []string{
			"Processes.dest=A count=1", "Processes.dest=a count=3", "Processes.dest=b count=2", "Processes.dest=c count=2", "Processes.dest=zz count=1"}},
		{"fill null", `| tstats fillnull_value=null count` + from + `by Processes.dest Processes.n`, nil},
		{"fill spelled by a value", `| tstats fillnull_value=a count` + from + `by Processes.dest`, []string{
			"Processes.dest=A count=1", "Processes.dest=a count=4", "Processes.dest=b count=2", "Processes.dest=c count=2"}},
		{"missing field", `| tstats count` + from + `by Processes.nope`, nil},
		{"missing field filled", `| tstats fillnull_value=x count sum(Processes.nope)` + from + `by Processes.nope`, []string{"Processes.nope=x count=9 sum(Processes.nope)="}},
		{"where", `| tstats count` + from + `where Processes.dest=a by Processes.dest Processes.n`, []string{
			"Processes.dest=A Processes.n=5 count=1", "Processes.dest=a Processes.n=5 count=1", "Processes.dest=a Processes.n=7 count=1"}},
		{"where case-sensitive", `| tstats count` + from + `where Processes.dest=CASE(a) by Processes.dest`, []string{"Processes.dest=a count=3"}},
		{"where not in", `| tstats count` + from + `where NOT Processes.user IN (u1, u3) by Processes.dest`, []string{"Processes.dest=a count=2"}},
		{"where time", `| tstats count` + from + `where earliest=60 by Processes.dest`, nil},
		{"numbers", `| tstats sum(Processes.n) avg(Processes.n) min(Processes.n) max(Processes.n) dc(Processes.n) values(Processes.n)` + from + `by Processes.user`, nil},
		{"numbers by blocks", `| tstats min(Processes.n) max(Processes.n) dc(Processes.n) values(Processes.n) count(Processes.n)` + from + `by Processes.user`, nil},
		{"no BY", `| tstats count min(_time) max(_time)` + from, []string{"count=9 min(_time)=10 max(_time)=400"}},
		{"no rows", `| tstats count` + from + `where Processes.dest=zzz`, []string{"count=0"}},
		{"no rows by", `| tstats count` + from + `where Processes.dest=zzz by Processes.dest`, nil},
		{"order-dependent", `| tstats first(Processes.user) last(Processes.user) count` + from + `by Processes.dest`, nil},
		// Buckets aligned to the epoch under a day (bin's rule); a row
		// without _time makes no group, one whose _time is text keeps it.
		{"span", `| tstats count` + from + `by _time span=100s Processes.dest`, []string{
			"_time=0 Processes.dest=A count=1", "_time=0 Processes.dest=a count=1", "_time=100 Processes.dest=a count=1",
			"_time=200 Processes.dest=b count=1", "_time=300 Processes.dest=a count=1", "_time=400 Processes.dest=c count=1",
			"_time=late Processes.dest=c count=1"}},
		{"span first", `| tstats count min(_time) as first max(_time) as last` + from + `by _time span=1h`, nil},
		{"span of days", `| tstats dc(Processes.user) values(Processes.n)` + from + `by Processes.dest _time span=1d`, nil},
		{"span filled", `| tstats fillnull_value=zz count` + from + `by _time span=60s Processes.user`, nil},
		{"span multivalue", `| tstats count` + from + `by Processes.user _time span=200s`, nil},
		{"span where", `| tstats count max(_time)` + from + `where Processes.user=u* by _time span=100s Processes.dest`, nil},
		{"span where time", `| tstats count` + from + `where earliest=60 Processes.dest!=c by _time span=100s`, nil},
		{"span order-dependent", `| tstats first(Processes.user)` + from + `by _time span=100s`, nil},
		{"time without span", `| tstats count` + from + `by _time Processes.dest`, nil},
	}
	// The cases grouped by rows even with blocks: the rows' order (a
	// sum of floats too), _time without buckets.
	byRows := map[string]bool{"order-dependent": true, "span order-dependent": true, "numbers": true, "missing field filled": true,
		"time without span": true}
	defer SetBlockGrouping(true)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			plain, err := runQuery(t, &oneDataset{ds: &memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}}, c.q)
			if err != nil {
				t.Fatalf("%s: %v", c.q, err)
			}
			if c.want != nil {
				if diff := cmp.Diff(c.want, table(plain)); diff != "" {
					t.Errorf("%s, plain (-want +got):\n%s", c.q, diff)
				}
			}
			for _, size := range []int{1, 2, 4, 100} {
				for _, odd := range []int{0, 3} {
					for _, on := range []bool{false, true} {
						SetBlockGrouping(on)
						blocks := 0
						ds := blockDataset{&memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}, size, odd, &blocks}
						res, err := runQuery(t, &oneDataset{ds: ds}, c.q)
						if err != nil {
							t.Fatalf("%s: %v", c.q, err)
						}
						if diff := cmp.Diff(table(plain), table(res), cmpopts.EquateEmpty()); diff != "" {
							t.Errorf("%s, blocks of %d, odd %d, on %v (-rows +blocks):\n%s", c.q, size, odd, on, diff)
						}
						if used := blocks > 0; used != (on && !byRows[c.name]) {
							t.Errorf("%s: blocks read %v, grouping by blocks %v", c.q, used, on)
						}
					}
				}
			}
		})
	}
}

// FuzzTstatsBlocks runs searches over a dataset read as rows and by
// blocks (of two rows, every third row left to Row), as FuzzTstatsColumnar
// does by columns: the results must be the same.
func FuzzTstatsBlocks(f *testing.F) {
	const dm = ` from datamodel=Endpoint.Processes `
	for _, q := range []string{
		`| tstats count` + dm + `by Processes.dest Processes.user`,
		`| tstats count dc(Processes.user) as du values(Processes.process) as p min(_time) as first max(_time) as last` + dm + `by Processes.dest`,
		`| tstats fillnull_value=none count` + dm + `by Processes.user Processes.n`,
		`| tstats count values(_time)` + dm + `where NOT Processes.user IN ("", "unknown") by Processes.process_name`,
		`| tstats count min(Processes.n) max(Processes.n)` + dm + `by Processes.n Processes.dest`,
		`| tstats count` + dm + `where Processes.process_name=cmd* by Processes.process_name Processes.dest`,
		`| tstats count min(_time) as firstTime max(_time) as lastTime` + dm + `by _time span=1h Processes.dest`,
		`| tstats fillnull_value=x dc(Processes.user)` + dm + `where Processes.user!=alice by Processes.user _time span=30m`,
	} {
		f.Add(q)
	}
	rows := []value.Fields{
		row("_time", 1700000000.0, "dest", "a", "user", "alice", "process_name", "cmd.exe", "process", "cmd /c whoami", "n", 5),
		row("_time", 1700000100.0, "dest", "b", "user", "Alice", "process_name", "CMD.EXE", "process", "cmd \u202e /c", "n", "5"),
		row("_time", 1700003600.0, "dest", "a", "user", []string{"bob", "carol"}, "process_name", "powershell.exe", "process", "powershell -enc x", "n", 7.5),
		row("_time", 1700007200.0, "dest", "c", "process_name", "net.exe", "process", "net user", "n", -1),
		row("dest", "a", "user", "unknown", "process_name", []string{"x.exe", "cmd.exe"}, "process", ""),
		row("_time", 1700000000.0, "user", "", "process_name", "cmd.exe", "process", "cmd /c dir"),
		{{Name: "_time", Value: value.NumPrec(1700000001, 3, 0)}, {Name: "dest", Value: value.Str("b")}, {Name: "n", Value: value.NumPrec(5, 1, 0)}},
		row("_time", "1700000002", "dest", "a", "user", "alice", "n", "05"),
	}
	plain := &oneDataset{ds: &memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}}
	blocks := 0
	byBlocks := &oneDataset{ds: blockDataset{&memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}, 2, 3, &blocks}}
	f.Fuzz(func(t *testing.T, q string) {
		if strings.Contains(q, "random") || strings.Contains(q, "now(") {
			return
		}
		p, err := spl.Parse(q)
		if err != nil {
			return
		}
		opts := func() Options {
			lim := DefaultLimits()
			lim.MaxResults, lim.MvexpandMaxBytes = 200, 1<<20
			return Options{TZ: time.UTC, Now: time.Unix(1700000000, 0), Limits: &lim}
		}
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		defer cancel()
		a, errA := Run(ctx, p, plain, opts())
		b, errB := Run(ctx, p, byBlocks, opts())
		if errA != nil || errB != nil {
			return
		}
		if diff := cmp.Diff(table(a), table(b), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("%s: rows vs blocks (-rows +blocks):\n%s", q, diff)
		}
	})
}

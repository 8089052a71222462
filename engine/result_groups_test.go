package engine

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// TestCompactSameAsRows runs searches with and without Options.Compact,
// over a dataset read as rows and by blocks: the compact result, read row
// by row in one reused buffer and materialized, must be the rows.
func TestCompactSameAsRows(t *testing.T) {
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
		max     int  // Limits.MaxResults; 0: the default
		compact bool // whether the result is left compact
	}{
		{"aggregations", `| tstats count dc(Processes.user) as du values(Processes.user) as users min(_time) as first max(_time) as last` + from + `by Processes.dest`, 0, true},
		{"numbers and text", `| tstats count` + from + `by Processes.n`, 0, true},
		{"multivalue", `| tstats count` + from + `by Processes.user`, 0, true},
		{"null BY", `| tstats count` + from + `by Processes.dest Processes.n`, 0, true},
		{"fill", `| tstats fillnull_value=zz count` + from + `by Processes.dest`, 0, true},
		{"fill null", `| tstats fillnull_value=null count` + from + `by Processes.dest Processes.n`, 0, true},
		{"fill spelled by a value", `| tstats fillnull_value=a count` + from + `by Processes.dest`, 0, true},
		{"missing field", `| tstats count` + from + `by Processes.nope`, 0, false},
		{"missing field filled", `| tstats fillnull_value=x count sum(Processes.nope)` + from + `by Processes.nope`, 0, true},
		{"where", `| tstats count` + from + `where Processes.dest=a by Processes.dest Processes.n`, 0, true},
		{"where not in", `| tstats count` + from + `where NOT Processes.user IN (u1, u3) by Processes.dest`, 0, true},
		{"numbers", `| tstats sum(Processes.n) avg(Processes.n) min(Processes.n) max(Processes.n) dc(Processes.n) values(Processes.n)` + from + `by Processes.user`, 0, true},
		{"no BY", `| tstats count min(_time) max(_time)` + from, 0, true},
		{"no rows", `| tstats count` + from + `where Processes.dest=zzz`, 0, true},
		{"no rows by", `| tstats count` + from + `where Processes.dest=zzz by Processes.dest`, 0, false},
		{"order-dependent", `| tstats first(Processes.user) last(Processes.user) count` + from + `by Processes.dest`, 0, true},
		{"span", `| tstats count` + from + `by _time span=100s Processes.dest`, 0, true},
		{"same name twice", `| tstats count as Processes.dest` + from + `by Processes.dest`, 0, false},
		{"more than kept", `| tstats count` + from + `by Processes.dest`, 2, false},
		{"as many as kept", `| tstats count` + from + `by Processes.dest`, 4, true},
		{"a command after", `| tstats count` + from + `by Processes.dest | eval x=1`, 0, false},
		{"a format after", `| tstats count` + from + `by Processes.dest | fieldformat count=count*2`, 0, false},
		{"in a subsearch", `| makeresults | append [| tstats count` + from + `by Processes.dest]`, 0, false},
	}
	defer SetBlockGrouping(true)
	// Groups are taken on two goroutines even when few.
	defer func(n int) { parallelSortMin = n }(parallelSortMin)
	parallelSortMin = 2
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, on := range []bool{false, true} {
				SetBlockGrouping(on)
				for _, size := range []int{1, 3, 100} {
					run := func(compact bool) *Result {
						var ds Dataset = &memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}
						if on {
							blocks := 0
							ds = blockDataset{ds.(*memDataset), size, 2, &blocks}
						}
						p, err := spl.Parse(c.q)
						if err != nil {
							t.Fatal(err)
						}
						opt := Options{TZ: time.UTC, Now: time.Unix(1700000000, 0), Compact: compact}
						if c.max > 0 {
							l := DefaultLimits()
							l.MaxResults = c.max
							opt.Limits = &l
						}
						res, err := Run(context.Background(), p, &oneDataset{ds: ds}, opt)
						if err != nil {
							t.Fatalf("%s: %v", c.q, err)
						}
						return res
					}
					plain, comp := run(false), run(true)
					if got := comp.Compact != nil; got != c.compact {
						t.Errorf("%s: compact %v, want %v", c.q, got, c.compact)
					}
					if comp.Len() != len(plain.Rows) {
						t.Fatalf("%s: Len %d, want %d", c.q, comp.Len(), len(plain.Rows))
					}
					var read []value.Fields
					var buf value.Fields
					for i := range comp.Len() {
						buf = comp.Row(i, buf)
						read = append(read, slices.Clone(buf))
					}
					if diff := cmp.Diff(plain.Columns, comp.Columns); diff != "" {
						t.Errorf("%s: columns (-rows +compact):\n%s", c.q, diff)
					}
					if diff := cmp.Diff(table(plain), table(&Result{Rows: read}), cmpopts.EquateEmpty()); diff != "" {
						t.Errorf("%s: blocks %v of %d, read by Row (-rows +compact):\n%s", c.q, on, size, diff)
					}
					for i, r := range read {
						// The same values, kinds and all, not only the same text.
						if !slices.EqualFunc(r, plain.Rows[i], sameField) {
							t.Errorf("%s: row %d is %v, want %v", c.q, i, r, plain.Rows[i])
						}
					}
					comp.Materialize()
					if diff := cmp.Diff(table(plain), table(comp), cmpopts.EquateEmpty()); diff != "" {
						t.Errorf("%s: blocks %v of %d, materialized (-rows +compact):\n%s", c.q, on, size, diff)
					}
				}
			}
		})
	}
}

// sameField reports whether two fields have the same name and value:
// kind and values (two multivalues made apart are not ==).
func sameField(a, b value.Field) bool {
	return a.Name == b.Name && a.Value.Kind() == b.Value.Kind() && slices.Equal(a.Value.Strings(), b.Value.Strings())
}

// TestEmitGroupsInChunks runs tstats searches whose groups go to stages
// that drop, remake, reorder or count rows, their rows handed on in
// chunks of a few groups: the results must be those of one push.
func TestEmitGroupsInChunks(t *testing.T) {
	var rows []value.Fields
	for i := range 60 {
		r := row("_time", float64(1700000000+i*700), "dest", fmt.Sprintf("h%d", i%7), "user", fmt.Sprintf("u%d", i%5), "n", i%4)
		if i%9 == 0 {
			r = append(r, value.Field{Name: "tag", Value: value.Strs("a", "b")})
		}
		rows = append(rows, r)
	}
	const from = ` from datamodel=Endpoint.Processes `
	queries := []string{
		`| tstats count` + from + `by Processes.dest Processes.user`,
		`| tstats count min(_time) as first` + from + `by _time span=4h Processes.dest | rename Processes.* as * | eval big=if(count>1, 1, 0) | where big=1`,
		`| tstats count` + from + `by Processes.dest Processes.user Processes.n | head 7`,
		`| tstats count` + from + `by Processes.user Processes.dest | streamstats count as k | dedup Processes.dest`,
		`| tstats count` + from + `by Processes.user Processes.dest | eventstats sum(count) as total | sort - Processes.dest`,
		`| tstats count` + from + `by Processes.dest Processes.tag | stats count by Processes.tag`,
		`| tstats count` + from + `by Processes.dest | join Processes.dest [| tstats dc(Processes.user) as du` + from + `by Processes.dest Processes.n | search Processes.n>1]`,
		`| makeresults | append [| tstats count` + from + `by Processes.user Processes.n | tail 3]`,
	}
	src := &oneDataset{ds: &memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}}
	defer func(n int) { emitChunk = n }(emitChunk)
	for _, q := range queries {
		emitChunk = 1 << 30
		want, err := runQuery(t, src, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for _, n := range []int{1, 3, 8} {
			emitChunk = n
			got, err := runQuery(t, src, q)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			if diff := cmp.Diff(table(want), table(got), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s, chunks of %d (-one push +chunks):\n%s", q, n, diff)
			}
		}
		if len(want.Rows) == 0 {
			t.Errorf("%s: no rows", q)
		}
	}
}

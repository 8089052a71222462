package engine

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// workerBlocks hands a blockDataset's blocks over as if several
// goroutines made them (Block.Worker), and their entries as Texts when
// asked and every entry of a column is one string, as a summary does.
type workerBlocks struct {
	blockDataset
	workers int
}

func (d workerBlocks) ScanBlocks(ctx context.Context, req BlockScan, fn func(*Block) error) error {
	i := 0
	return d.blockDataset.ScanBlocks(ctx, req, func(b *Block) error {
		b.Worker = i % d.workers
		i++
		if req.Texts {
			texts := make([][]string, len(b.Dicts))
			for c, dict := range b.Dicts {
				texts[c] = []string{}
				for _, v := range dict {
					if v.Kind() != value.KindString {
						return fn(b)
					}
					texts[c] = append(texts[c], v.String())
				}
			}
			b.Texts, b.Dicts = texts, nil
		}
		return fn(b)
	})
}

// flatRowsOf makes n rows of string values drawn from small sets: case
// variants, texts that read as numbers ("9" sorts before "10"), numbers
// spelled two ways (1 and 1.0 compare equal), text and numbers in one
// field, CSV's special characters, missing fields and times.
func flatRowsOf(n int, seed uint64) []value.Fields {
	r := rand.New(rand.NewPCG(seed, 1))
	dests := []string{"a", "A", "b", "ws-1", "ws-10", "ws-9", `q"uote`, "com,ma", " lead", "", "c\nd"}
	users := []string{"u1", "U1", "u2", `CORP\bob`, "9", "10", "1a", "x"}
	nums := []string{"1", "1.0", "2", "10", "-3", "0"}
	pick := func(set []string) string { return set[r.IntN(len(set))] }
	rows := make([]value.Fields, 0, n)
	for range n {
		var row value.Fields
		if r.IntN(8) > 0 {
			row = append(row, value.Field{Name: "_time", Value: value.Num(1700000000 + float64(r.IntN(1000))/8)})
		}
		if r.IntN(10) > 0 {
			row = append(row, value.Field{Name: "dest", Value: value.Str(pick(dests))})
		}
		if r.IntN(6) > 0 {
			row = append(row, value.Field{Name: "user", Value: value.Str(pick(users))})
		}
		if r.IntN(3) > 0 {
			row = append(row, value.Field{Name: "n", Value: value.Str(pick(nums))})
		}
		row = append(row, value.Field{Name: "p", Value: value.Str(fmt.Sprintf("p%d", r.IntN(4)))})
		row = append(row, value.Field{Name: "id", Value: value.Str(fmt.Sprintf("%x", r.IntN(3000)))})
		rows = append(rows, row)
	}
	return rows
}

// kinded renders a result's rows with each value's kind, so that a
// number and its text differ.
func kinded(res *Result) []string {
	var out []string
	for i := range res.Len() {
		var parts []string
		for _, f := range res.Row(i, nil) {
			parts = append(parts, fmt.Sprintf("%s=%d:%q", f.Name, f.Value.Kind(), f.Value.Strings()))
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out
}

// Grouping by ids gives what the block grouping gives (itself checked
// against rows read one by one: TestBlockGroupingSame), value for value
// and kind for kind, in the same order: blocks from one and from three
// goroutines, of 1 to 500 rows, their entries as values and as texts,
// the groups' ranks packed into one integer or not, columns whose texts
// sort as numbers, as text, or both, and texts that compare equal.
func TestFlatGroupingSame(t *testing.T) {
	const from = ` from datamodel=Endpoint.Processes `
	queries := []string{
		`| tstats count min(_time) as firstTime max(_time) as lastTime` + from + `by Processes.dest Processes.user Processes.p`,
		`| tstats count count(Processes.user) count(_time) as timed` + from + `by Processes.dest`,
		`| tstats fillnull_value=zz count max(_time)` + from + `by Processes.dest Processes.n`,
		`| tstats fillnull_value=1 count` + from + `by Processes.n`,
		`| tstats count` + from + `by Processes.user`,
		`| tstats count` + from + `by Processes.n Processes.user`,
		`| tstats count min(_time)` + from + `where Processes.user=u* by Processes.dest Processes.user`,
		`| tstats count` + from + `where NOT Processes.dest IN (a, b) by Processes.p Processes.nope`,
		`| tstats fillnull_value=none count` + from + `by Processes.p Processes.nope`,
		`| tstats count` + from + `by Processes.dest Processes.user | sort - count`,
		`| tstats count max(_time)` + from + `by Processes.id Processes.p`,
	}
	defer SetFlatGrouping(true)
	defer func(n int) { packedSortBits = n }(packedSortBits)
	defer func(n int) { parallelSortMin = n }(parallelSortMin)
	for _, seed := range []uint64{1, 2, 3} {
		rows := flatRowsOf(600*int(seed), seed)
		for _, q := range queries {
			p, err := spl.Parse(q)
			if err != nil {
				t.Fatal(err)
			}
			run := func(flat bool, size, workers int, compact bool) *Result {
				SetFlatGrouping(flat)
				blocks := 0
				ds := workerBlocks{blockDataset{&memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}, size, 0, &blocks}, workers}
				res, err := Run(context.Background(), p, &oneDataset{ds: ds}, Options{TZ: time.UTC, Now: time.Unix(1700000000, 0), Compact: compact})
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				return res
			}
			want := kinded(run(false, 50, 1, false))
			for _, bitsLimit := range []int{64, 6} {
				packedSortBits = bitsLimit
				for _, size := range []int{1, 7, 500} {
					for _, workers := range []int{1, 3} {
						for _, compact := range []bool{false, true} {
							// Halves on two goroutines even when few.
							parallelSortMin = 1 << 14
							if compact {
								parallelSortMin = 2
							}
							res := run(true, size, workers, compact)
							if diff := cmp.Diff(want, kinded(res), cmpopts.EquateEmpty()); diff != "" {
								t.Errorf("%s (seed %d, blocks of %d, %d workers, %d bits, compact %v) (-blocks +ids):\n%s",
									q, seed, size, workers, bitsLimit, compact, diff)
							}
						}
					}
				}
			}
		}
	}
}

// The searches grouping by ids keep their result by column when it is
// the run's result; what ids cannot tell (numbers in the blocks, an
// aggregation other than count, min and max of _time) is grouped by the
// block grouping.
func TestFlatGroupingTaken(t *testing.T) {
	const from = ` from datamodel=Endpoint.Processes `
	strs := flatRowsOf(50, 9)
	nums := []value.Fields{row("_time", 1.0, "dest", "a", "n", 5), row("_time", 2.0, "dest", "b", "n", "5")}
	cases := []struct {
		name string
		q    string
		rows []value.Fields
		flat bool
	}{
		{"count and times", `| tstats count min(_time) max(_time)` + from + `by Processes.dest`, strs, true},
		{"count of a field", `| tstats count(Processes.user)` + from + `by Processes.dest`, strs, true},
		{"dc", `| tstats dc(Processes.user)` + from + `by Processes.dest`, strs, false},
		{"min of a field", `| tstats min(Processes.n)` + from + `by Processes.dest`, strs, false},
		{"numbers in a BY column", `| tstats count` + from + `by Processes.n`, nums, false},
		{"no BY", `| tstats count` + from, strs, false},
		{"a name twice", `| tstats count as Processes.dest` + from + `by Processes.dest`, strs, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := spl.Parse(c.q)
			if err != nil {
				t.Fatal(err)
			}
			blocks := 0
			ds := workerBlocks{blockDataset{&memDataset{name: "Endpoint.Processes", object: "Processes", rows: c.rows}, 10, 0, &blocks}, 2}
			res, err := Run(context.Background(), p, &oneDataset{ds: ds}, Options{TZ: time.UTC, Compact: true})
			if err != nil {
				t.Fatal(err)
			}
			_, flat := res.Compact.(*flatRows)
			if flat != c.flat {
				t.Errorf("%s: grouped by ids %v, want %v", c.q, flat, c.flat)
			}
		})
	}
}

// radixSort orders keys by a range of their bits as a stable sort by
// those bits does.
func TestRadixSort(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for _, n := range []int{0, 1, 255, 256, 5000} {
		for _, span := range [][2]uint{{0, 64}, {12, 40}, {20, 23}, {3, 3 + 17}} {
			keys := make([]uint64, n)
			for i := range keys {
				keys[i] = r.Uint64()
				if i%3 == 0 {
					keys[i] &= 0xffff00000000ffff // bytes all keys share
				}
			}
			want := slices.Clone(keys)
			m := uint64(1)<<(span[1]-span[0]) - 1
			if span[1]-span[0] == 64 {
				m = ^uint64(0)
			}
			slices.SortStableFunc(want, func(a, b uint64) int {
				switch x, y := a>>span[0]&m, b>>span[0]&m; {
				case x < y:
					return -1
				case x > y:
					return 1
				}
				return 0
			})
			radixSort(keys, span[0], span[1])
			if !slices.Equal(want, keys) {
				t.Errorf("%d keys by bits %d to %d: not as a stable sort orders them", n, span[0], span[1])
			}
		}
	}
}

// FuzzTstatsFlat runs searches over a dataset of string values by blocks
// from three goroutines, grouped by ids and by the block grouping: the
// results must be the same, kind for kind.
func FuzzTstatsFlat(f *testing.F) {
	const dm = ` from datamodel=Endpoint.Processes `
	for _, q := range []string{
		`| tstats count min(_time) as firstTime max(_time) as lastTime` + dm + `by Processes.dest Processes.user`,
		`| tstats fillnull_value=none count count(Processes.n)` + dm + `by Processes.n Processes.p`,
		`| tstats count` + dm + `where Processes.dest=ws* by Processes.dest Processes.id`,
		`| tstats count max(_time)` + dm + `by Processes.user | sort count`,
	} {
		f.Add(q)
	}
	rows := flatRowsOf(400, 5)
	f.Fuzz(func(t *testing.T, q string) {
		if strings.Contains(q, "random") || strings.Contains(q, "now(") {
			return
		}
		p, err := spl.Parse(q)
		if err != nil {
			return
		}
		defer SetFlatGrouping(true)
		run := func(flat bool) (*Result, error) {
			SetFlatGrouping(flat)
			blocks := 0
			ds := workerBlocks{blockDataset{&memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}, 16, 0, &blocks}, 3}
			lim := DefaultLimits()
			lim.MaxResults, lim.MvexpandMaxBytes = 200, 1<<20
			ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
			defer cancel()
			return Run(ctx, p, &oneDataset{ds: ds}, Options{TZ: time.UTC, Now: time.Unix(1700000000, 0), Limits: &lim, Compact: true})
		}
		a, errA := run(false)
		b, errB := run(true)
		if errA != nil || errB != nil {
			return
		}
		if diff := cmp.Diff(kinded(a), kinded(b), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("%s: blocks vs ids (-blocks +ids):\n%s", q, diff)
		}
	})
}

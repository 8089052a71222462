package store

import (
	"context"
	"iter"
	"math"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// testdataStore loads every test data file into a new store, set up first
// by setup (nil: nothing).
func testdataStore(t *testing.T, setup func(*Store)) *Store {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "data", "*"))
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if setup != nil {
		setup(s)
	}
	if _, err := s.AddPaths(paths, ingest.Options{}, 2, nil); err != nil {
		t.Fatal(err)
	}
	return s
}

// datasetsOf builds each dataset of the store's knowledge, by name.
func datasetsOf(t *testing.T, s *Store) iter.Seq2[string, *dataset] {
	return func(yield func(string, *dataset) bool) {
		for _, name := range s.base.DatasetNames() {
			ds, err := s.Dataset(name)
			if err != nil {
				t.Fatal(err)
			}
			if !yield(name, ds.(*dataset)) {
				return
			}
		}
	}
}

// Every column numbers, row by row, the value Lookup finds, distinct
// values (by kind and text) in the order rows first show them; made on
// one core or several.
func TestColumnsAsLookup(t *testing.T) {
	defer func(n int) { parallelColumns = n }(parallelColumns)
	for _, par := range []int{1 << 30, 3} {
		parallelColumns = par
		s := testdataStore(t, nil)
		checked := 0
		for name, d := range datasetsOf(t, s) {
			var rows []value.Fields
			_ = d.Scan(context.Background(), func(r value.Fields) error {
				rows = append(rows, r.Clone())
				return nil
			})
			fields := append([]string{"nosuchfield"}, d.rowNames...)
			if par == 3 {
				d.Columns(fields) // all in one pass; else one by one
			}
			for _, f := range fields {
				want := make([]uint32, len(rows))
				var wantDict []value.Value
				index := map[string]uint32{}
				for i, r := range rows {
					v, ok := r.Lookup(f)
					if !ok || v.IsNull() {
						continue
					}
					k := string(datamodel.AppendValueKey(nil, v))
					id, ok := index[k]
					if !ok {
						wantDict = append(wantDict, v)
						id = uint32(len(wantDict))
						index[k] = id
					}
					want[i] = id
				}
				ids, dict := d.Column(f)
				if diff := cmp.Diff(want, ids); diff != "" {
					t.Fatalf("%s.%s (parallel from %d rows) ids (-want +got):\n%s", name, f, par, diff)
				}
				if diff := cmp.Diff(wantDict, dict, cmp.AllowUnexported(value.Value{})); diff != "" {
					t.Fatalf("%s.%s (parallel from %d rows) dict (-want +got):\n%s", name, f, par, diff)
				}
				if len(rows) > 3 && len(wantDict) > 1 {
					checked++
				}
			}
		}
		if checked < 20 {
			t.Fatalf("only %d columns with several values checked", checked)
		}
	}
}

// Searches asking for columns at once get the columns one search alone
// gets, each made once (run with -race).
func TestColumnsConcurrent(t *testing.T) {
	ds, _ := testdataStore(t, nil).Dataset("Endpoint.Processes")
	alone := ds.(*dataset)
	ds, _ = testdataStore(t, nil).Dataset("Endpoint.Processes")
	shared := ds.(*dataset)
	fields := append([]string{"nosuchfield"}, shared.rowNames...)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Go(func() {
			for k := g % 3; k < len(fields); k += 2 {
				shared.Columns(fields[k:min(k+3, len(fields))])
				shared.FoldedColumn(fields[k])
			}
		})
	}
	wg.Wait()
	for _, f := range fields {
		wi, wd := alone.Column(f)
		gi, gd := shared.Column(f)
		if diff := cmp.Diff(wi, gi); diff != "" {
			t.Fatalf("%s ids (-alone +shared):\n%s", f, diff)
		}
		if diff := cmp.Diff(wd, gd, cmp.AllowUnexported(value.Value{})); diff != "" {
			t.Fatalf("%s dict (-alone +shared):\n%s", f, diff)
		}
	}
}

// Numbers are keyed alike exactly when datamodel.AppendValueKey keys them alike
// (by kind and text): an exact 5 and a 5 kept with no decimals are one
// value, 5.0 kept with a decimal another.
func TestNumberKeyAsText(t *testing.T) {
	vals := []value.Value{
		value.Num(5), value.NumPrec(5, 1, 0), value.NumPrec(5, 2, 1), value.NumPrec(5.1, 2, 1),
		value.Num(5.1), value.NumPrec(12.5, 4, 2), value.Num(12.5), value.Num(0), value.Num(math.Copysign(0, -1)),
		value.Num(1e21), value.Num(1.7e9 + 0.25), value.NumPrec(1.7e9+0.25, 12, 2), value.Num(math.NaN()),
		value.NumPrec(100, 1, 0),
	}
	for _, a := range vals {
		for _, b := range vals {
			ka, oka := numberKey(a)
			kb, okb := numberKey(b)
			sameKey := oka && okb && math.Float64bits(ka) == math.Float64bits(kb)
			sameText := string(datamodel.AppendValueKey(nil, a)) == string(datamodel.AppendValueKey(nil, b))
			if oka && okb && sameKey != sameText {
				t.Errorf("%q and %q: same key %v, same text %v", a.String(), b.String(), sameKey, sameText)
			}
			if oka != okb && sameText {
				t.Errorf("%q and %q: one text, keyed in two maps", a.String(), b.String())
			}
		}
	}
}

// Times gives each row's _time as a number, NaN where there is none, as
// a row read whole gives it.
func TestTimesAsRows(t *testing.T) {
	s := testdataStore(t, nil)
	checked := 0
	for name, d := range datasetsOf(t, s) {
		for _, field := range []string{"_time", "nosuchfield"} {
			ts, exact := d.Times(field)
			i := 0
			wantExact := true
			_ = d.Scan(context.Background(), func(r value.Fields) error {
				want := math.NaN()
				if v := r.Get(field); !v.IsNull() {
					if _, ok := v.ExactNumber(); !ok {
						wantExact = false
					}
					if n, ok := v.Number(); ok {
						want = n
					}
				}
				if got := ts[i]; got != want && !(got != got && want != want) {
					t.Errorf("%s row %d: %s %v, want %v", name, i, field, got, want)
				}
				i++
				checked++
				return nil
			})
			if exact != wantExact {
				t.Errorf("%s: %s exact %v, want %v", name, field, exact, wantExact)
			}
		}
	}
	if checked < 50 {
		t.Fatalf("only %d rows checked", checked)
	}
}

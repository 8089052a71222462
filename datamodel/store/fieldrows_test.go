package store

import (
	"path/filepath"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// A dataset row of an event held without _raw (the sieve's store of data
// model events) keeps its values as offsets into its event's encoded
// fields, not as copies: its rows are those a store gives whose events
// were spilled (each row then keeps its values: an independent path), and
// the rows in memory point into their events and hold less text.
func TestFieldRowsPointIntoEvents(t *testing.T) {
	cases := []struct {
		name  string
		after int64 // the spilled store's threshold
	}{
		{"against every event spilled", 0},
		{"against part spilled", 20 << 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mem, spilled := fieldStore(t, -1), fieldStore(t, c.after)
			pointing := 0
			for _, name := range mem.base.DatasetNames() {
				want, got := datasetRows(t, spilled, name), datasetRows(t, mem, name)
				if diff := cmp.Diff(want, got, cmp.Comparer(value.Equal)); diff != "" {
					t.Fatalf("%s: rows differ (-spilled +memory):\n%s", name, diff)
				}
				d := mem.built[name]
				for i := range d.rows {
					ev := &d.src[d.evs[i]]
					if ev.raw == "" && d.rows[i].raw != "" && unsafe.StringData(d.rows[i].raw) == unsafe.StringData(ev.blob) {
						pointing++
					}
				}
			}
			if pointing == 0 {
				t.Fatal("no dataset row points into its event's fields")
			}
			if m, s := mem.Footprint().Datasets, spilled.Footprint().Datasets; m >= s {
				t.Errorf("the rows in memory hold %d bytes of their own, the rows that copy %d", m, s)
			}
		})
	}
}

// fieldStore holds the test data's events with every field but _raw, as
// a hunt holds its data model events; spilled past after bytes (-1: not).
func fieldStore(t *testing.T, after int64) *Store {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "data", "*"))
	sieve := func(worker, chunk int, _ int64, row value.Fields) (bool, value.Fields) {
		var alt value.Fields
		for _, f := range row {
			if f.Name != "_raw" {
				alt = append(alt, f)
			}
		}
		return false, alt
	}
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	o, _ := New()
	if after >= 0 {
		sp, err := NewSpill(t.TempDir(), after)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { sp.Close() })
		s.SpillTo(sp)
		o.SpillTo(sp)
	}
	if _, err := s.AddPathsSieved(paths, ingest.Options{}, 2, nil, RowSieve(s.base, 2, sieve), o); err != nil {
		t.Fatal(err)
	}
	return o
}

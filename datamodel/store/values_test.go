package store

import (
	"context"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// SourceValues gives, per sourcetype and source, the values the events
// themselves hold (read through Events), packed or not.
func TestSourceValues(t *testing.T) {
	fields := []string{"EventCode", "eventtype", "event_simpleName", "Operation", "nosuchfield"}
	type key struct{ st, src, field, v string }
	for _, pack := range []bool{false, true} {
		s := testdataStore(t, func(s *Store) {
			if pack {
				s.PackRaw()
			}
		})
		want := map[key]bool{}
		sources := map[key]bool{}
		if err := s.Scan(context.Background(), engine.AllEvents, func(r value.Fields) error {
			st, src := r.Get("sourcetype").String(), r.Get("source").String()
			sources[key{st: st, src: src}] = true
			for _, f := range fields {
				for _, v := range r.Get(f).Strings() {
					want[key{st, src, f, v}] = true
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		got := map[key]bool{}
		gotSources := map[key]bool{}
		for _, sf := range s.SourceValues(fields) {
			gotSources[key{st: sf.Sourcetype, src: sf.Source}] = true
			for f, vals := range sf.Values {
				for _, v := range vals {
					got[key{sf.Sourcetype, sf.Source, f, v}] = true
				}
			}
		}
		list := func(m map[key]bool) []key {
			var out []key
			for k := range m {
				out = append(out, k)
			}
			sort.Slice(out, func(i, j int) bool {
				a, b := out[i], out[j]
				return a.st+"\x00"+a.src+"\x00"+a.field+"\x00"+a.v < b.st+"\x00"+b.src+"\x00"+b.field+"\x00"+b.v
			})
			return out
		}
		if len(want) < 10 || len(sources) < 5 {
			t.Fatalf("test data too small: %d values, %d sources", len(want), len(sources))
		}
		if diff := cmp.Diff(list(want), list(got), cmp.AllowUnexported(key{})); diff != "" {
			t.Errorf("pack=%v: values (-events +SourceValues):\n%s", pack, diff)
		}
		if diff := cmp.Diff(list(sources), list(gotSources), cmp.AllowUnexported(key{})); diff != "" {
			t.Errorf("pack=%v: sources (-events +SourceValues):\n%s", pack, diff)
		}
	}
}

// TimeRange is the earliest and latest numeric _time of the events.
func TestTimeRange(t *testing.T) {
	s := testdataStore(t, nil)
	var lo, hi float64
	n := 0
	_ = s.Scan(context.Background(), engine.AllEvents, func(r value.Fields) error {
		if v, ok := r.Get("_time").Number(); ok {
			if n == 0 || v < lo {
				lo = v
			}
			if n == 0 || v > hi {
				hi = v
			}
			n++
		}
		return nil
	})
	glo, ghi, ok := s.TimeRange()
	if !ok || glo != lo || ghi != hi || n < 10 {
		t.Errorf("TimeRange = %v, %v, %v; want %v, %v (over %d events)", glo, ghi, ok, lo, hi, n)
	}
}

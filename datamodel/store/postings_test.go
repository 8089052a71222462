package store

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// A scan naming a prefilter the store has a list for reads only the
// listed events, in the store's order (newest first, then as added);
// other scans, and every scan after an Add, read every event. The
// expected orders are worked out by hand from the times.
func TestIndexScansOnlyTheList(t *testing.T) {
	ctx := context.Background()
	// n=1..6 at these times: newest first is 2, 4, 3, 6, 1, 5.
	s := eventsOf(t, []float64{100, 300, 200, 300, 100, 150}, []string{"a", "b"})
	// Numbered in the order added (n-1).
	if err := s.Index(map[string][]int32{
		"odd":   {0, 2, 4},
		"late":  {3, 1},
		"none":  nil,
		"twice": {5, 5, 0},
	}); err != nil {
		t.Fatal(err)
	}
	scan := func(key string) []string {
		return ns(t, func(fn func(value.Fields) error) error {
			return s.Scan(ctx, engine.EventScan{Prefilter: key}, fn)
		})
	}
	tests := []struct {
		key  string
		want []string
	}{
		{"odd", []string{"3", "1", "5"}},
		{"late", []string{"2", "4"}},
		{"none", nil},
		{"twice", []string{"6", "1"}},
		{"", []string{"2", "4", "3", "6", "1", "5"}},
		{"no such list", []string{"2", "4", "3", "6", "1", "5"}},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, scan(tc.key)); diff != "" {
			t.Errorf("Scan with prefilter %q (-want +got):\n%s", tc.key, diff)
		}
	}
	// A partition test still applies to the listed events.
	skipA := func(p engine.Partition) bool {
		vals, _, ok := p.Values("sourcetype")
		return ok && len(vals) == 1 && vals[0].String() == "a"
	}
	got := ns(t, func(fn func(value.Fields) error) error {
		return s.Scan(ctx, engine.EventScan{Prefilter: "late", Skip: skipA}, fn)
	})
	if diff := cmp.Diff([]string{"2", "4"}, got); diff != "" {
		t.Errorf("Scan of b's listed events (-want +got):\n%s", diff)
	}
	got = ns(t, func(fn func(value.Fields) error) error {
		return s.Scan(ctx, engine.EventScan{Prefilter: "odd", Skip: skipA}, fn)
	})
	if len(got) != 0 {
		t.Errorf("Scan of odd's events but a's: got %v, want none (all are a's)", got)
	}
	if keys, events := s.Indexed(); keys != 4 || events != 7 {
		t.Errorf("Indexed() = %d, %d; want 4 lists of 7 events", keys, events)
	}
	// An event added is in no list: the index goes.
	s.Add(&ingest.Event{Time: 400, Raw: "x", Sourcetype: "a", Fields: value.Fields{{Name: "n", Value: value.Num(7)}}})
	if diff := cmp.Diff([]string{"7", "2", "4", "3", "6", "1", "5"}, scan("odd")); diff != "" {
		t.Errorf("Scan after Add (-want +got):\n%s", diff)
	}
	if keys, _ := s.Indexed(); keys != 0 {
		t.Errorf("Indexed() after Add = %d lists, want 0", keys)
	}
}

// A list must name events the store holds.
func TestIndexRejectsUnknownEvents(t *testing.T) {
	s := eventsOf(t, []float64{1, 2}, []string{"a"})
	for _, l := range [][]int32{{2}, {-1}} {
		if err := s.Index(map[string][]int32{"k": l}); err == nil {
			t.Errorf("Index(%v) over 2 events: no error", l)
		}
	}
}

// The index of a store sealed before it was indexed, and of one sealed
// after events were added to a sealed store, numbers events as added.
func TestIndexAfterSeal(t *testing.T) {
	ctx := context.Background()
	s := eventsOf(t, []float64{10, 30, 20}, []string{"a"})
	s.Seal() // order 2, 3, 1
	s.Add(&ingest.Event{Time: 25, Raw: "x", Sourcetype: "a", Fields: value.Fields{{Name: "n", Value: value.Num(4)}}})
	s.Seal() // order 2, 4, 3, 1
	if err := s.Index(map[string][]int32{"k": {3, 0}}); err != nil {
		t.Fatal(err)
	}
	got := ns(t, func(fn func(value.Fields) error) error {
		return s.Scan(ctx, engine.EventScan{Prefilter: "k"}, fn)
	})
	if diff := cmp.Diff([]string{"4", "1"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

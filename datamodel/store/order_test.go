package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// eventsOf adds events with the given times and sourcetypes, n counting
// them in the order added.
func eventsOf(t *testing.T, times []float64, sts []string) *Store {
	t.Helper()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for i, tm := range times {
		s.Add(&ingest.Event{Time: tm, Raw: "x", Host: "h", Source: "src", Sourcetype: sts[i%len(sts)], Index: "main",
			Fields: value.Fields{{Name: "n", Value: value.Num(float64(i + 1))}}})
	}
	return s
}

func ns(t *testing.T, scan func(fn func(value.Fields) error) error) []string {
	t.Helper()
	var out []string
	if err := scan(func(r value.Fields) error {
		out = append(out, r.Get("n").String())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// Splunk returns events newest first (Search Manual, "About retrieving
// events"); equal times keep the order they were added in (our choice).
func TestEventsNewestFirst(t *testing.T) {
	ctx := context.Background()
	s := eventsOf(t, []float64{100, 300, 200, 300, 100}, []string{"a"})
	got := ns(t, func(fn func(value.Fields) error) error { return s.Scan(ctx, engine.AllEvents, fn) })
	if diff := cmp.Diff([]string{"2", "4", "3", "1", "5"}, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	// Adding after a search puts the new event in its place.
	s.Add(&ingest.Event{Time: 250, Raw: "x", Sourcetype: "a", Fields: value.Fields{{Name: "n", Value: value.Num(6)}}})
	got = ns(t, func(fn func(value.Fields) error) error { return s.Scan(ctx, engine.AllEvents, fn) })
	if diff := cmp.Diff([]string{"2", "4", "6", "3", "1", "5"}, got); diff != "" {
		t.Errorf("order after Add (-want +got):\n%s", diff)
	}
	if got, want := s.Describe(), "a=6"; got != want {
		t.Errorf("Describe = %q, want %q", got, want)
	}
}

// A union of stores merges their events newest first; equal times come
// from the earlier store first.
func TestUnionNewestFirst(t *testing.T) {
	a := eventsOf(t, []float64{10, 30}, []string{"a"})    // n=1 at 10, n=2 at 30
	b := eventsOf(t, []float64{20, 30, 5}, []string{"b"}) // n=1 at 20, n=2 at 30, n=3 at 5
	u := Union(a, b)
	var got []string
	_ = u.Scan(context.Background(), engine.AllEvents, func(r value.Fields) error {
		got = append(got, r.Get("sourcetype").String()+r.Get("n").String())
		return nil
	})
	if diff := cmp.Diff([]string{"a2", "b2", "b1", "a1", "b3"}, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

// Pruning skips whole partitions and keeps the order of the rest; a
// partition lists the values of other fields for the partition test.
func TestScanSkip(t *testing.T) {
	s := eventsOf(t, []float64{1, 2, 3, 4, 5, 6}, []string{"a", "b", "c"})
	skipNotB := func(part engine.Partition) bool {
		v, _, _ := part.Values("sourcetype")
		return len(v) != 1 || v[0].String() != "b"
	}
	got := ns(t, func(fn func(value.Fields) error) error {
		return s.Scan(context.Background(), engine.EventScan{Skip: skipNotB}, fn)
	})
	if diff := cmp.Diff([]string{"5", "2"}, got); diff != "" {
		t.Errorf("pruned (-want +got):\n%s", diff)
	}
	skipAll := func(engine.Partition) bool { return true }
	if got := ns(t, func(fn func(value.Fields) error) error {
		return s.Scan(context.Background(), engine.EventScan{Skip: skipAll}, fn)
	}); len(got) != 0 {
		t.Errorf("skip all gave %v", got)
	}
	// n is 2 and 5 in partition b: listed, with no event missing it.
	var lists []string
	_ = s.Scan(context.Background(), engine.EventScan{Skip: func(part engine.Partition) bool {
		vals, missing, ok := part.Values("n")
		st, _, _ := part.Values("sourcetype")
		var names []string
		for _, v := range vals {
			names = append(names, v.String())
		}
		lists = append(lists, fmt.Sprintf("%s:%v:%v:%v known=%v", st[0].String(), names, missing, ok, part.Known("n")))
		return true
	}}, func(value.Fields) error { return nil })
	want := []string{"a:[4 1]:false:true known=false", "b:[5 2]:false:true known=false", "c:[6 3]:false:true known=false"}
	sort.Strings(lists)
	if diff := cmp.Diff(want, lists); diff != "" {
		t.Errorf("lists (-want +got):\n%s", diff)
	}
}

// AddPaths reads in parallel but makes the store Add makes.
func TestAddPathsMatchesAdd(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "data", "*.log"))
	if len(paths) < 5 {
		t.Fatalf("only %d data files", len(paths))
	}
	want, _ := New()
	if _, err := ingest.ReadPaths(paths, ingest.Options{}, func(ev *ingest.Event) error {
		want.Add(ev)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	got, _ := New()
	if _, err := got.AddPaths(paths, ingest.Options{}, 3, nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(decodedRows(want), decodedRows(got), cmp.Comparer(value.Equal)); diff != "" {
		t.Errorf("events differ (-Add +AddPaths):\n%s", diff)
	}
	if want.Describe() != got.Describe() {
		t.Errorf("Describe: %q, want %q", got.Describe(), want.Describe())
	}
}

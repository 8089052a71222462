package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// seen is everything a store gives its searches: every event, the events
// of some partitions only (a leading search's Skip), every dataset's rows
// and its rows' events, and the values SourceValues lists.
type seen struct {
	All, Some  []value.Fields
	Datasets   map[string][]value.Fields
	DatasetEvs map[string][]value.Fields
	Sources    []SourceFields
}

func seenIn(t *testing.T, s *Store) (seen, error) {
	t.Helper()
	ctx := context.Background()
	out := seen{Datasets: map[string][]value.Fields{}, DatasetEvs: map[string][]value.Fields{}}
	collect := func(to *[]value.Fields) func(value.Fields) error {
		return func(r value.Fields) error {
			*to = append(*to, r.Clone())
			return nil
		}
	}
	if err := s.Scan(ctx, engine.AllEvents, collect(&out.All)); err != nil {
		return out, err
	}
	// The partitions of one source, and a field only their events
	// tell (listed by reading them).
	skip := func(p engine.Partition) bool {
		vals, _, ok := p.Values("source")
		if ok && (len(vals) != 1 || !strings.Contains(vals[0].String(), "Sysmon")) {
			return true
		}
		imgs, _, _ := p.Values("Image")
		return len(imgs) == 0
	}
	if err := s.Scan(ctx, engine.EventScan{Skip: skip}, collect(&out.Some)); err != nil {
		return out, err
	}
	for _, name := range s.base.DatasetNames() {
		ds, err := s.Dataset(name)
		if err != nil {
			return out, err
		}
		var rows, evs []value.Fields
		if err := ds.Scan(ctx, collect(&rows)); err != nil {
			return out, err
		}
		if err := ds.Events(ctx, func(ev, row value.Fields) error {
			evs = append(evs, ev.Clone())
			return nil
		}); err != nil {
			return out, err
		}
		out.Datasets[name], out.DatasetEvs[name] = rows, evs
	}
	out.Sources = s.SourceValues([]string{"EventCode", "Image", "sourcetype"})
	return out, nil
}

// spillStores loads the test data into a store that keeps everything in
// memory and into one that spills past after bytes (with the sieve's
// second store, of a few fields of every other event, alike).
func spillStores(t *testing.T, after int64, pack bool) (mem, spilled, memOther, spilledOther *Store, sp *Spill) {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "data", "*"))
	sieve := func(worker, chunk int, _ int64, row value.Fields) (bool, value.Fields) {
		t := row.Get("_time").String()
		var alt value.Fields
		for _, f := range row {
			if f.Name != "_raw" && (f.Name[0] == '_' || slicesContain(PartitionFields(), f.Name) || f.Name == "Image" || f.Name == "user") {
				alt = append(alt, f)
			}
		}
		return len(t) == 0 || t[len(t)-1]%3 != 0, alt
	}
	load := func(sp *Spill) (*Store, *Store) {
		s, err := New()
		if err != nil {
			t.Fatal(err)
		}
		o, _ := New()
		if pack {
			s.PackRawAfter(0)
			o.PackRawAfter(0)
		}
		if sp != nil {
			s.SpillTo(sp)
			o.SpillTo(sp)
		}
		if _, err := s.AddPathsSieved(paths, ingest.Options{}, 2, nil, RowSieve(s.base, 2, sieve), o); err != nil {
			t.Fatal(err)
		}
		return s, o
	}
	mem, memOther = load(nil)
	sp, err := NewSpill(t.TempDir(), after)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sp.Close() })
	spilled, spilledOther = load(sp)
	return mem, spilled, memOther, spilledOther, sp
}

func slicesContain(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// A store that spills gives its searches exactly what one that keeps
// everything in memory gives them (an independent path: no file), in the
// same order, whatever is spilled: everything, a part, nothing; packed or
// not; and after an event added past the spill (a hunt's risk events).
func TestSpillMatchesMemory(t *testing.T) {
	cases := []struct {
		name  string
		after int64
		pack  bool
	}{
		{"everything spilled", 0, false},
		{"everything spilled, packed", 0, true},
		{"part spilled", 20 << 10, false},
		{"part spilled, packed", 20 << 10, true},
		{"nothing spilled", 1 << 40, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mem, sp, memOther, spOther, spill := spillStores(t, c.after, c.pack)
			rows, bytes := spill.Spilled()
			t.Logf("%d of %d rows spilled, %d bytes", rows, mem.Len()+memOther.Len(), bytes)
			if (rows > 0) != (c.after < 1<<40) {
				t.Fatalf("%d rows spilled", rows)
			}
			if c.after > 0 && c.after < 1<<40 && rows >= int64(mem.Len()+memOther.Len()) {
				t.Fatalf("all %d rows spilled past %d bytes", rows, c.after)
			}
			for _, pair := range [][2]*Store{{mem, sp}, {memOther, spOther}} {
				want, err := seenIn(t, pair[0])
				if err != nil {
					t.Fatal(err)
				}
				if len(want.All) == 0 || len(want.Some) == 0 || len(want.Some) == len(want.All) {
					t.Fatalf("the test data gives %d events, %d of some partitions: the comparison shows little", len(want.All), len(want.Some))
				}
				got, err := seenIn(t, pair[1])
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got, cmp.Comparer(value.Equal)); diff != "" {
					t.Fatalf("spilled store differs (-memory +spilled):\n%s", diff)
				}
			}
			// An event added after: the store is sealed again.
			ev := &ingest.Event{Time: 1.7e9, Raw: "late event user=bob", Sourcetype: "late", Source: "late.log", Host: "h"}
			mem.Add(ev)
			sp.Add(ev)
			want, _ := seenIn(t, mem)
			got, err := seenIn(t, sp)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, cmp.Comparer(value.Equal)); diff != "" {
				t.Fatalf("after an Add (-memory +spilled):\n%s", diff)
			}
		})
	}
}

// The comparison above sees a spilled row read back in another's place.
func TestSpillComparisonCanFail(t *testing.T) {
	mem, sp, _, _, _ := spillStores(t, 0, false)
	sp.Seal()
	// Two spilled rows of one partition swap their text.
	p := sp.parts[0]
	if len(p.events) < 2 {
		t.Skip("a partition of one event")
	}
	i, j := p.events[0], p.events[1]
	sp.locs[i], sp.locs[j] = sp.locs[j], sp.locs[i]
	want, _ := seenIn(t, mem)
	got, err := seenIn(t, sp)
	if err == nil && cmp.Equal(want, got, cmp.Comparer(value.Equal)) {
		t.Error("a store reading rows in each other's place gives the searches the same events")
	}
}

// A damaged spill file is an error from the scan that reads it, never a
// crash or wrong events.
func TestSpillDamaged(t *testing.T) {
	cases := []struct {
		name string
		at   func(sp *Spill) int64
		want string
	}{
		{"payload", func(sp *Spill) int64 { return sp.segTab[0].off + segHeader + 4 + 3 }, "checksum"},
		{"magic", func(sp *Spill) int64 { return sp.segTab[0].off }, "magic"},
		{"version", func(sp *Spill) int64 { return sp.segTab[0].off + 4 }, "version"},
		{"length", func(sp *Spill) int64 { return sp.segTab[0].off + 8 }, "length"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, s, _, _, sp := spillStores(t, 0, false)
			s.Seal()
			b := make([]byte, 1)
			at := c.at(sp)
			if _, err := sp.segs.ReadAt(b, at); err != nil {
				t.Fatal(err)
			}
			b[0] ^= 0x5a
			if _, err := sp.segs.WriteAt(b, at); err != nil {
				t.Fatal(err)
			}
			err := s.Scan(context.Background(), engine.AllEvents, func(value.Fields) error { return nil })
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("scan over a damaged segment: %v, want an error saying %q", err, c.want)
			}
		})
	}
	t.Run("staged", func(t *testing.T) {
		_, s, _, _, sp := spillStores(t, 0, false)
		// A byte of the store's last row staged.
		at := s.locs[len(s.locs)-1].pos + 1
		b := []byte{0}
		if _, err := sp.staged.ReadAt(b, at); err != nil {
			t.Fatal(err)
		}
		b[0] ^= 0x5a
		if _, err := sp.staged.WriteAt(b, at); err != nil {
			t.Fatal(err)
		}
		err := s.Scan(context.Background(), engine.AllEvents, func(value.Fields) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "damaged") {
			t.Fatalf("scan over a damaged staged row: %v", err)
		}
	})
}

// The spill's files are its owner's only, have names of their own (none
// from the data), and nothing is left once it is closed: after a load,
// and after a load stopped by an error.
func TestSpillLeavesNothing(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "data", "*"))
	stop := errors.New("stop")
	for _, fail := range []bool{false, true} {
		dir := t.TempDir()
		sp, err := NewSpill(dir, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []*os.File{sp.staged, sp.segs} {
			st, err := f.Stat()
			if err != nil {
				t.Fatal(err)
			}
			if perm := st.Mode().Perm(); perm != 0o600 {
				t.Errorf("spill file mode %o, want 600", perm)
			}
			if !strings.HasPrefix(filepath.Base(f.Name()), "spill-") || filepath.Dir(f.Name()) != sp.Dir() {
				t.Errorf("spill file %s", f.Name())
			}
		}
		s, _ := New()
		s.SpillTo(sp)
		var n atomic.Int64 // keep is called from both reading goroutines
		_, err = s.AddPaths(paths, ingest.Options{}, 2, func(*ingest.Event) (bool, error) {
			if fail && n.Add(1) > 50 {
				return false, stop
			}
			return true, nil
		})
		if fail != errors.Is(err, stop) {
			t.Fatalf("load: %v", err)
		}
		if !fail {
			if err := s.Scan(context.Background(), engine.AllEvents, func(value.Fields) error { return nil }); err != nil {
				t.Fatal(err)
			}
		}
		if err := sp.Close(); err != nil {
			t.Fatal(err)
		}
		left, _ := os.ReadDir(dir)
		if len(left) != 0 {
			t.Errorf("left in %s after the spill closed (error: %v): %v", dir, fail, left)
		}
	}
}

// FuzzSpillSegment: any bytes given as a segment are refused, or read as
// rows whose parts lie inside it; never a crash.
func FuzzSpillSegment(f *testing.F) {
	payload := appendRecord(appendRecord(nil, "raw text", "blob"), "", "x")
	f.Add(segmentBytes(payload))
	f.Add(segmentBytes(nil))
	f.Add([]byte("SPSG\x01\x00\x00\x00\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := parseSegment(b)
		if err != nil {
			// A payload given as is: its rows are parsed, checked.
			p = b
		}
		for at := 0; at < len(p); {
			raw, blob, next, err := parseRecord(p, at)
			if err != nil {
				break
			}
			if next <= at || next > len(p) || len(raw)+len(blob) > len(p) {
				t.Fatalf("row at %d: next %d of %d", at, next, len(p))
			}
			at = next
		}
	})
}

func segmentBytes(payload []byte) []byte {
	dir, _ := os.MkdirTemp("", "seg")
	defer os.RemoveAll(dir)
	sp, err := NewSpill(dir, 0)
	if err != nil {
		panic(err)
	}
	defer sp.Close()
	sp.writeSegment(payload)
	b := make([]byte, segHeader+4+len(payload))
	sp.segs.ReadAt(b, 0)
	return b
}

// partitionLists is what every partition of s lists of some fields'
// values (partView.Values), all read before any is compared, so that a
// list pointing into memory read again later would show.
func partitionLists(t *testing.T, s *Store) []string {
	t.Helper()
	s.Seal()
	var lists [][]value.Value
	var out []string
	for _, p := range s.parts {
		for _, f := range []string{"Image", "EventCode", "user", "CommandLine", "ParentImage", "source", "nosuchfield"} {
			vals, missing, ok := partView{s, p}.Values(f)
			lists = append(lists, vals)
			out = append(out, fmt.Sprintf("%s missing=%v ok=%v", f, missing, ok))
		}
	}
	for i, vals := range lists {
		for _, v := range vals {
			out[i] += " " + strconv.Quote(v.String())
		}
	}
	return out
}

// The values a partition lists for a search's partition test are the
// same whether its events are in memory as they were read, or packed and
// spilled (read back into memory that is read into again).
func TestPartitionListsSpilled(t *testing.T) {
	plain, _, plainOther, _, _ := spillStores(t, 1<<40, false)
	for _, c := range []struct {
		name  string
		after int64
		pack  bool
	}{
		{"packed, in memory", 1 << 40, true},
		{"everything spilled", 0, false},
		{"everything spilled, packed", 0, true},
		{"part spilled, packed", 20 << 10, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, s, _, other, _ := spillStores(t, c.after, c.pack)
			for _, pair := range [][2]*Store{{plain, s}, {plainOther, other}} {
				want := partitionLists(t, pair[0])
				if n := strings.Count(strings.Join(want, ""), "\""); n < 20 {
					t.Fatalf("the test data lists %d values: the comparison shows little", n/2)
				}
				if diff := cmp.Diff(want, partitionLists(t, pair[1])); diff != "" {
					t.Errorf("partition lists differ (-plain +%s):\n%s", c.name, diff)
				}
			}
		})
	}
}

package stream

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/internal/benchgen"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// A Source's Scan gives what a Store's gives over the same files, for
// every kind of request: in the same order, or the same events in any
// order when Unordered, the first Limit of them, and the fields asked for
// with their values, whatever the chunks and the goroutines.
func TestStreamScanMatchesStore(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for name, f := range map[string]benchgen.Format{"gen.xml": benchgen.SysmonXML, "gen.json": benchgen.CrowdStrikeJSON} {
		path := filepath.Join(dir, name)
		out, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := benchgen.Generate(out, benchgen.Options{Events: 2000, Seed: 3, Format: f, WermgrPermille: 20}); err != nil {
			t.Fatal(err)
		}
		out.Close()
		paths = append(paths, path)
	}
	sort.Strings(paths)
	store, err := store.New()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.AddPaths(paths, ingest.Options{}, 1, nil); err != nil {
		t.Fatal(err)
	}
	defer ingest.SetChunkSize(ingest.SetChunkSize(16 << 10))

	cases := []struct {
		search    string
		must      []engine.Contains
		fields    []string
		unordered bool
		limit     int
	}{
		{search: `*`},
		{search: `*wermgr*`, must: []engine.Contains{{Field: "_raw", Pieces: []string{"wermgr"}}}},
		{search: `parent_process_name=wermgr.exe`, limit: 5, must: []engine.Contains{{Field: "parent_process_name", Pieces: []string{"wermgr.exe"}}}},
		{search: `EventCode=1 OR event_simpleName=ProcessRollup2`, unordered: true},
		{search: `*wermgr.exe*`, fields: []string{"_raw", "_time", "dest", "process_name"}, must: []engine.Contains{{Field: "_raw", Pieces: []string{"wermgr.exe"}}}},
		{search: `*`, fields: []string{"_time", "Computer"}, limit: 30},
		{search: `NOT *wermgr*`, fields: []string{"_raw", "_time", "user"}, unordered: true},
	}
	for _, c := range cases {
		x, err := spl.ParseSearch(c.search)
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex // CompileSearch is called from several goroutines
		req := engine.EventScan{
			Fields: c.fields, Unordered: c.unordered, Limit: c.limit, Must: c.must,
			NewKeep: func() func(value.Fields) bool {
				mu.Lock()
				defer mu.Unlock()
				keep, err := engine.CompileSearch(x, engine.Options{})
				if err != nil {
					t.Fatal(err)
				}
				return keep
			},
		}
		want := scanAll(t, store, req, c.fields)
		if c.limit > 0 && len(want) > c.limit {
			want = want[:c.limit]
		}
		for _, workers := range []int{1, 3} {
			stream, err := New(nil, paths, ingest.Options{}, workers, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := scanAll(t, stream, req, c.fields)
			if c.unordered {
				sortRows(want)
				sortRows(got)
			}
			if len(want) == 0 {
				t.Fatalf("%s: no events", c.search)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s, %d workers (-store +stream):\n%s", c.search, workers, diff)
			}
		}
	}
}

// scanAll lists the events of a scan as text: each field of fields (all
// when nil) as name=value.
func scanAll(t *testing.T, src engine.Source, req engine.EventScan, fields []string) []string {
	t.Helper()
	var out []string
	err := src.Scan(t.Context(), req, func(r value.Fields) error {
		s := ""
		if fields == nil {
			for _, f := range r {
				s += f.Name + "=" + f.Value.String() + "\n"
			}
		}
		for _, f := range fields {
			s += f + "=" + r.Get(f).String() + "\n"
		}
		out = append(out, s)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sortRows(rows []string) { sort.Strings(rows) }

// An error from fn stops the scan and comes back as it is, ordered or
// not; it is not a problem of the files.
func TestStreamScanStops(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gen.xml")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := benchgen.Generate(out, benchgen.Options{Events: 3000, Seed: 5, Format: benchgen.SysmonXML}); err != nil {
		t.Fatal(err)
	}
	out.Close()
	defer ingest.SetChunkSize(ingest.SetChunkSize(16 << 10))
	stop := errors.New("stop")
	for _, unordered := range []bool{false, true} {
		stream, err := New(nil, []string{path}, ingest.Options{}, 3, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		err = stream.Scan(t.Context(), engine.EventScan{Unordered: unordered}, func(value.Fields) error {
			n++
			if n == 300 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || n != 300 {
			t.Errorf("unordered %v: error %v after %d events, want stop after 300", unordered, err, n)
		}
		if err := stream.ReadErr(); err != nil {
			t.Errorf("unordered %v: read error %v", unordered, err)
		}
	}
}

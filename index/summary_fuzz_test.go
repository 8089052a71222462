package index

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// FuzzReadSummary reads damaged summary parts: a scan of the dataset gives
// rows or an error naming the file, and never panics.
func FuzzReadSummary(f *testing.F) {
	dir := filepath.Join(f.TempDir(), "idx")
	if _, err := Build(dir, Options{Paths: []string{filepath.Join("..", "testdata", "seed", "data")}}); err != nil {
		f.Fatal(err)
	}
	m, err := ReadManifest(dir)
	if err != nil {
		f.Fatal(err)
	}
	var sp SummaryPart
	for _, p := range m.Summaries {
		if p.Dataset == "Endpoint.Processes" {
			sp = p
		}
	}
	good, err := os.ReadFile(filepath.Join(dir, sp.Path))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(good[len(good)/2:])
	for _, at := range []int{4, 100, len(good) / 4, len(good) / 3, len(good) / 2, len(good) - 200, len(good) - 12, len(good) - 9} {
		bad := append([]byte(nil), good...)
		bad[at] ^= 0x5a
		f.Add(bad)
	}
	f.Add([]byte("PAR1PAR1"))
	base, err := datamodel.Builtin()
	if err != nil {
		f.Fatal(err)
	}
	fp := Fingerprints(base)["Endpoint.Processes"]
	f.Fuzz(func(t *testing.T, part []byte) {
		d := t.TempDir()
		rel := sp.Path
		if err := os.MkdirAll(filepath.Join(d, filepath.Dir(rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, rel), part, 0o644); err != nil {
			t.Fatal(err)
		}
		man := &Manifest{Version: manifestVersion, Summaries: []SummaryPart{{Path: rel, Dataset: "Endpoint.Processes",
			Fingerprint: fp, Rows: sp.Rows, RowGroups: sp.RowGroups}},
			Runs: []RunEntry{{Summarized: map[string]string{"Endpoint.Processes": fp}}}}
		if err := writeManifest(d, man); err != nil {
			t.Fatal(err)
		}
		src, err := Open(d, base, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := src.Dataset("Endpoint.Processes")
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := ds.(*sumDataset); !ok {
			t.Fatalf("the dataset is a %T, not the summary", ds)
		}
		scans := []engine.EventScan{{}, {Fields: []string{"_time", "process_name", "dest"}, Unordered: true},
			{Must: []engine.Contains{{Field: "parent_process_name", Pieces: []string{"wermgr"}}}}}
		for _, rs := range scans {
			err := ds.(engine.FilteredDataset).ScanFiltered(context.Background(), rs, func(value.Fields) error { return nil })
			if err != nil && !strings.Contains(err.Error(), "part-0.parquet") {
				t.Errorf("error does not name the file: %v", err)
			}
		}
	})
}

// TestSummaryDamaged reads 200 summary parts damaged at random places
// (seeded): each scan gives rows or an error naming the file, in time.
func TestSummaryDamaged(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	// Cells kept as places and references too, read back from the event
	// parts.
	defer SetCopyEventParts(SetCopyEventParts(1 << 20))
	defer SetColumnRefs(SetColumnRefs(true))
	if _, err := Build(dir, Options{Paths: []string{filepath.Join("..", "testdata", "seed", "data")}}); err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	var sp SummaryPart
	for _, p := range m.Summaries {
		if p.Dataset == "Endpoint.Processes" {
			sp = p
		}
	}
	if len(sp.Refs) == 0 {
		t.Fatalf("the summary part keeps no references (%v): the test damages none", sp)
	}
	path := filepath.Join(dir, sp.Path)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	base, err := datamodel.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(22, 3))
	failed := 0
	for range 200 {
		bad := append([]byte(nil), good...)
		for range 1 + rng.IntN(4) {
			bad[rng.IntN(len(bad))] ^= byte(1 + rng.IntN(255))
		}
		if err := os.WriteFile(path, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		src, err := Open(dir, base, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := src.Dataset("Endpoint.Processes")
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = ds.(engine.FilteredDataset).ScanFiltered(ctx, engine.EventScan{}, func(value.Fields) error { return nil })
		cancel()
		if err != nil {
			failed++
			if !strings.Contains(err.Error(), sp.Path) {
				t.Errorf("error does not name the file: %v", err)
			}
		}
	}
	t.Logf("%d of 200 damaged parts gave an error", failed)
}

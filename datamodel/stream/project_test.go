package stream

import (
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/internal/benchgen"
	"github.com/spelunk-dev/spelunk/value"
)

// A dataset read for some of its fields (the knowledge and calculations
// of the others left out, the readers extracting only the event fields
// those read) gives each row of the full read with those fields alone:
// every built-in dataset the test data fills, over Sysmon, Windows,
// CrowdStrike and the other sources' events, for several subsets of its
// fields, ordered and unordered, on several goroutines.
func TestProjectedDatasetSame(t *testing.T) {
	dir := t.TempDir()
	paths := []string{}
	for name, f := range map[string]benchgen.Format{"gen.xml": benchgen.SysmonXML, "gen.json": benchgen.CrowdStrikeJSON} {
		path := filepath.Join(dir, name)
		out, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := benchgen.Generate(out, benchgen.Options{Events: 300, Seed: 9, Format: f, WermgrPermille: 50}); err != nil {
			t.Fatal(err)
		}
		out.Close()
		paths = append(paths, path)
	}
	for _, d := range []string{"datamodels", "cim_detections/data", "sources", "seed/data"} {
		files, err := filepath.Glob(filepath.Join("..", "..", "testdata", d, "*"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no test data in %s: %v", d, err)
		}
		paths = append(paths, files...)
	}
	sort.Strings(paths)
	b, err := datamodel.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.SetChunkSize(ingest.SetChunkSize(16 << 10))
	src, err := New(b, paths, ingest.Options{}, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(11))
	filled := 0
	for _, name := range b.DatasetNames() {
		full := readDataset(t, src, name, nil, false)
		if len(full) == 0 {
			continue
		}
		filled++
		var names []string
		seen := map[string]bool{}
		for _, r := range full {
			for _, f := range r {
				if !seen[f.Name] {
					seen[f.Name] = true
					names = append(names, f.Name)
				}
			}
		}
		subsets := [][]string{{"_time"}, {"_time", "dest", "user", "process_name", "parent_process_name"}}
		for range 3 {
			sub := []string{"_time"}
			for _, n := range names {
				if rng.Intn(4) == 0 {
					sub = append(sub, n)
				}
			}
			subsets = append(subsets, sub)
		}
		for i, sub := range subsets {
			want := map[string]bool{}
			for _, f := range sub {
				want[f] = true
			}
			var exp []value.Fields
			for _, r := range full {
				var p value.Fields
				for _, f := range r {
					if want[f.Name] {
						p = append(p, f)
					}
				}
				exp = append(exp, p)
			}
			unordered := i%2 == 1
			got := readDataset(t, src, name, sub, unordered)
			if unordered {
				sortByText(exp)
				sortByText(got)
			}
			if diff := cmp.Diff(exp, got, cmp.Comparer(func(a, b value.Value) bool {
				return a.Kind() == b.Kind() && a.String() == b.String() && len(a.Values()) == len(b.Values())
			})); diff != "" {
				t.Errorf("%s, fields %q (-full read +read of those fields):\n%s", name, sub, diff)
			}
		}
	}
	t.Logf("%d datasets hold rows", filled)
	if filled < 5 {
		t.Fatalf("only %d datasets hold rows", filled)
	}
}

// readDataset lists the rows of a scan of the dataset for fields (nil:
// all), copied.
func readDataset(t *testing.T, src *Source, name string, fields []string, unordered bool) []value.Fields {
	t.Helper()
	ds, err := src.Dataset(name)
	if err != nil {
		t.Fatal(err)
	}
	var out []value.Fields
	req := engine.EventScan{Fields: fields, Unordered: unordered,
		NewKeep: func() func(value.Fields) bool { return func(value.Fields) bool { return true } }}
	err = ds.(engine.FilteredDataset).ScanFiltered(t.Context(), req, func(r value.Fields) error {
		out = append(out, r.Clone())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sortByText(rows []value.Fields) {
	text := func(r value.Fields) string {
		s := ""
		for _, f := range r {
			s += f.Name + "=" + f.Value.String() + "\x00"
		}
		return s
	}
	sort.SliceStable(rows, func(i, j int) bool { return text(rows[i]) < text(rows[j]) })
}

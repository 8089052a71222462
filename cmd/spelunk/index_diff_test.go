package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/index"
	"github.com/spelunk-dev/spelunk/ingest"
)

// splitDataArgs takes run's arguments apart: the --data values, the
// flags that say how to read them, and the rest.
func splitDataArgs(args []string) (data, ingestFlags, rest []string) {
	takes := map[string]bool{"--sourcetype": true, "--source": true, "--host": true, "--index": true}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, eq := strings.Cut(a, "=")
		switch {
		case name == "--data" && eq:
			data = append(data, val)
		case a == "--data" && i+1 < len(args):
			data = append(data, args[i+1])
			i++
		case takes[name] && eq:
			ingestFlags = append(ingestFlags, a)
		case takes[a] && i+1 < len(args):
			ingestFlags = append(ingestFlags, a, args[i+1])
			i++
		default:
			rest = append(rest, a)
		}
	}
	return data, ingestFlags, rest
}

// TestIndexMatchesFiles runs every `spelunk run` case of testdata/golden
// and testdata/bad that reads data, and the seed detection, twice: over
// the data files, and over an index of them (spelunk index, then --data
// DIR); both must print the same and exit alike.
func TestIndexMatchesFiles(t *testing.T) {
	testdata, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	names, runs := goldenRuns(t)
	if corpus := os.Getenv("SPELUNK_CORPUS"); corpus != "" {
		names = append(names, "seed")
		runs = append(runs, seedCorpusRun(corpus, testdata))
	}
	once := runOutcome
	// Small row groups, read by a few goroutines: the events of a part
	// come from many row groups read in parallel, merged back in order.
	defer index.SetRowGroupBytes(index.SetRowGroupBytes(2 << 10))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	// Summary cells kept as references to the event columns they equal
	// for every field, so that the golden tstats read some back.
	defer index.SetColumnRefs(index.SetColumnRefs(true))
	// Files of a few KB cut into chunks read in place (both ways): the
	// records the index stages are views of the mapped files.
	defer ingest.SetChunkSize(ingest.SetChunkSize(1 << 10))
	compared := 0
	for i, args := range runs {
		data, flags, rest := splitDataArgs(args)
		if len(data) == 0 || containsString(data, "-") {
			continue
		}
		t.Run(names[i], func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "idx")
			build := append([]string{"index", "--out", dir}, flags...)
			for _, d := range data {
				build = append(build, "--data", d)
			}
			files := once(args)
			made := once(build)
			if made.Code != 0 {
				// Data that cannot be indexed cannot be searched either.
				if files.Code == 0 {
					t.Fatalf("indexing failed (%s) where the files are searched", made.Stderr)
				}
				return
			}
			indexed := once(append(append([]string{}, rest...), "--data", dir))
			if diff := cmp.Diff(files, indexed); diff != "" {
				t.Errorf("over the index differs from over the files (-files +index):\n%s", diff)
			}
			compared++
		})
	}
	t.Logf("%d cases compared", compared)
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestIndexHuntMatchesFiles hunts the corpus's endpoint detections over
// the seed data and over its index, and over realdata (SPELUNK_REALDATA)
// and its index: the reports are the same.
func TestIndexHuntMatchesFiles(t *testing.T) {
	corpus := os.Getenv("SPELUNK_CORPUS")
	if corpus == "" {
		t.Skip("SPELUNK_CORPUS is not set")
	}
	seed, err := filepath.Abs(filepath.Join("..", "..", "testdata", "seed", "data"))
	if err != nil {
		t.Fatal(err)
	}
	sets := map[string][]string{"seed": {"--data", seed}}
	if rd := os.Getenv("SPELUNK_REALDATA"); rd != "" {
		// Every sixteenth file keeps the test within minutes on a busy
		// machine; the whole of realdata matched when the hunt's read of
		// an index was written.
		var files []string
		err := filepath.WalkDir(rd, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && !strings.HasSuffix(path, ".md") {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(files)
		for i := 0; i < len(files); i += 16 {
			sets["realdata"] = append(sets["realdata"], "--data", files[i])
		}
	}
	// Summary cells kept as references to the event columns they equal
	// for every field, so that the hunt's shared reads read some back.
	defer index.SetColumnRefs(index.SetColumnRefs(true))
	for name, data := range sets {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "idx")
			var stdout, stderr bytes.Buffer
			if code := run(append(append([]string{"index"}, data...), "--out", dir), &stdout, &stderr); code != 0 {
				t.Fatalf("index: %s", stderr.String())
			}
			// A file whose content was indexed already is skipped: the
			// files hunted are those the index holds.
			m, err := index.ReadManifest(dir)
			if err != nil {
				t.Fatal(err)
			}
			var files []string
			for _, f := range m.Files {
				files = append(files, "--data", f.Path)
			}
			hunt := func(data []string) string {
				var stdout, stderr bytes.Buffer
				args := append(append([]string{"hunt"}, data...), "--macros", corpus, "--detections",
					filepath.Join(corpus, "detections", "endpoint"), "--format", "jsonl")
				if code := run(args, &stdout, &stderr); code != 0 {
					t.Fatalf("hunt %v: exit %d: %s", data, code, stderr.String())
				}
				return stdout.String()
			}
			over, indexed := hunt(files), hunt([]string{"--data", dir})
			if over == "" {
				t.Fatal("the hunt over the files found nothing")
			}
			if diff := cmp.Diff(over, indexed); diff != "" {
				t.Errorf("over the index differs from over the files (-files +index):\n%s", diff)
			}
		})
	}
}

// TestIndexWindowMatchesFiles runs searches with --earliest and --latest
// over the seed data and over its index, whose reader leaves the parts,
// row groups and rows outside the window unread: the outputs are the
// same, notices included (a window that keeps nothing says where the data
// ends).
func TestIndexWindowMatchesFiles(t *testing.T) {
	data, err := filepath.Abs(filepath.Join("..", "..", "testdata", "seed", "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer index.SetRowGroupBytes(index.SetRowGroupBytes(2 << 10))
	dir := filepath.Join(t.TempDir(), "idx")
	if made := runOutcome([]string{"index", "--data", data, "--out", dir}); made.Code != 0 {
		t.Fatalf("index: %s", made.Stderr)
	}
	search := `search * | stats count by sourcetype`
	windows := [][]string{
		{"--earliest", "02/01/2024:10:02:00", "--latest", "02/01/2024:10:05:00"},
		{"--earliest", "02/01/2024:10:03:00"},
		{"--latest", "01/15/2024:00:00:00"},
		{"--earliest", "-4m"},
		{"--earliest", "-1d@d", "--latest", "-3m"},
		{"--earliest", "01/01/2020:00:00:00", "--latest", "01/02/2020:00:00:00"},
	}
	some := 0
	for _, w := range windows {
		args := append(append([]string{"run", "--tz", "UTC", "--format", "csv"}, w...), search)
		files := runOutcome(append(append([]string{}, args...), "--data", data))
		indexed := runOutcome(append(append([]string{}, args...), "--data", dir))
		if diff := cmp.Diff(files, indexed); diff != "" {
			t.Errorf("%v: over the index differs from over the files (-files +index):\n%s", w, diff)
		}
		if strings.Count(files.Stdout, "\n") > 1 {
			some++
		}
	}
	if some < 3 {
		t.Errorf("only %d windows keep events: the test tests little", some)
	}
}

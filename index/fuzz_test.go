package index

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// fuzzScan adds a whole scan (knowledge included) to each input: set
// for the seed corpus, which go test runs, not while fuzzing, where it
// would be most of the time.
var fuzzScan = !fuzzing()

func fuzzing() bool {
	for _, a := range os.Args {
		if strings.HasPrefix(a, "-test.fuzz=") {
			return true
		}
	}
	return false
}

// FuzzReadPart reads damaged parts: the reader gives an error naming the
// file, or events, and never panics.
func FuzzReadPart(f *testing.F) {
	dir := filepath.Join(f.TempDir(), "idx")
	if _, err := Build(dir, Options{Paths: []string{filepath.Join("..", "testdata", "seed", "data", "sysmon_wermgr.log")}}); err != nil {
		f.Fatal(err)
	}
	m, err := ReadManifest(dir)
	if err != nil {
		f.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join(dir, m.Parts[0].Path))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(good[len(good)/2:])
	for _, at := range []int{4, 100, len(good) / 3, len(good) - 12, len(good) - 9} {
		bad := append([]byte(nil), good...)
		bad[at] ^= 0x5a
		f.Add(bad)
	}
	f.Add([]byte("PAR1PAR1"))
	// The knowledge is compiled once: the reader, not it, is under test.
	base, err := datamodel.Builtin()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, part []byte) {
		d := t.TempDir()
		rel := "index=main/sourcetype=XmlWinEventLog/day=2024-01-02/part-0.parquet"
		if err := os.MkdirAll(filepath.Join(d, filepath.Dir(rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, rel), part, 0o644); err != nil {
			t.Fatal(err)
		}
		man := &Manifest{Version: manifestVersion, Parts: []PartEntry{{Path: rel, Index: "main",
			Sourcetype: "XmlWinEventLog", Day: "2024-01-02", Events: 8, RowGroups: 1}}}
		if err := writeManifest(d, man); err != nil {
			t.Fatal(err)
		}
		check := func(err error) {
			if err != nil && !strings.Contains(err.Error(), "part-0.parquet") {
				t.Errorf("error does not name the file: %v", err)
			}
		}
		// The reader's own steps, without the knowledge (fast enough
		// to fuzz), then a whole scan.
		// The second read tests columns first (selectRows).
		units := []unit{{part: &man.Parts[0], g: 0}, {part: &man.Parts[0], g: 1}}
		for _, spec := range []readSpec{{withRaw: true}, {withRaw: true, tests: []colTest{
			{col: "Image", pieces: []string{"exe"}}, {col: colRaw, pieces: []string{"event"}}}}} {
			parts := newOpenParts(d, units)
			lay := layouts{}
			for _, u := range units {
				gr, err := parts.group(u, spec, nil)
				parts.release(u)
				if err != nil {
					check(err)
					continue
				}
				var ev ingest.Event
				for i := range gr.n {
					if err := gr.event(i, lay, &ev); err != nil {
						break
					}
				}
			}
			parts.closeAll()
		}
		// A hunt's read: the part opened from its footer, its columns
		// tested by entries and read at every row.
		parts := newOpenParts(d, units)
		parts.meta = true
		full := filepath.Join(d, rel)
		for _, u := range units {
			op, err := parts.acquire(u)
			if err != nil {
				check(err)
				break
			}
			rg, err := op.rowGroup(u.g)
			if err != nil {
				continue
			}
			for _, i := range op.cols {
				if rg.kind(i) == parquet.ByteArray {
					_, err := guard(full, func() (*testCol, error) { return readTestCol(rg, i, false) })
					check(err)
				}
			}
			_, err = guard(full, func() (*group, error) { return readGroup(rg, op.cols, true, nil, nil, nil, nil) })
			check(err)
		}
		parts.closeAll()
		if !fuzzScan {
			return
		}
		src, err := Open(d, base, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		check(src.Scan(context.Background(), engine.AllEvents, func(value.Fields) error { return nil }))
	})
}

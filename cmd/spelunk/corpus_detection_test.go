package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/output"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/value"
)

// rowsSource is an engine.Source whose datasets are given as rows.
type rowsSource struct {
	datasets map[string]*rowsDataset
}

type rowsDataset struct {
	name, object string
	rows         []value.Fields
}

func (s *rowsSource) Scan(ctx context.Context, req engine.EventScan, fn func(value.Fields) error) error {
	return nil
}

func (s *rowsSource) Dataset(name string) (engine.Dataset, error) {
	if d, ok := s.datasets[name]; ok {
		return d, nil
	}
	return nil, fmt.Errorf("no dataset %q in the crafted data", name)
}

func (d *rowsDataset) Name() string   { return d.name }
func (d *rowsDataset) Object() string { return d.object }
func (d *rowsDataset) Scan(ctx context.Context, fn func(value.Fields) error) error {
	for _, r := range d.rows {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}
func (d *rowsDataset) Events(ctx context.Context, fn func(event, row value.Fields) error) error {
	for _, r := range d.rows {
		if err := fn(r.Clone(), r); err != nil {
			return err
		}
	}
	return nil
}

// readRows reads JSON lines of string fields; a number is _time.
func readRows(t *testing.T, path string) []value.Fields {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []value.Fields
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		var kv map[string]any
		if err := dec.Decode(&kv); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		// Keep the file's key order.
		var r value.Fields
		keys := jsonKeys(t, line)
		for _, k := range keys {
			switch v := kv[k].(type) {
			case json.Number:
				f, _ := v.Float64()
				r = append(r, value.Field{Name: k, Value: value.Num(f)})
			case string:
				r = append(r, value.Field{Name: k, Value: value.Str(v)})
			}
		}
		out = append(out, r)
	}
	return out
}

func jsonKeys(t *testing.T, line string) []string {
	dec := json.NewDecoder(strings.NewReader(line))
	var keys []string
	depth := 0
	expectKey := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return keys
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' {
				depth++
				expectKey = true
			} else if v == '}' {
				depth--
			}
		case string:
			if depth == 1 && expectKey {
				keys = append(keys, v)
				expectKey = false
				continue
			}
			expectKey = depth == 1
		default:
			expectKey = depth == 1
		}
	}
}

// TestCorpusJoinStatsLookup runs a corpus detection that joins, aggregates
// and enriches with a lookup over crafted data model rows, and compares
// the rows with those worked out by hand (testdata/corpus/*/README.md).
func TestCorpusJoinStatsLookup(t *testing.T) {
	corpus := os.Getenv("SPELUNK_CORPUS")
	if corpus == "" {
		t.Skip("SPELUNK_CORPUS not set; skipping the corpus detection with join, stats and lookup")
	}
	dir := filepath.Join("..", "..", "testdata", "corpus", "windows_known_abused_dll_created")
	src := &rowsSource{datasets: map[string]*rowsDataset{
		"Endpoint.Processes":  {name: "Endpoint.Processes", object: "Processes", rows: readRows(t, filepath.Join(dir, "processes.jsonl"))},
		"Endpoint.Filesystem": {name: "Endpoint.Filesystem", object: "Filesystem", rows: readRows(t, filepath.Join(dir, "filesystem.jsonl"))},
	}}
	det := filepath.Join(corpus, "detections", "endpoint", "windows_known_abused_dll_created.yml")
	d, err := content.LoadDetection(det)
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	r := runner.New(runner.Config{Macros: []string{corpus}, QuietFilters: true, Notice: func(n string) { fmt.Fprintln(&stderr, n) }})
	p, err := r.Prepare(det, d.Search, det)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	res, err := r.RunOn(context.Background(), p, src, runner.RunOptions{})
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	var out bytes.Buffer
	if err := output.Write(&out, res, "jsonl", time.UTC); err != nil {
		t.Fatal(err)
	}
	decode := func(text string) []map[string]any {
		var rows []map[string]any
		sc := bufio.NewScanner(strings.NewReader(text))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var m map[string]any
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				t.Fatalf("%q: %v", sc.Text(), err)
			}
			rows = append(rows, m)
		}
		return rows
	}
	want, err := os.ReadFile(filepath.Join(dir, "want.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(decode(string(want)), decode(out.String())); diff != "" {
		t.Errorf("rows (-want +got):\n%s\nstderr:\n%s", diff, stderr.String())
	}
}

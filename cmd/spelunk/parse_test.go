package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/parsereport"
	"github.com/spelunk-dev/spelunk/runner"
)

// TestParseFolder checks how parse treats a folder: every YAML file is a
// detection; one that cannot be read is reported and counted, and the
// others are still parsed.
func TestParseFolder(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"good.yml":      "name: good\nsearch: '| tstats count from datamodel=Endpoint.Processes by Processes.dest'\n",
		"broken.yml":    "name: broken\nsearch: 'a\n  - b: [\n",
		"no_search.yml": "name: nothing to search\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inputs, err := parsereport.Inputs([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := parsereport.Parse(runner.New(runner.Config{}), inputs)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != 3 || len(rep.Unreadable) != 2 || len(rep.Results) != 1 || !rep.Results[0].OK() {
		t.Fatalf("files %d, unreadable %q, results %d", rep.Files, rep.Unreadable, len(rep.Results))
	}
	if rep.Failed() != 2 {
		t.Errorf("failed() = %d, want 2", rep.Failed())
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"parse", "-q", dir}, &stdout, &stderr); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if got := stdout.String(); !strings.Contains(got, "3 files (2 unreadable), 1 search: 1 parsed, 0 failed\n") {
		t.Errorf("summary missing from:\n%s", got)
	}
}

// TestParseEmptyFolder checks that a folder without detections is bad
// input, not a success over nothing.
func TestParseEmptyFolder(t *testing.T) {
	_, err := parsereport.Inputs([]string{t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "no detection YAML files found") {
		t.Errorf("err = %v", err)
	}
}

// TestParsePrint checks --print: a query prints its canonical form, a
// detection's search a header naming it first.
func TestParsePrint(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "d.yml")
	if err := os.WriteFile(f, []byte("search: 'a  OR  b | table   x'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"parse", "--print", "x=1  y", f}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit status %d: %s", code, stderr.String())
	}
	lines := strings.Split(stdout.String(), "\n")
	want := []string{"x=1 y", "# " + relName(f) + " (search)", "a OR b | table x"}
	if diff := cmp.Diff(want, lines[:3]); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

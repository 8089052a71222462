package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// goldenRuns lists the `spelunk run` cases of testdata/golden and
// testdata/bad with their arguments substituted, named dir/case; those
// that need the corpus are left out without it.
func goldenRuns(t *testing.T) (names []string, runs [][]string) {
	t.Helper()
	testdata, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"golden", "bad"} {
		found, err := filepath.Glob(filepath.Join(testdata, dir, "*", "args"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range found {
			args, ok := goldenArgs(t, testdata, filepath.Dir(path))
			if !ok || len(args) == 0 || args[0] != "run" {
				continue
			}
			names = append(names, dir+"/"+filepath.Base(filepath.Dir(path)))
			runs = append(runs, args)
		}
	}
	if len(runs) == 0 {
		t.Fatal("no golden run cases")
	}
	return names, runs
}

// withoutFormat drops --format and its value from run's arguments.
func withoutFormat(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "--format":
			i++
		case strings.HasPrefix(args[i], "--format="):
		default:
			out = append(out, args[i])
		}
	}
	return out
}

var explainResult = regexp.MustCompile(`(?m)^Result: (\d+) rows?\.$`)

// TestExplainRowsMatchRun runs every `spelunk run` case of the goldens
// as run (one JSON line per result row) and as explain: explain runs the
// plan run runs, so its final row count is run's number of rows. A case
// run fails, or explain cannot count (no --data), is left out.
func TestExplainRowsMatchRun(t *testing.T) {
	names, runs := goldenRuns(t)
	compared := 0
	for k, args := range runs {
		t.Run(names[k], func(t *testing.T) {
			base := withoutFormat(args)
			var stdout, stderr bytes.Buffer
			if code := run(append(append([]string(nil), base...), "--format", "jsonl"), &stdout, &stderr); code != 0 {
				t.Skipf("run exits %d", code)
			}
			rows := strings.Count(stdout.String(), "\n")
			explain := append([]string{"explain"}, base[1:]...)
			stdout.Reset()
			stderr.Reset()
			if code := run(explain, &stdout, &stderr); code != 0 {
				t.Fatalf("explain exits %d where run does not\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
			}
			m := explainResult.FindStringSubmatch(stdout.String())
			if m == nil {
				if strings.Contains(stdout.String(), "(Give --data") {
					t.Skip("no --data: explain does not run the search")
				}
				t.Fatalf("explain printed no result count:\n%s", stdout.String())
			}
			if n, _ := strconv.Atoi(m[1]); n != rows {
				t.Errorf("explain's result: %d rows; run's: %d\n%s", n, rows, stdout.String())
			}
			compared++
		})
	}
	t.Logf("%d cases compared", compared)
}

package validate

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// today fixes "now" for the date rules of the golden cases.
const today = "2026-01-01"

// TestGolden runs each testdata/validate/<case>/ repository; want.txt
// (written by hand from contentctl's rule) holds the expected problems,
// and a case without one must have none.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/validate/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 2 {
		t.Fatalf("found %d golden cases", len(dirs))
	}
	for _, dir := range dirs {
		if !isDir(dir) {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			abs, err := filepath.Abs(dir)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Run([]string{abs}, Options{Today: today, RelTo: abs})
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := rep.WriteText(&got); err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(dir, "want.txt"))
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got.String()); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestScope: a path inside the repository limits the report to its files,
// while names and ids are still checked across the whole repository.
func TestScope(t *testing.T) {
	root, err := filepath.Abs("../../testdata/validate/unique")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		want int
	}{
		{"detections/endpoint/suspicious_whoami.yml", 0},
		{"detections/endpoint/suspicious_whoami_two.yml", 1},
		{"detections", 1},
		{"macros", 0},
	} {
		rep, err := Run([]string{filepath.Join(root, tc.path)}, Options{Today: today})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Problems) != tc.want {
			t.Errorf("%s: %d problems, want %d: %v", tc.path, len(rep.Problems), tc.want, rep.Problems)
		}
	}
}

// TestJSON: --format json is an array of objects with the documented keys.
func TestJSON(t *testing.T) {
	root, err := filepath.Abs("../../testdata/validate/future_date")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run([]string{root}, Options{Today: today, RelTo: root})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{{
		"file": "detections/endpoint/suspicious_whoami.yml", "line": 4.0, "col": 7.0,
		"severity": "error", "rule": "date", "message": "date 2027-03-01 is in the future",
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("json (-want +got):\n%s", diff)
	}
	b.Reset()
	if err := (&Report{}).WriteJSON(&b); err != nil || strings.TrimSpace(b.String()) != "[]" {
		t.Errorf("empty report: %q, %v; want []", b.String(), err)
	}
}

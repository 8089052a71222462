package validate

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWorkspaceCheckFile checks each file of every golden repository on
// its own, as an editor does, against the whole-repository run: the two
// paths must report the same problems for the file.
func TestWorkspaceCheckFile(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/validate/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		if !isDir(dir) {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			root, err := filepath.Abs(dir)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Run([]string{root}, Options{Today: today})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string][]Problem{}
			for _, p := range rep.Problems {
				want[p.File] = append(want[p.File], p)
			}
			w, err := Open(root, Options{Today: today})
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range []kind{kindDataSource, kindLookup, kindMacro, kindStory, kindDetection} {
				files, err := yamlFiles(filepath.Join(root, string(k)), k == kindDetection)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range files {
					raw, err := os.ReadFile(f)
					if err != nil {
						t.Fatal(err)
					}
					got := w.CheckFile(f, raw)
					if diff := cmp.Diff(want[f], got); diff != "" {
						t.Errorf("%s (-whole repository +one file):\n%s", f, diff)
					}
				}
			}
		})
	}
}

// TestWorkspaceCheckFileText: the text given is checked, not the file's,
// and the repository keeps the file as read.
func TestWorkspaceCheckFileText(t *testing.T) {
	root, err := filepath.Abs("../../testdata/validate/clean")
	if err != nil {
		t.Fatal(err)
	}
	w, err := Open(root, Options{Today: today})
	if err != nil {
		t.Fatal(err)
	}
	files, err := yamlFiles(filepath.Join(root, "detections"), true)
	if err != nil || len(files) == 0 {
		t.Fatalf("no detection in %s: %v", root, err)
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	bad := regexp.MustCompile(`(?m)^version: .*$`).ReplaceAll(raw, []byte("version: -1"))
	got := w.CheckFile(files[0], bad)
	if len(got) != 1 || got[0].Rule != "version" {
		t.Errorf("a bad version in the text given: got %v", got)
	}
	if got := w.CheckFile(files[0], raw); len(got) != 0 {
		t.Errorf("the file as read: %v", got)
	}
	if got := w.CheckFile(filepath.Join(root, "README.md"), []byte("x")); got != nil {
		t.Errorf("a file outside the content folders: %v", got)
	}
}

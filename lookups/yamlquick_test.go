package lookups

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// checkQuickKV fails when quickKV accepts b but reads it otherwise than
// parserKV; it reports whether quickKV accepted it.
func checkQuickKV(t *testing.T, name string, b []byte) bool {
	t.Helper()
	got, ok := quickKV(b)
	if !ok {
		return false
	}
	want, err := parserKV(b)
	if err != nil {
		t.Errorf("%s: quickKV accepted what the YAML parser refuses (%v):\n%s", name, err, b)
		return true
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s: quickKV differs from the YAML parser (-parser +quick):\n%s\n%s", name, d, b)
	}
	return true
}

var quickKVCases = []struct {
	name  string
	data  string
	quick bool
}{
	{"declaration", "description: A list.\nfilename: a.csv\nname: a\ndefault_match: 'false'\nmatch_type: WILDCARD(domain)\nmin_matches: 1\ncase_sensitive_match: false\n", true},
	{"folded", "name: a\ndescription: one\n  two\n", true},
	{"empty", "", true},
	{"float", "name: a\nmin_matches: 1.0\n", false},
	{"leading zero", "name: a\nmin_matches: 01\n", false},
	{"big", "name: a\nmin_matches: 12345678901\n", false},
	{"True", "name: a\ncase_sensitive_match: True\n", false},
	{"null", "name: a\nfilename: null\n", false},
	{"empty value", "name: a\nfilename:\n", false},
	{"upper-case key", "Name: a\n", false},
	{"list", "name: a\nfields:\n  - x\n", false},
	{"comment", "name: a # x\n", false},
}

func TestQuickKV(t *testing.T) {
	for _, c := range quickKVCases {
		t.Run(c.name, func(t *testing.T) {
			if got := checkQuickKV(t, c.name, []byte(c.data)); got != c.quick {
				t.Errorf("quickKV accepted = %v, want %v", got, c.quick)
			}
		})
	}
}

// TestQuickKVCorpus reads every lookup declaration of the corpus and of
// this repository both ways.
func TestQuickKVCorpus(t *testing.T) {
	var files []string
	if root := os.Getenv("SPELUNK_CORPUS"); root != "" {
		m, _ := filepath.Glob(filepath.Join(root, "lookups", "*.yml"))
		files = append(files, m...)
	}
	for _, glob := range []string{"testdata/*/*.yml", "testdata/*/*/*.yml", "../testdata/*/lookups/*.yml"} {
		m, _ := filepath.Glob(glob)
		files = append(files, m...)
	}
	quick := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if checkQuickKV(t, f, b) {
			quick++
		}
	}
	t.Logf("quickKV read %d of %d lookup declarations", quick, len(files))
}

// FuzzQuickKV checks that whatever quickKV accepts, the YAML parser
// reads the same way.
func FuzzQuickKV(f *testing.F) {
	for _, c := range quickKVCases {
		f.Add([]byte(c.data))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkQuickKV(t, "fuzz", b)
	})
}

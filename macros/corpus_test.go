package macros

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/spl"
	"go.yaml.in/yaml/v3"
)

type corpusSearch struct {
	path   string
	search string
}

// loadCorpus reads a security_content checkout named by SPELUNK_CORPUS:
// its macros and the search of every detection outside detections/deprecated.
func loadCorpus(tb testing.TB) (*Set, []corpusSearch) {
	tb.Helper()
	root := os.Getenv("SPELUNK_CORPUS")
	if root == "" {
		tb.Skip("SPELUNK_CORPUS not set; skipping corpus test")
	}
	set := NewSet()
	if err := set.Load(filepath.Join(root, "macros")); err != nil {
		tb.Fatal(err)
	}
	// Detections may also call Splunk Enterprise Security macros, which
	// security_content does not ship; stub them so the corpus checks this
	// package rather than the absence of ES.
	set.Add(Macro{Name: "get_asset", Args: []string{"field"}, Definition: "search *",
		Origin: "corpus_test.go (stub for Splunk ES SA-IdentityManagement)"})

	var searches []corpusSearch
	dets := filepath.Join(root, "detections")
	err := filepath.WalkDir(dets, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path == filepath.Join(dets, "deprecated") {
			return filepath.SkipDir
		}
		if d.IsDir() || !isYAML(path) {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var det struct {
			Search string `yaml:"search"`
		}
		if err := yaml.Unmarshal(data, &det); err != nil {
			return err
		}
		if det.Search != "" {
			rel, _ := filepath.Rel(root, path)
			searches = append(searches, corpusSearch{rel, det.Search})
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(searches) == 0 {
		tb.Fatalf("no detection searches under %s", dets)
	}
	return set, searches
}

// backtickOutsideQuotes is deliberately independent of pieces(), so the
// corpus test does not trust the scanner it is checking.
func backtickOutsideQuotes(s string) int {
	inQuote := false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\':
			i++
		case s[i] == '"':
			inQuote = !inQuote
		case s[i] == '`' && !inQuote:
			return i
		}
	}
	return -1
}

func TestCorpus(t *testing.T) {
	set, searches := loadCorpus(t)
	expanded, notices := 0, 0
	for _, cs := range searches {
		x, err := set.Expand(cs.search, Options{})
		if err != nil {
			for _, e := range spl.AsErrors(err) {
				t.Errorf("%s", spl.Render(cs.path, cs.search, e))
			}
			continue
		}
		if i := backtickOutsideQuotes(x.Text); i >= 0 {
			t.Errorf("%s: backtick left at %d of expanded text: %q", cs.path, i, x.Text[max(0, i-30):min(len(x.Text), i+30)])
			continue
		}
		// Every detection ends with its _filter call; finding one in the
		// text means a quoting slip hid it from expansion.
		if strings.Contains(x.Text, "_filter`") {
			t.Errorf("%s: unexpanded _filter call in %q", cs.path, x.Text)
			continue
		}
		expanded++
		notices += len(x.Notices)
	}
	t.Logf("expanded %d of %d detection searches (%d undefined _filter notices)", expanded, len(searches), notices)
}

func BenchmarkExpandCorpus(b *testing.B) {
	set, searches := loadCorpus(b)
	var bytes int64
	for _, cs := range searches {
		bytes += int64(len(cs.search))
	}
	b.SetBytes(bytes)
	b.ResetTimer()
	for b.Loop() {
		for _, cs := range searches {
			if _, err := set.Expand(cs.search, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

package spl_test

import (
	"os"
	"testing"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/macros"
	"github.com/spelunk-dev/spelunk/spl"
)

// corpusDetections reads the detections of the security_content checkout
// named by SPELUNK_CORPUS and its macros (with the app stand-ins). ok is
// false when the variable is unset.
func corpusDetections(tb testing.TB) (set *macros.Set, dets []*content.Detection, ok bool) {
	tb.Helper()
	root := os.Getenv("SPELUNK_CORPUS")
	if root == "" {
		return nil, nil, false
	}
	set = macros.NewSet()
	if err := set.Load(root); err != nil {
		tb.Fatal(err)
	}
	content.AddStubMacros(set)
	files, err := content.FindDetections([]string{root})
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range files {
		d, err := content.LoadDetection(f)
		if err != nil {
			tb.Fatal(err)
		}
		dets = append(dets, d)
	}
	return set, dets, true
}

// corpusSeeds returns every detection and drilldown search of the corpus,
// macro-expanded, for FuzzParse.
func corpusSeeds(tb testing.TB) []string {
	set, dets, ok := corpusDetections(tb)
	if !ok {
		return nil
	}
	var out []string
	for _, d := range dets {
		for _, s := range d.Searches() {
			if x, err := set.Expand(s.Text, macros.Options{}); err == nil {
				out = append(out, x.Text)
			}
		}
	}
	return out
}

// BenchmarkParseCorpus expands and parses the search of every corpus
// detection (the target: all of them in under a second on two cores).
// Each iteration is the whole corpus.
func BenchmarkParseCorpus(b *testing.B) {
	set, dets, ok := corpusDetections(b)
	if !ok {
		b.Skip("SPELUNK_CORPUS not set; skipping the corpus benchmark")
	}
	var bytes int64
	for _, d := range dets {
		bytes += int64(len(d.Search))
	}
	b.SetBytes(bytes)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, d := range dets {
			x, err := set.Expand(d.Search, macros.Options{})
			if err != nil {
				b.Fatal(err)
			}
			// Parse errors are expected until every command is merged;
			// the work done is the same.
			_, _ = spl.Parse(x.Text)
		}
	}
}

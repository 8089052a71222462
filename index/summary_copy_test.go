package index_test

import (
	"testing"

	"github.com/spelunk-dev/spelunk/index"
)

// TestSummaryCopiesMatchFiles builds the fixture's index with summary
// row groups large enough for hashes and GUIDs to be mostly distinct, so
// that summaries keep them as their event's place in _raw, and compares
// the searches over it with the searches over the files.
func TestSummaryCopiesMatchFiles(t *testing.T) {
	dir := buildFixtureRows(t, 4096)
	m, err := index.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	copies := map[string][]string{}
	for _, p := range m.Summaries {
		if len(p.Copies) > 0 {
			copies[p.Dataset] = p.Copies
		}
	}
	if len(copies["Endpoint.Processes"]) == 0 {
		t.Fatalf("no summary part of Endpoint.Processes keeps copies (%v): the test reads none", copies)
	}
	diffs, summarized := compareSummaries(t, dir, true)
	if summarized == 0 {
		t.Fatal("no dataset was read from its summary")
	}
	for _, d := range diffs {
		t.Error(d)
	}
}

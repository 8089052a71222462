package sqlrun

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/index"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/sqlgen"
)

// TestIndexSummariesDuckDB runs the SQL of the corpus's tstats detections
// on DuckDB over the data model summaries spelunk index writes (the
// dataset tables as they are, no loading), and compares the rows with
// spelunk's over the same files.
func TestIndexSummariesDuckDB(t *testing.T) {
	corpus := os.Getenv("SPELUNK_CORPUS")
	if corpus == "" {
		t.Skip("SPELUNK_CORPUS is not set")
	}
	var data []string
	for _, d := range []string{"seed/data", "datamodels", "sources", "cim_detections/data"} {
		p, err := filepath.Abs(filepath.Join("..", "testdata", d))
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, p)
	}
	root := filepath.Join(t.TempDir(), "idx")
	// Summary cells kept as their event's place in _raw whatever the
	// event parts they lie in, so that the SQL reads some back.
	defer index.SetCopyEventParts(index.SetCopyEventParts(1 << 20))
	// And cells equal to an event column as references to it, for every
	// field.
	defer index.SetColumnRefs(index.SetColumnRefs(true))
	if _, err := index.Build(root, index.Options{Paths: data, Workers: 2}); err != nil {
		t.Fatal(err)
	}
	r := runner.New(runner.Config{Macros: []string{corpus}, Data: data, QuietFilters: true, Notice: func(string) {}})
	st, _, err := r.Store()
	if err != nil {
		t.Fatal(err)
	}
	base, err := r.Base()
	if err != nil {
		t.Fatal(err)
	}
	if m, err := index.ReadManifest(root); err != nil || !slices.ContainsFunc(m.Summaries, func(p index.SummaryPart) bool { return len(p.Copies) > 0 }) ||
		!slices.ContainsFunc(m.Summaries, func(p index.SummaryPart) bool { return len(p.Refs) > 0 }) {
		t.Fatalf("no summary keeps cells as places or as references (%v): the SQL reads none back", err)
	}
	d, _ := sqlgen.LookupDialect("duckdb")
	paths, err := content.FindDetections([]string{corpus})
	if err != nil {
		t.Fatal(err)
	}
	var dets []detection
	total := 0
	for _, ts := range tstatsLed(r, paths) {
		p, s := ts.path, ts.s
		total++
		res, err := sqlgen.Translate(s.Pipeline, sqlgen.Options{Dialect: d, Tables: sqlgen.Tables{Root: root}, Base: base})
		if err != nil || !res.Complete() {
			continue
		}
		// A dataset no event of the fixture belongs to has no folder
		// for DuckDB to read.
		if !strings.Contains(res.SQL, "read_parquet") || !datasetFolderExists(res.SQL) {
			continue
		}
		dets = append(dets, detection{p, s, res})
	}
	db, err := OpenDuckDB()
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	same, nonEmpty, undeclared := 0, 0, 0
	for _, det := range dets {
		name := strings.TrimPrefix(det.path, corpus+"/")
		want, err := spelunkRows(t, r, st, det.s)
		if err != nil {
			t.Errorf("%s: spelunk: %v", name, err)
			continue
		}
		got, err := Query(db, det.res.SQL)
		if err != nil && strings.Contains(err.Error(), "not found in FROM clause") {
			// The detection names a field the dataset does not declare
			// (dest_category): spelunk reads it as null, the table has
			// no column for it.
			undeclared++
			continue
		}
		if err != nil {
			t.Errorf("%s: DuckDB: %v", name, err)
			continue
		}
		if why := diff(want, got); why != "" && why != orderOnly {
			t.Errorf("%s: %s", name, why)
			continue
		}
		same++
		if len(want.Rows) > 0 {
			nonEmpty++
		}
	}
	t.Logf("%d of %d corpus tstats detections compile entirely over datasets the fixture fills; %d give spelunk's rows (%d non-empty); %d name a field their dataset does not declare",
		len(dets), total, same, nonEmpty, undeclared)
	if nonEmpty == 0 {
		t.Error("no detection gave rows: the comparison shows nothing")
	}
}

// datasetFolderExists reports whether the folders the SQL's read_parquet
// globs name exist.
func datasetFolderExists(q string) bool {
	for _, part := range strings.Split(q, "read_parquet('")[1:] {
		glob, _, _ := strings.Cut(part, "'")
		m, _ := filepath.Glob(glob)
		if len(m) == 0 {
			return false
		}
	}
	return true
}

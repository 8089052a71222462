package sqlgen_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/sqlgen"
)

// TestSummaryCopies: over an index whose manifest says a dataset's
// summary keeps some fields' cells as their event's place in _raw
// (docs/INDEX.md), DuckDB's SQL reads them back by joining the events on
// _spelunk_seq, and the cells kept as references to an event column from
// that column; the other dialects stop; a dataset without copies, or a
// root holding no index, reads the summary's files alone.
func TestSummaryCopies(t *testing.T) {
	root := t.TempDir()
	manifest := `{"version": 2, "summaries": [{"path": "datamodel=Endpoint/dataset=Processes/part-0.parquet",
		"dataset": "Endpoint.Processes", "copies": ["process_guid", "process_hash"]}]}`
	if err := os.WriteFile(filepath.Join(root, "spelunk-index.json"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	// An index of version 3 whose parts refer a field to two event
	// columns, and whose cells of a field are places in one part and
	// references in another.
	refs := filepath.Join(root, "refs")
	manifest = `{"version": 3, "summaries": [{"path": "datamodel=Endpoint/dataset=Processes/part-0.parquet",
		"dataset": "Endpoint.Processes", "copies": ["process_guid", "process_hash"], "refs": {"process_path": "Image"}},
		{"path": "datamodel=Endpoint/dataset=Processes/part-1.parquet", "dataset": "Endpoint.Processes",
		"refs": {"process_path": "NewProcessName", "process_hash": "Hashes"}}]}`
	if err := os.MkdirAll(refs, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(refs, "spelunk-index.json"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, dialect, root, query string
		want, absent               []string // parts of the SQL; stop when want is nil
	}{
		{"duckdb copies", "duckdb", root, `| tstats count from datamodel=Endpoint.Processes by Processes.process_hash`,
			[]string{`coalesce(s."process_hash", substr(e._raw, (s."_spelunk_eref_process_hash" >> 32) + 1, s."_spelunk_eref_process_hash" & 4294967295)) AS "process_hash"`,
				`coalesce(s."process_guid", `, "LEFT JOIN (SELECT _spelunk_seq, _raw FROM read_parquet('" + root + "/index=*/sourcetype=*/day=*/*.parquet'",
				"e._spelunk_seq = s._spelunk_seq"}, nil},
		{"duckdb references", "duckdb", refs, `| tstats count from datamodel=Endpoint.Processes by Processes.process_path Processes.process_hash`,
			[]string{`coalesce(s."process_path", CASE s."_spelunk_cref_process_path" WHEN 'Image' THEN e."Image" WHEN 'NewProcessName' THEN e."NewProcessName" END) AS "process_path"`,
				`coalesce(s."process_hash", substr(e._raw, (s."_spelunk_eref_process_hash" >> 32) + 1, s."_spelunk_eref_process_hash" & 4294967295), CASE s."_spelunk_cref_process_hash" WHEN 'Hashes' THEN e."Hashes" END) AS "process_hash"`,
				`LEFT JOIN (SELECT _spelunk_seq, _raw, "Hashes", "Image", "NewProcessName" FROM read_parquet(`}, nil},
		{"duckdb no copies in dataset", "duckdb", root, `| tstats count from datamodel=Network_Traffic.All_Traffic by All_Traffic.dest`,
			[]string{"read_parquet('" + root + "/datamodel=Network_Traffic/dataset=All_Traffic/*.parquet'"}, []string{"_spelunk_eref_", "JOIN"}},
		{"duckdb no index", "duckdb", filepath.Join(root, "none"), `| tstats count from datamodel=Endpoint.Processes by Processes.process_hash`,
			[]string{"/datamodel=Endpoint/dataset=Processes/*.parquet"}, []string{"_spelunk_eref_", "JOIN"}},
		{"clickhouse stops", "clickhouse", root, `| tstats count from datamodel=Endpoint.Processes by Processes.process_hash`, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := spl.Parse(c.query)
			if err != nil {
				t.Fatal(err)
			}
			d, err := sqlgen.LookupDialect(c.dialect)
			if err != nil {
				t.Fatal(err)
			}
			res, err := sqlgen.Translate(p, sqlgen.Options{Dialect: d, Base: builtinBase(t), Tables: sqlgen.Tables{Root: c.root}})
			if c.want == nil {
				// Nothing translates: the stop is the error.
				if err == nil || !strings.Contains(err.Error(), "place in _raw") {
					t.Errorf("error %v: want a stop naming the places in _raw", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !res.Complete() {
				t.Fatalf("stopped: %s", res.Stop)
			}
			for _, w := range c.want {
				if !strings.Contains(res.SQL, w) {
					t.Errorf("SQL lacks %q:\n%s", w, res.SQL)
				}
			}
			for _, a := range c.absent {
				if strings.Contains(res.SQL, a) {
					t.Errorf("SQL holds %q:\n%s", a, res.SQL)
				}
			}
		})
	}
}

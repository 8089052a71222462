package sqlrun

import (
	"context"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/sqlgen"
	"github.com/spelunk-dev/spelunk/value"
)

// detection is one corpus tstats detection with its SQL.
type detection struct {
	path string
	s    *runner.Search
	res  *sqlgen.Result
}

// corpusRun translates the corpus's tstats detections for a dialect over
// tables under root and loads ../shared/realdata, whose dataset rows both
// sides read.
func corpusRun(t *testing.T, d *sqlgen.Dialect, tables sqlgen.Tables) (*runner.Runner, engine.Source, []detection, int) {
	t.Helper()
	corpus, realdata := os.Getenv("SPELUNK_CORPUS"), os.Getenv("SPELUNK_REALDATA")
	if corpus == "" || realdata == "" {
		t.Skip("SPELUNK_CORPUS or SPELUNK_REALDATA is not set")
	}
	r := runner.New(runner.Config{Macros: []string{corpus}, Data: []string{realdata}, QuietFilters: true, Notice: func(string) {}})
	st, _, err := r.Store()
	if err != nil {
		t.Fatal(err)
	}
	base, err := r.Base()
	if err != nil {
		t.Fatal(err)
	}
	paths, err := content.FindDetections([]string{corpus})
	if err != nil {
		t.Fatal(err)
	}
	var out []detection
	total := 0
	for _, ts := range tstatsLed(r, paths) {
		p, s := ts.path, ts.s
		total++
		res, err := sqlgen.Translate(s.Pipeline, sqlgen.Options{Dialect: d, Tables: tables, Base: base})
		if err != nil || !res.Complete() {
			continue
		}
		out = append(out, detection{p, s, res})
	}
	return r, st, out, total
}

// tstatsSearch is a detection whose prepared search starts with tstats.
type tstatsSearch struct {
	path string
	s    *runner.Search
}

// tstatsLed prepares the detections at paths whose search starts with
// tstats, in order, leaving out those that do not load or prepare.
func tstatsLed(r *runner.Runner, paths []string) []tstatsSearch {
	var out []tstatsSearch
	for _, p := range paths {
		det, err := content.LoadDetection(p)
		if err != nil || !strings.Contains(det.Search, "tstats") {
			continue
		}
		s, err := r.PrepareDetection(det)
		if err != nil || len(s.Pipeline.Commands) == 0 {
			continue
		}
		if _, ok := s.Pipeline.Commands[0].(*spl.TstatsCommand); ok {
			out = append(out, tstatsSearch{p, s})
		}
	}
	return out
}

// datasetRows reads each dataset the detections read, with the columns
// they read.
func datasetRows(t *testing.T, src engine.Source, dets []detection) (map[string][]value.Fields, map[string][]string) {
	t.Helper()
	cols := map[string]map[string]bool{}
	for _, d := range dets {
		if d.res.Dataset == "" {
			continue
		}
		if cols[d.res.Dataset] == nil {
			cols[d.res.Dataset] = map[string]bool{}
		}
		for _, c := range d.res.Reads {
			cols[d.res.Dataset][c] = true
		}
	}
	rows := map[string][]value.Fields{}
	names := map[string][]string{}
	for name, set := range cols {
		ds, err := src.Dataset(name)
		if err != nil {
			t.Fatal(err)
		}
		var list []value.Fields
		if err := ds.Scan(context.Background(), func(r value.Fields) error {
			list = append(list, r.Clone())
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		rows[name] = list
		for c := range set {
			names[name] = append(names[name], c)
		}
		sort.Strings(names[name])
	}
	return rows, names
}

// spelunkRows runs a detection in memory and prints its rows as text in
// the given column order.
func spelunkRows(t *testing.T, r *runner.Runner, src engine.Source, s *runner.Search) (*Rows, error) {
	res, err := r.RunOn(context.Background(), s, src, runner.RunOptions{Quiet: true})
	if err != nil {
		return nil, err
	}
	out := &Rows{Columns: res.Columns}
	for _, row := range res.Rows {
		cells := make([]string, len(res.Columns))
		for i, c := range res.Columns {
			cells[i] = row.Get(c).String()
		}
		out.Rows = append(out.Rows, cells)
	}
	return out, nil
}

// diff says how two results differ ("" when they are the same): the
// columns, the number of rows, a row's cells, or only their order.
func diff(want, got *Rows) string {
	if len(want.Rows) == 0 && len(want.Columns) == 0 {
		// spelunk names no columns when nothing came out.
		if len(got.Rows) == 0 {
			return ""
		}
		return "rows 0 vs " + itoa(len(got.Rows))
	}
	if strings.Join(want.Columns, ",") != strings.Join(got.Columns, ",") {
		return "columns " + strings.Join(want.Columns, ",") + " vs " + strings.Join(got.Columns, ",")
	}
	if len(want.Rows) != len(got.Rows) {
		return "rows " + itoa(len(want.Rows)) + " vs " + itoa(len(got.Rows))
	}
	if sameRows(want.Rows, got.Rows) {
		return ""
	}
	w, g := sorted(want.Rows), sorted(got.Rows)
	if sameRows(w, g) {
		return orderOnly
	}
	for i := range w {
		for j := range w[i] {
			if !SameCell(w[i][j], g[i][j]) {
				return "column " + want.Columns[j] + ": " + quote(w[i][j]) + " vs " + quote(g[i][j])
			}
		}
	}
	return "rows differ"
}

const orderOnly = "same rows in another order"

func sameRows(a, b [][]string) bool {
	for i := range a {
		for j := range a[i] {
			if !SameCell(a[i][j], b[i][j]) {
				return false
			}
		}
	}
	return true
}

func sorted(rows [][]string) [][]string {
	out := append([][]string(nil), rows...)
	sort.Slice(out, func(i, j int) bool { return strings.Join(out[i], "\x00") < strings.Join(out[j], "\x00") })
	return out
}

func itoa(n int) string {
	return strings.TrimSpace(strings.Repeat(" ", 0) + value.FormatNumber(float64(n)))
}

func quote(s string) string {
	if len(s) > 60 {
		s = s[:60] + "..."
	}
	return "\"" + s + "\""
}

// TestCorpusTstatsDuckDB runs every corpus tstats detection that compiles
// entirely to SQL on DuckDB over Parquet tables of ../shared/realdata's
// dataset rows, and in spelunk over the same rows, and lists any that
// differ.
func TestCorpusTstatsDuckDB(t *testing.T) {
	root := t.TempDir()
	d, _ := sqlgen.LookupDialect("duckdb")
	r, src, dets, total := corpusRun(t, d, sqlgen.Tables{Root: root})
	db, err := OpenDuckDB()
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, cols := datasetRows(t, src, dets)
	for name, list := range rows {
		multi, err := WriteDataset(db, root, name, list, cols[name])
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Logf("dataset %s: %d rows; multivalue cells by field: %v", name, len(list), multi)
	}
	compareAll(t, "DuckDB", r, src, dets, total, func(q string) (*Rows, error) { return Query(db, q) })
}

// TestCorpusTstatsClickHouse does the same on a clickhouse-server started
// for the test, with the dataset rows loaded into MergeTree tables.
func TestCorpusTstatsClickHouse(t *testing.T) {
	if testing.Short() {
		t.Skip("starts clickhouse-server")
	}
	d, _ := sqlgen.LookupDialect("clickhouse")
	tables := sqlgen.Tables{Dataset: `"{model}__{dataset}"`, TimeEpoch: true}
	if os.Getenv("SPELUNK_CORPUS") == "" || os.Getenv("SPELUNK_REALDATA") == "" {
		t.Skip("SPELUNK_CORPUS or SPELUNK_REALDATA is not set")
	}
	ch, err := StartClickHouse(t.TempDir())
	if err != nil {
		t.Skipf("no ClickHouse: %v", err)
	}
	defer ch.Stop()
	r, src, dets, total := corpusRun(t, d, tables)
	rows, cols := datasetRows(t, src, dets)
	for name, list := range rows {
		if err := ch.LoadDataset(name, list, cols[name]); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	compareAll(t, "ClickHouse", r, src, dets, total, ch.Query)
}

// compareAll runs each detection both ways and lists those that differ.
func compareAll(t *testing.T, engineName string, r *runner.Runner, src engine.Source, dets []detection, total int, query func(string) (*Rows, error)) {
	t.Helper()
	same, nonEmpty := 0, 0
	var differ, order []string
	for _, det := range dets {
		want, err := spelunkRows(t, r, src, det.s)
		if err != nil {
			differ = append(differ, det.path+": spelunk: "+err.Error())
			continue
		}
		got, err := query(det.res.SQL)
		if err != nil {
			differ = append(differ, det.path+": "+engineName+": "+err.Error())
			continue
		}
		if why := diff(want, got); why != "" {
			if why == orderOnly {
				order = append(order, det.path)
				continue
			}
			differ = append(differ, det.path+": "+why)
			continue
		}
		same++
		if len(want.Rows) > 0 {
			nonEmpty++
		}
	}
	t.Logf("%s: %d of %d corpus tstats detections compile entirely; %d give spelunk's rows (%d of them non-empty); %d give them in another order; %d differ",
		engineName, len(dets), total, same, nonEmpty, len(order), len(differ))
	// A BY column mixing numbers and text (decimal and hexadecimal
	// process ids) sorts numbers first in SQL, where spelunk compares
	// each pair (docs/SEMANTICS.md, "SQL translation").
	for _, p := range order {
		t.Logf("same rows in another order: %s", strings.TrimPrefix(p, os.Getenv("SPELUNK_CORPUS")+"/"))
	}
	for _, d := range differ {
		t.Errorf("differs: %s", strings.TrimPrefix(d, os.Getenv("SPELUNK_CORPUS")+"/"))
	}
}

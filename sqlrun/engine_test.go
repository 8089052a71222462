package sqlrun

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/lookups"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/sqlexec"
	"github.com/spelunk-dev/spelunk/sqlgen"
	"github.com/spelunk-dev/spelunk/value"
)

// goldenTstats are the golden cases of tstats over a data model
// (testdata/golden/tstats_*): their data and search.
var goldenTstats = []struct{ data, query string }{
	{"security_auth.log", `| tstats count from datamodel=Authentication by Authentication.action Authentication.user Authentication.src`},
	{"security_auth.log", `| tstats count from datamodel=Authentication where nodename=Authentication.Failed_Authentication by Authentication.user`},
	{"security_change.log", `| tstats count from datamodel=Change by All_Changes.action All_Changes.user All_Changes.object_category`},
	{"sysmon_filesystem.log", `| tstats count from datamodel=Endpoint.Filesystem by Filesystem.file_path Filesystem.action`},
	{"sysmon_dns.log", `| tstats count from datamodel=Network_Resolution by DNS.query DNS.reply_code_id`},
	{"sysmon_network.log", `| tstats count from datamodel=Network_Traffic by All_Traffic.dest All_Traffic.dest_port All_Traffic.transport`},
	{"sysmon_registry.log", `| tstats count from datamodel=Endpoint.Registry by Registry.registry_path`},
	{"sysmon_registry.log", `| tstats count from datamodel=Endpoint.Registry by Registry.registry_value_name Registry.registry_value_data Registry.action`},
	{"web_nginx.log", `| tstats count from datamodel=Web by Web.url Web.status Web.http_method`},
	// The same with a rest that SQL does not run (rex, eventstats).
	{"security_auth.log", `| tstats count from datamodel=Authentication by Authentication.user | rex field=Authentication.user "(?<first>^.)" | eventstats sum(count) AS total`},
}

// engines are the engines a test compares with spelunk in memory: each
// loads a dataset's rows into its tables, then runs searches.
type testEngine struct {
	name string
	load func(name string, rows []value.Fields, cols []string) error
	e    sqlexec.Engine
}

// startEngines opens DuckDB over a temporary index folder and, when
// clickhouse-server is installed, ClickHouse (saying so when it is not).
func startEngines(t *testing.T) []testEngine {
	t.Helper()
	root := t.TempDir()
	e, err := OpenDuckDBEngine("duckdb:" + root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	db := e.(*DuckDB).DB
	out := []testEngine{{"DuckDB", func(name string, rows []value.Fields, cols []string) error {
		_, err := WriteDataset(db, root, name, rows, cols)
		return err
	}, e}}
	if testing.Short() {
		t.Log("no ClickHouse: -short")
		return out
	}
	ch, err := StartClickHouse(t.TempDir())
	if err != nil {
		t.Logf("no ClickHouse: %v", err)
		return out
	}
	t.Cleanup(ch.Stop)
	ce, err := sqlexec.DialClickHouse("clickhouse://" + ch.Addr + "/default")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ce.Close() })
	t.Logf("ClickHouse on %s", ch.Addr)
	return append(out, testEngine{"ClickHouse", ch.LoadDataset, ce})
}

// resultRows prints a result as text, as spelunkRows does.
func resultRows(res *engine.Result) *Rows {
	out := &Rows{Columns: res.Columns}
	for _, row := range res.Rows {
		cells := make([]string, len(res.Columns))
		for i, c := range res.Columns {
			cells[i] = row.Get(c).String()
		}
		out.Rows = append(out.Rows, cells)
	}
	return out
}

// loadDataset loads every row of a dataset into each engine, with the
// columns a translation reads.
func loadDataset(t *testing.T, engines []testEngine, src engine.Source, tr *sqlgen.Result) {
	t.Helper()
	ds, err := src.Dataset(tr.Dataset)
	if err != nil {
		t.Fatal(err)
	}
	var rows []value.Fields
	if err := ds.Scan(context.Background(), func(r value.Fields) error {
		rows = append(rows, r.Clone())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, e := range engines {
		if err := e.load(tr.Dataset, rows, tr.Reads); err != nil {
			t.Fatalf("%s: %s: %v", e.name, tr.Dataset, err)
		}
	}
}

// TestRunEngineGolden: sqlexec.Run on each engine gives the rows of the
// golden tstats cases that spelunk gives in memory over the same data.
func TestRunEngineGolden(t *testing.T) {
	engines := startEngines(t)
	for _, c := range goldenTstats {
		t.Run(c.query, func(t *testing.T) {
			r := runner.New(runner.Config{Data: []string{filepath.Join("..", "testdata", "datamodels", c.data)}, Notice: func(string) {}})
			st, _, err := r.Store()
			if err != nil {
				t.Fatal(err)
			}
			s, err := r.Prepare("", c.query, "")
			if err != nil {
				t.Fatal(err)
			}
			o := runner.RunOptions{Quiet: true, Now: runner.DataEnd(st)}
			res, err := r.RunOn(context.Background(), s, st, o)
			if err != nil {
				t.Fatal(err)
			}
			want := resultRows(res)
			if len(want.Rows) == 0 {
				t.Fatal("spelunk gives no rows: the case tests nothing")
			}
			base, _ := r.Base()
			tr, err := sqlgen.Translate(s.Pipeline, sqlgen.Options{Dialect: engines[0].e.Dialect(), Base: base})
			if err != nil {
				t.Fatal(err)
			}
			loadDataset(t, engines, st, tr)
			for _, e := range engines {
				got, _, err := sqlexec.Run(context.Background(), r, s, e.e, o)
				if err != nil {
					t.Fatalf("%s: %v", e.name, err)
				}
				if why := diff(want, resultRows(got)); why != "" {
					t.Errorf("%s: %s", e.name, why)
				}
			}
		})
	}
}

// TestRunEngineCorpus runs corpus tstats detections through sqlexec.Run
// on each engine over ../shared/realdata's dataset rows, and in spelunk in
// memory, and lists those that differ: every detection whose SQL stops
// before its end (spelunk runs the rest) and every tenth of those that
// compile entirely. SQLRUN_ONLY=<part of a path> runs only the matching
// detections and prints the rows of those that differ.
func TestRunEngineCorpus(t *testing.T) {
	corpus, realdata := os.Getenv("SPELUNK_CORPUS"), os.Getenv("SPELUNK_REALDATA")
	if corpus == "" || realdata == "" {
		t.Skip("SPELUNK_CORPUS or SPELUNK_REALDATA is not set")
	}
	engines := startEngines(t)
	r := runner.New(runner.Config{Macros: []string{corpus}, Data: []string{realdata}, QuietFilters: true, Notice: func(string) {}})
	st, _, err := r.Store()
	if err != nil {
		t.Fatal(err)
	}
	base, _ := r.Base()
	paths, err := content.FindDetections([]string{corpus})
	if err != nil {
		t.Fatal(err)
	}
	type job struct {
		path string
		s    *runner.Search
	}
	var jobs []job
	var dets []detection
	complete, total := 0, 0
	for _, ts := range tstatsLed(r, paths) {
		p, s := ts.path, ts.s
		total++
		opt, err := r.EngineOptions(s, runner.RunOptions{Quiet: true})
		if err != nil {
			t.Fatal(err)
		}
		find := func(name string) (*lookups.Table, error) {
			if opt.Lookups == nil {
				return nil, errors.New("no lookups")
			}
			return opt.Lookups.Table(name)
		}
		tr, err := sqlgen.Translate(s.Pipeline, sqlgen.Options{Dialect: engines[0].e.Dialect(), Base: base, Lookup: find})
		if err != nil {
			continue
		}
		if only := os.Getenv("SQLRUN_ONLY"); only != "" && !strings.Contains(p, only) {
			continue
		}
		if tr.Complete() {
			complete++
			if complete%10 != 1 {
				continue
			}
		}
		jobs = append(jobs, job{p, s})
		dets = append(dets, detection{p, s, tr})
	}
	t.Logf("with lookups as joins, %d of %d corpus tstats detections compile entirely (DuckDB)", complete, total)
	rows, cols := datasetRows(t, st, dets)
	for name, list := range rows {
		for _, e := range engines {
			if err := e.load(name, list, cols[name]); err != nil {
				t.Fatalf("%s: %s: %v", e.name, name, err)
			}
		}
	}
	o := runner.RunOptions{Quiet: true, Now: runner.DataEnd(st)}
	for _, e := range engines {
		same, nonEmpty, partial, memFail := 0, 0, 0, 0
		for i, j := range jobs {
			name := strings.TrimPrefix(j.path, corpus+"/")
			res, err := r.RunOn(context.Background(), j.s, st, o)
			if err != nil {
				memFail++ // spelunk cannot run it in memory either
				continue
			}
			want := resultRows(res)
			got, _, err := sqlexec.Run(context.Background(), r, j.s, e.e, o)
			if err != nil {
				t.Errorf("%s: %s: %v", e.name, name, err)
				continue
			}
			if why := diff(want, resultRows(got)); why != "" && why != orderOnly {
				t.Errorf("%s: %s: %s", e.name, name, why)
				if os.Getenv("SQLRUN_ONLY") != "" {
					t.Logf("want %v\ngot %v", want, resultRows(got))
				}
				continue
			}
			same++
			if len(want.Rows) > 0 {
				nonEmpty++
			}
			if !dets[i].res.Complete() {
				partial++
			}
		}
		t.Logf("%s: run --engine gives spelunk's rows for %d of %d corpus tstats detections (%d non-empty; %d with a rest run in spelunk); %d fail in memory too",
			e.name, same, len(jobs), nonEmpty, partial, memFail)
	}
}

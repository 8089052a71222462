package sqlrun

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/internal/benchgen"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/sqlgen"
	"github.com/spelunk-dev/spelunk/value"
)

// broadQuery is the benchmark's broad tstats (docs/PERFORMANCE.md).
const broadQuery = `| tstats count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes by Processes.dest Processes.user Processes.process_name Processes.parent_process_name`

type broadSetup struct {
	r   *runner.Runner
	src engine.Source
	s   *runner.Search
	sql string
	err error
}

var (
	broadOnce sync.Once
	broad     broadSetup
	broadDir  string
)

// setupBroad generates the benchmark's Sysmon events (W1: 200,000 unless
// SQLRUN_BENCH_EVENTS says otherwise), loads them into spelunk's store and
// writes Endpoint.Processes as a Parquet dataset table from the store's
// own rows.
func setupBroad(b *testing.B) *broadSetup {
	broadOnce.Do(func() {
		n := 200000
		if v, err := strconv.Atoi(os.Getenv("SQLRUN_BENCH_EVENTS")); err == nil && v > 0 {
			n = v
		}
		dir, err := os.MkdirTemp("", "sqlrun-bench-")
		if err != nil {
			broad.err = err
			return
		}
		broadDir = dir
		data := filepath.Join(dir, "w1.log")
		f, err := os.Create(data)
		if err != nil {
			broad.err = err
			return
		}
		if err := benchgen.Generate(f, benchgen.Options{Events: n, Seed: 1, Format: benchgen.SysmonXML}); err != nil {
			broad.err = err
			return
		}
		f.Close()
		r := runner.New(runner.Config{Data: []string{data}, Notice: func(string) {}})
		st, _, err := r.Store()
		if err != nil {
			broad.err = err
			return
		}
		s, err := r.Prepare("", broadQuery, "")
		if err != nil {
			broad.err = err
			return
		}
		base, _ := r.Base()
		root := filepath.Join(dir, "idx")
		res, err := sqlgen.Translate(s.Pipeline, sqlgen.Options{Dialect: duckdbDialect(), Tables: sqlgen.Tables{Root: root}, Base: base})
		if err != nil {
			broad.err = err
			return
		}
		rows, cols := datasetRowsOf(st, res)
		db, err := OpenDuckDB()
		if err != nil {
			broad.err = err
			return
		}
		defer db.Close()
		if _, err := WriteDataset(db, root, res.Dataset, rows, cols); err != nil {
			broad.err = err
			return
		}
		broad = broadSetup{r: r, src: st, s: s, sql: res.SQL}
	})
	if broad.err != nil {
		b.Fatal(broad.err)
	}
	return &broad
}

func duckdbDialect() *sqlgen.Dialect { d, _ := sqlgen.LookupDialect("duckdb"); return d }

func datasetRowsOf(src engine.Source, res *sqlgen.Result) ([]value.Fields, []string) {
	ds, err := src.Dataset(res.Dataset)
	if err != nil {
		return nil, res.Reads
	}
	var out []value.Fields
	ds.Scan(context.Background(), func(r value.Fields) error {
		out = append(out, r.Clone())
		return nil
	})
	return out, res.Reads
}

// BenchmarkBroadTstats times the broad tstats in spelunk's memory over its
// store, and its SQL on DuckDB over the Parquet dataset table made from
// the same rows (the store and the table are built once, outside the
// timing).
func BenchmarkBroadTstats(b *testing.B) {
	st := setupBroad(b)
	// The answers first: the same rows both ways.
	want, err := spelunkRows(nil, st.r, st.src, st.s)
	if err != nil {
		b.Fatal(err)
	}
	db0, err := OpenDuckDB()
	if err != nil {
		b.Fatal(err)
	}
	got, err := Query(db0, st.sql)
	db0.Close()
	if err != nil {
		b.Fatal(err)
	}
	if why := diff(want, got); why != "" && why != orderOnly {
		b.Fatalf("DuckDB's rows differ from spelunk's: %s", why)
	}
	b.Logf("%d groups", len(want.Rows))
	b.Run("spelunk-memory", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := st.r.RunOn(context.Background(), st.s, st.src, runner.RunOptions{Quiet: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("duckdb-parquet", func(b *testing.B) {
		db, err := OpenDuckDB()
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		for i := 0; i < b.N; i++ {
			if _, err := Query(db, st.sql); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestMain(m *testing.M) {
	code := m.Run()
	if broadDir != "" {
		os.RemoveAll(broadDir)
	}
	os.Exit(code)
}

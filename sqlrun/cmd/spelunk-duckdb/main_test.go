package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/output"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/sqlexec"
	"github.com/spelunk-dev/spelunk/sqlrun"
	"github.com/spelunk-dev/spelunk/value"
)

// TestRunDuckDB: spelunk-duckdb run --engine duckdb:ROOT over a dataset
// table written from the seed data prints what spelunk run prints over
// the data itself.
func TestRunDuckDB(t *testing.T) {
	sqlexec.Register("duckdb", sqlrun.OpenDuckDBEngine)
	seed := filepath.Join("..", "..", "..", "testdata", "seed")
	query := `| tstats count min(_time) AS first from datamodel=Endpoint.Processes by Processes.dest Processes.process_name | rename Processes.* AS * | eval first=strftime(first, "%Y-%m-%d")`
	r := runner.New(runner.Config{Data: []string{filepath.Join(seed, "data")}, Notice: func(string) {}})
	st, _, err := r.Store()
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.Prepare("", query, "")
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.RunOn(context.Background(), s, st, runner.RunOptions{Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := output.Write(&want, res, "csv", time.UTC); err != nil {
		t.Fatal(err)
	}
	ds, err := st.Dataset("Endpoint.Processes")
	if err != nil {
		t.Fatal(err)
	}
	var rows []value.Fields
	ds.Scan(context.Background(), func(r value.Fields) error {
		rows = append(rows, r.Clone())
		return nil
	})
	root := t.TempDir()
	db, err := sqlrun.OpenDuckDB()
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := sqlrun.WriteDataset(db, root, "Endpoint.Processes", rows, []string{"dest", "process_name"}); err != nil {
		t.Fatal(err)
	}
	var got, errb bytes.Buffer
	if err := run([]string{"run", "--engine", "duckdb:" + root, "--format", "csv", query}, &got, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	if d := cmp.Diff(want.String(), got.String()); d != "" || want.Len() == 0 {
		t.Errorf("(-spelunk run +spelunk-duckdb):\n%s", d)
	}
}

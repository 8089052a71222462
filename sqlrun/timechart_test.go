package sqlrun

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/sqlexec"
	"github.com/spelunk-dev/spelunk/sqlgen"
	"github.com/spelunk-dev/spelunk/value"
)

// semSource is semEvents as an in-memory source, newest first.
type semSource struct{}

func (semSource) Scan(ctx context.Context, req engine.EventScan, fn func(value.Fields) error) error {
	rows := semEvents()
	keep := func(value.Fields) bool { return true }
	if req.NewKeep != nil {
		keep = req.NewKeep()
	}
	for i := len(rows) - 1; i >= 0; i-- {
		if keep(rows[i]) {
			if err := fn(rows[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

func (semSource) Dataset(string) (engine.Dataset, error) { return nil, errors.New("no datasets") }

// TestTimechartEngines: timechart span= count [by x], counted in SQL and
// pivoted in spelunk, gives the rows of timechart in spelunk over the
// same events, on DuckDB and ClickHouse.
func TestTimechartEngines(t *testing.T) {
	queries := []string{
		`search * | timechart span=1h count`,
		`search * | timechart span=1h count by status`,
		`search * | table _time status | eval s=if(status="abc", null(), status) | timechart span=1h count by s`,
		`search * | timechart span=1h limit=2 count AS n by user`,
		`search * | timechart span=30m count by status | eval total='200'+'404'`,
	}
	root := t.TempDir()
	de, err := OpenDuckDBEngine("duckdb:" + root)
	if err != nil {
		t.Fatal(err)
	}
	defer de.Close()
	dir := filepath.Join(root, "index=main", "sourcetype=test", "day=1970-01-01")
	if _, err := WriteTable(de.(*DuckDB).DB, dir, semEvents(), semColumns); err != nil {
		t.Fatal(err)
	}
	engines := map[string]sqlexec.Engine{"DuckDB": de}
	if !testing.Short() {
		if ch, err := StartClickHouse(t.TempDir()); err != nil {
			t.Logf("no ClickHouse: %v", err)
		} else {
			defer ch.Stop()
			if err := ch.LoadTable("events", semEvents(), semColumns); err != nil {
				t.Fatal(err)
			}
			ce, err := sqlexec.DialClickHouse("clickhouse://" + ch.Addr + "/default")
			if err != nil {
				t.Fatal(err)
			}
			defer ce.Close()
			engines["ClickHouse"] = sqlexec.WithTables(ce, sqlgen.Tables{Events: "events", TimeEpoch: true, Seq: true})
		}
	}
	r := runner.New(runner.Config{Notice: func(string) {}})
	o := runner.RunOptions{Quiet: true}
	for _, q := range queries {
		s, err := r.Prepare("", q, "")
		if err != nil {
			t.Fatal(err)
		}
		res, err := r.RunOn(context.Background(), s, semSource{}, o)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		want := resultRows(res)
		if len(want.Rows) == 0 {
			t.Fatalf("%s: no rows", q)
		}
		for name, e := range engines {
			got, tr, err := sqlexec.Run(context.Background(), r, s, e, o)
			if err != nil {
				t.Fatalf("%s: %s: %v", name, q, err)
			}
			if !strings.Contains(tr.Stop, "SQL counts") {
				t.Errorf("%s: %s: the SQL stops at %s", name, q, tr.Stop)
			}
			if why := diff(want, resultRows(got)); why != "" {
				t.Errorf("%s: %s: %s\nwant %v\ngot %v\nrest %s", name, q, why, want, resultRows(got), tr.RestText())
			}
		}
	}
}

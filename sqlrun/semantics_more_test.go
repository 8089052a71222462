package sqlrun

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/lookups"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/sqlexec"
	"github.com/spelunk-dev/spelunk/sqlgen"
)

// moreCases: percentiles, day and week spans and lookups as joins, each
// worked out by hand over semEvents (size 10, 9, 100 and missing; status
// 200, 404, 500, abc; user Bob, alice, "" and missing; _time 1000, 2000,
// 3700, 7300) from the page cited.
var moreCases = []struct {
	name, query string
	want        [][]string
}{
	// Search Reference, statistical functions, perc/exactperc/upperperc
	// and median: below 1000 distinct values the nearest rank, 0-based
	// floor(p*n/100) (docs/SEMANTICS.md §6; golden ans_percentiles).
	// size's numbers sorted: 9 10 100.
	{"percentiles", `search * | stats perc95(size) AS p95 median(size) AS m p50(size) AS p50 exactperc25(size) AS e25 upperperc75(size) AS u75`,
		[][]string{{"100", "10", "10", "9", "100"}}},
	// status's numbers 200 404 500 ("abc" is not one).
	{"median skips text", `search * | stats median(status) AS m`, [][]string{{"404"}}},
	// Unconfirmed (docs/SEMANTICS.md §6): an even count takes the higher
	// middle value: 200 404 gives 404.
	{"median of two", `search status!=500 | stats median(status) AS m`, [][]string{{"404"}}},
	{"percentile by group", `search * | table size | eval g=if(size > 9, "big", "small") | stats p50(size) AS p by g`,
		[][]string{{"big", "100"}, {"small", "9"}}},
	// Search Reference, bin: day spans align to midnight in the user's
	// time zone (UTC here), in whole days since the epoch; a week is 7
	// days. _time*100000 gives 1e8, 2e8, 3.7e8, 7.3e8.
	{"bin 2d", `search * | table _time | eval _time=_time*100000 | bin _time span=2d | stats count by _time`,
		[][]string{{"99878400", "1"}, {"199929600", "1"}, {"369964800", "1"}, {"729907200", "1"}}},
	{"bin 1w", `search * | table _time | eval _time=_time*100000 | bin _time span=1w | stats count by _time`,
		[][]string{{"99792000", "1"}, {"199584000", "1"}, {"369532800", "1"}, {"729993600", "1"}}},
	// Search Reference, lookup; transforms.conf: matching is exact and
	// case-sensitive unless case_sensitive_match=false; several matching
	// rows give a multivalue output in file order, empty cells add
	// nothing, and a row without a match keeps its fields
	// (docs/SEMANTICS.md §11). users.csv: bob, alice twice.
	{"lookup case-sensitive", `search * | table _time user | lookup users user OUTPUT dept | sort _time | table _time user dept`,
		[][]string{{"1000", "Bob", ""}, {"2000", "alice", "it\nit2"}, {"3700", "", ""}, {"7300", "", ""}}},
	{"lookup case-insensitive", `search * | table _time user | lookup users_ci user OUTPUT role | sort _time | table _time role`,
		[][]string{{"1000", "admin"}, {"2000", "ops"}, {"3700", ""}, {"7300", ""}}},
	{"lookup outputnew", `search * | table _time user | eval dept=if(user="alice", "keep", null()) | lookup users_ci user OUTPUTNEW dept | sort _time | table _time dept`,
		[][]string{{"1000", "sales"}, {"2000", "keep"}, {"3700", ""}, {"7300", ""}}},
	{"lookup every column", `search * | table _time user | lookup users_ci user | where isnotnull(role) | sort _time | table _time dept role`,
		[][]string{{"1000", "sales", "admin"}, {"2000", "it\nit2", "ops"}}},
}

// lookupDir writes the lookups the cases read.
func lookupDir(t *testing.T) *lookups.Registry {
	dir := t.TempDir()
	files := map[string]string{
		"users.csv":       "user,dept,role\nbob,sales,admin\nalice,it,\nalice,it2,ops\n",
		"transforms.conf": "[users_ci]\nfilename = users.csv\ncase_sensitive_match = false\n\n[users]\nfilename = users.csv\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	reg := lookups.NewRegistry()
	if err := reg.Load(dir); err != nil {
		t.Fatal(err)
	}
	return reg
}

func runMore(t *testing.T, e sqlexec.Engine, reg *lookups.Registry) {
	for _, c := range moreCases {
		t.Run(c.name, func(t *testing.T) {
			p, err := spl.Parse(c.query)
			if err != nil {
				t.Fatal(err)
			}
			used := map[string]*lookups.Table{}
			res, err := sqlgen.Translate(p, sqlgen.Options{Dialect: e.Dialect(), Tables: e.Tables(),
				Lookup: func(name string) (*lookups.Table, error) {
					tb, err := reg.Table(name)
					used[name] = tb
					return tb, err
				}})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Complete() {
				t.Fatalf("stops: %s", res.Stop)
			}
			for _, name := range res.Lookups {
				if err := e.Upload(context.Background(), sqlgen.LookupTable(name), used[name].Fields, used[name].Rows); err != nil {
					t.Fatal(err)
				}
			}
			rows, err := e.Query(context.Background(), res.SQL)
			if err != nil {
				t.Fatalf("%v\n%s", err, res.SQL)
			}
			var got [][]string
			for _, r := range rows.Rows {
				var cells []string
				for _, col := range rows.Columns {
					cells = append(cells, r.Get(col).String())
				}
				got = append(got, cells)
			}
			same := len(got) == len(c.want)
			for i := 0; same && i < len(got); i++ {
				same = len(got[i]) == len(c.want[i])
				for j := 0; same && j < len(got[i]); j++ {
					same = SameCell(c.want[i][j], got[i][j])
				}
			}
			if !same {
				t.Errorf("%s (-want +got):\n%s\n%s", c.query, cmp.Diff(c.want, got), res.SQL)
			}
		})
	}
}

func TestSemanticsMoreDuckDB(t *testing.T) {
	root := t.TempDir()
	e, err := OpenDuckDBEngine("duckdb:" + root)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	dir := filepath.Join(root, "index=main", "sourcetype=test", "day=1970-01-01")
	if _, err := WriteTable(e.(*DuckDB).DB, dir, semEvents(), semColumns); err != nil {
		t.Fatal(err)
	}
	runMore(t, e, lookupDir(t))
}

func TestSemanticsMoreClickHouse(t *testing.T) {
	if testing.Short() {
		t.Skip("starts clickhouse-server")
	}
	ch, err := StartClickHouse(t.TempDir())
	if err != nil {
		t.Skipf("no ClickHouse: %v", err)
	}
	defer ch.Stop()
	if err := ch.LoadTable("events", semEvents(), semColumns); err != nil {
		t.Fatal(err)
	}
	e, err := sqlexec.DialClickHouse("clickhouse://" + ch.Addr + "/default")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	runMore(t, sqlexec.WithTables(e, sqlgen.Tables{Events: "events", TimeEpoch: true, Seq: true}), lookupDir(t))
}

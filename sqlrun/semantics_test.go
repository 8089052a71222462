package sqlrun

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/sqlgen"
	"github.com/spelunk-dev/spelunk/value"
)

// semEvents are four events written for the semantics cases: user holds
// a capitalised name, a lower-case one, the empty string, and nothing;
// size holds numbers whose text order differs from their numeric order.
func semEvents() []value.Fields {
	ev := func(t float64, seq int, raw string, kv ...string) value.Fields {
		r := value.Fields{{Name: "_time", Value: value.Num(t)}, {Name: "_raw", Value: value.Str(raw)},
			{Name: "_spelunk_seq", Value: value.Str(itoa(seq))}}
		for i := 0; i < len(kv); i += 2 {
			r = append(r, value.Field{Name: kv[i], Value: value.Str(kv[i+1])})
		}
		return r
	}
	return []value.Fields{
		ev(1000, 0, "User BOB logged in from host-a", "user", "Bob", "status", "200", "size", "10"),
		ev(2000, 1, "user alice: error.", "user", "alice", "status", "404", "size", "9"),
		ev(3700, 2, "errors everywhere", "user", "", "status", "500", "size", "100"),
		ev(7300, 3, "no user here", "status", "abc"),
	}
}

var semColumns = []string{"_raw", "_spelunk_seq", "user", "status", "size"}

// semCases: each expected result is worked out by hand from the page
// cited, over semEvents.
var semCases = []struct {
	name, query string
	want        [][]string
}{
	// Search Reference, search: "Search terms are case-insensitive"; a
	// bare term matches whole terms of _raw (docs/SEMANTICS.md §2).
	{"term ignores case", `search bob | stats count`, [][]string{{"1"}}},
	{"term at boundaries", `search error | stats count`, [][]string{{"1"}}},
	{"term wildcard", `search error* | stats count`, [][]string{{"2"}}},
	// Search Reference, search: field values match case-insensitively,
	// * matches any run of characters.
	{"field value ignores case", `search user=BOB | stats count`, [][]string{{"1"}}},
	{"field wildcard", `search user=A* | stats count`, [][]string{{"1"}}},
	// Search Manual, "Difference between != and NOT": != needs the field,
	// NOT keeps events without it; field=* holds for the empty value
	// (docs/SEMANTICS.md §2).
	{"field exists", `search user=* | stats count`, [][]string{{"3"}}},
	{"not exists", `search NOT user=* | stats count`, [][]string{{"1"}}},
	{"!= needs the field", `search user!=bob | stats count`, [][]string{{"2"}}},
	{"NOT keeps missing", `search NOT user=bob | stats count`, [][]string{{"3"}}},
	// Search Reference, search: < > compare numbers numerically and
	// other values by bytes ("9" > "50" as text, not as numbers).
	{"numeric comparison", `search size>50 | stats count`, [][]string{{"1"}}},
	{"text comparison", `search status<500 | stats count`, [][]string{{"2"}}},
	// Search Reference, stats: count counts events, count(x) the events
	// with x; dc and the numeric functions skip events without the field.
	{"count vs count(x)", `search * | stats count count(user) AS c count(size) AS n`, [][]string{{"4", "3", "3"}}},
	{"stats over missing", `search * | stats sum(size) AS s avg(size) AS a dc(user) AS d`, [][]string{{"119", "39.666666666666664", "3"}}},
	// Statistical functions: min and max are numeric over numbers
	// (lexically "10" < "9", numerically 9 < 10 < 100).
	{"min max numeric", `search * | stats min(size) AS lo max(size) AS hi`, [][]string{{"9", "100"}}},
	// stats BY: an event without the BY field is in no group; groups
	// sort by value, bytes for text ("" < "Bob" < "alice").
	{"by drops missing", `search * | stats count by user`, [][]string{{"", "1"}, {"Bob", "1"}, {"alice", "1"}}},
	// Search Reference, bin: span=1h floors _time to the hour.
	{"bin hour", `search * | table _time | bin _time span=1h | stats count by _time`,
		[][]string{{"0", "2"}, {"3600", "1"}, {"7200", "1"}}},
	// eval: a comparison with a missing field is not true, so if()
	// takes its else branch.
	{"eval if over missing", `search * | table size | eval big=if(size > 50, "y", "n") | stats count by big`,
		[][]string{{"n", "3"}, {"y", "1"}}},
	// A search returns events newest first (Search Manual, "About
	// retrieving events"); head keeps the first.
	{"head newest first", `search * | head 2 | table _time`, [][]string{{"7300"}, {"3700"}}},
	// Search Reference, convert: ctime renders epoch seconds.
	{"ctime", `search * | stats min(_time) AS t | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(t)`, [][]string{{"1970-01-01T00:16:40"}}},
}

func runSemantics(t *testing.T, d *sqlgen.Dialect, tables sqlgen.Tables, query func(string) (*Rows, error)) {
	for _, c := range semCases {
		t.Run(c.name, func(t *testing.T) {
			p, err := spl.Parse(c.query)
			if err != nil {
				t.Fatal(err)
			}
			res, err := sqlgen.Translate(p, sqlgen.Options{Dialect: d, Tables: tables})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Complete() {
				t.Fatalf("stops: %s", res.Stop)
			}
			got, err := query(res.SQL)
			if err != nil {
				t.Fatalf("%v\n%s", err, res.SQL)
			}
			same := len(got.Rows) == len(c.want)
			for i := 0; same && i < len(got.Rows); i++ {
				same = len(got.Rows[i]) == len(c.want[i])
				for j := 0; same && j < len(got.Rows[i]); j++ {
					same = SameCell(c.want[i][j], got.Rows[i][j])
				}
			}
			if !same {
				t.Errorf("%s (-want +got):\n%s\n%s", c.query, cmp.Diff(c.want, got.Rows), res.SQL)
			}
		})
	}
}

func TestSemanticsDuckDB(t *testing.T) {
	root := t.TempDir()
	db, err := OpenDuckDB()
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dir := filepath.Join(root, "index=main", "sourcetype=test", "day=1970-01-01")
	if _, err := WriteTable(db, dir, semEvents(), semColumns); err != nil {
		t.Fatal(err)
	}
	d, _ := sqlgen.LookupDialect("duckdb")
	runSemantics(t, d, sqlgen.Tables{Root: root}, func(q string) (*Rows, error) { return Query(db, q) })
}

func TestSemanticsClickHouse(t *testing.T) {
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
	d, _ := sqlgen.LookupDialect("clickhouse")
	runSemantics(t, d, sqlgen.Tables{Events: "events", TimeEpoch: true}, ch.Query)
}

// TestDatasetPath: a dataset's folder stays under the root whatever its
// name.
func TestDatasetPath(t *testing.T) {
	root := t.TempDir()
	got, err := DatasetPath(root, "Endpoint.Processes")
	if err != nil || got != filepath.Join(root, "datamodel=Endpoint", "dataset=Processes") {
		t.Errorf("Endpoint.Processes: %q %v", got, err)
	}
	for _, bad := range []string{"Endpoint...", "../x.y", "Endpoint./etc", "Endpoint.a/../../b", `x.a\b`, "x", ".x.y"} {
		if p, err := DatasetPath(root, bad); err == nil {
			t.Errorf("%q: %q, want an error", bad, p)
		}
	}
}

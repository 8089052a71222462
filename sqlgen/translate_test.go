package sqlgen_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/sqlgen"
)

func translate(t *testing.T, dialect, query string) (*sqlgen.Result, error) {
	t.Helper()
	p, err := spl.Parse(query)
	if err != nil {
		t.Fatal(err)
	}
	d, err := sqlgen.LookupDialect(dialect)
	if err != nil {
		t.Fatal(err)
	}
	return sqlgen.Translate(p, sqlgen.Options{Dialect: d, Base: builtinBase(t)})
}

// TestStops checks where the translation ends and that it names the
// command and the reason.
func TestStops(t *testing.T) {
	cases := []struct {
		name, query string
		translated  int
		stop        string // part of the reason; "" when complete
	}{
		{"whole", `search user=bob | stats count by host | sort - count | head 3`, 4, ""},
		{"rex", `search a | rex field=_raw "(?<x>\d+)" | stats count by x`, 1, "rex at offset"},
		{"eval over events", `search a | eval x=1`, 1, "eval needs the columns"},
		{"eval after stats", `search a | stats count by host | eval x=count*2`, 3, ""},
		{"list depends on order", `search a | stats list(user) by host`, 1, "list() has no SQL translation"},
		{"lookup", `| tstats count from datamodel=Endpoint.Processes by Processes.dest | lookup assets dest`, 1, "lookup has no SQL translation"},
		{"timechart", `search a | timechart count`, 1, "timechart has no SQL translation"},
		{"month span", `search a | table _time | bin _time span=1mon`, 2, "aligns to the calendar"},
		{"subsearch", `search a | search NOT [| inputlookup x]`, 1, "subsearch runs in spelunk"},
		{"time modifier", `search a | search earliest=-7d`, 1, "needs the search's time range"},
		{"strftime", `search a | stats count by host | eval t=strftime(count, "%Y")`, 2, "strftime() has no SQL translation"},
		{"dedup over events", `search a | dedup host | table host`, 1, "dedup needs the columns"},
		{"dedup after stats", `search a | stats count by host user | dedup host`, 3, ""},
		{"bare term after stats", `search a | stats count by host | search foo`, 2, "bare term over rows without _raw"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := translate(t, "duckdb", c.query)
			if err != nil {
				t.Fatal(err)
			}
			if res.Translated != c.translated || !strings.Contains(res.Stop, c.stop) || (c.stop == "") != res.Complete() {
				t.Errorf("translated %d, stop %q; want %d, %q", res.Translated, res.Stop, c.translated, c.stop)
			}
		})
	}
}

// TestStartErrors: a pipeline SQL cannot start is an error naming the
// command and its position.
func TestStartErrors(t *testing.T) {
	cases := []struct{ query, want string }{
		{`| makeresults count=3`, "sql: makeresults at offset 2: a SQL query starts with a search over events or with tstats"},
		{`| tstats count from datamodel=Nope.Nothing`, `sql: tstats at offset 2: data model dataset "Nope.Nothing" is not supported`},
		{`| tstats count from datamodel=Endpoint.Processes where nodename=../../etc`, `sql: tstats at offset 2: data model dataset "Endpoint.../../etc" is not supported`},
		{`| tstats prestats=true count from datamodel=Endpoint.Processes`, "sql: tstats at offset 2: prestats= and append= have no SQL translation"},
	}
	for _, c := range cases {
		_, err := translate(t, "duckdb", c.query)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.query, err, c.want)
		}
	}
}

// TestMatchSQL pins how field=value becomes SQL per dialect: the whole
// value ignoring case, * as %, LIKE's own % _ \ escaped (Search
// Reference, search: "wildcards").
func TestMatchSQL(t *testing.T) {
	cases := []struct{ dialect, query, want string }{
		{"duckdb", `search user=Bob`, `("user" IS NOT NULL AND lower("user") = 'bob')`},
		{"duckdb", `search user="a_b%c*"`, `("user" IS NOT NULL AND lower("user") LIKE 'a\_b\%c%' ESCAPE '\')`},
		{"trino", `search user=x*`, `("user" IS NOT NULL AND lower("user") LIKE 'x%' ESCAPE '\')`},
		{"spark", `search user="it's*"`, "(`user` IS NOT NULL AND lower(`user`) LIKE 'it''s%')"},
		{"clickhouse", `search user="a_b*"`, `("user" IS NOT NULL AND ifNull(lowerUTF8("user") LIKE 'a\\_b%', 0))`},
		{"duckdb", `search user=CASE(Bob)`, `("user" IS NOT NULL AND "user" = 'Bob')`},
		{"duckdb", `search NOT user=*`, `NOT (("user" IS NOT NULL))`},
		{"duckdb", `search size>=10`, `("size" IS NOT NULL AND CASE WHEN TRY_CAST("size" AS DOUBLE) IS NOT NULL THEN TRY_CAST("size" AS DOUBLE) >= 10 ELSE "size" >= '10' END)`},
	}
	for _, c := range cases {
		res, err := translate(t, c.dialect, c.query)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(res.SQL, "WHERE "+c.want) {
			t.Errorf("%s %s:\n got %s\nwant WHERE %s", c.dialect, c.query, res.SQL, c.want)
		}
	}
}

// TestCtimeFormats: ctime's strftime format in each dialect's own
// spelling.
func TestCtimeFormats(t *testing.T) {
	q := `search a | stats min(_time) AS t | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(t)`
	want := map[string]string{
		"duckdb":     `strftime(make_timestamp(CAST(floor("t" * 1000000) AS BIGINT)), '%Y-%m-%dT%H:%M:%S')`,
		"clickhouse": `formatDateTime(toDateTime(toUInt32(floor("t")), 'UTC'), '%Y-%m-%dT%H:%M:%S')`,
		"spark":      "date_format(timestamp_micros(CAST(floor(`t` * 1000000) AS BIGINT)), 'yyyy''-''MM''-''dd''T''HH'':''mm'':''ss')",
		"trino":      `date_format(from_unixtime(floor("t"), 'UTC'), '%Y-%m-%dT%H:%i:%s')`,
	}
	for d, w := range want {
		res, err := translate(t, d, q)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(res.SQL, w) {
			t.Errorf("%s: %s lacks %s", d, res.SQL, w)
		}
	}
	res, err := translate(t, "duckdb", `search a | stats min(_time) AS t | convert timeformat="%A" ctime(t)`)
	if err != nil || res.Complete() || !strings.Contains(res.Stop, "timeformat") {
		t.Errorf("%%A: %v %+v", err, res)
	}
}

// TestRenameWildcard: drop_dm_object_name's rename Processes.* AS *
// over tstats' columns.
func TestRenameWildcard(t *testing.T) {
	res, err := translate(t, "duckdb", `| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.user | rename Processes.* AS *`)
	if err != nil || !res.Complete() {
		t.Fatalf("%v %+v", err, res)
	}
	if diff := cmp.Diff([]string{"dest", "user", "count"}, res.Columns); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
}

// TestPretty changes only spaces outside quotes.
func TestPretty(t *testing.T) {
	sql := `SELECT "a FROM b", 'x WHERE y' FROM (SELECT * FROM t WHERE a = 'it''s (SELECT' GROUP BY a) AS t1 ORDER BY a`
	got := sqlgen.Pretty(sql)
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if squash(got) != squash(sql) {
		t.Errorf("Pretty changed more than spaces:\n%s", got)
	}
	want := "SELECT \"a FROM b\", 'x WHERE y'\nFROM (\n  SELECT *\n  FROM t\n  WHERE a = 'it''s (SELECT'\n  GROUP BY a\n) AS t1\nORDER BY a"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestLoadTables(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	os.WriteFile(good, []byte(`{"root": "/data/idx", "dataset": "dm_{model}_{dataset}", "time_epoch": true}`), 0o644)
	tb, err := sqlgen.LoadTables(good)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sqlgen.Tables{Root: "/data/idx", Dataset: "dm_{model}_{dataset}", TimeEpoch: true}, tb); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"rooot": "x"}`), 0o644)
	if _, err := sqlgen.LoadTables(bad); err == nil || !strings.Contains(err.Error(), "rooot") {
		t.Errorf("unknown key: %v", err)
	}
}

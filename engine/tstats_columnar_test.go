package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// Grouping by column numbers gives what grouping rows read whole gives,
// and what a dataset without columns gives; columns with multivalues or
// values of two kinds, and a fill value some value spells, are grouped
// the row way. Expected rows are worked out from the tstats and stats
// docs: a null BY value makes no group, a multivalue one a group per
// value, dc and values count and list distinct text, values sorted.
func TestColumnarGroupingSame(t *testing.T) {
	rows := []value.Fields{
		row("_time", 100.0, "dest", "a", "user", "u1", "n", 5),
		row("_time", 200.0, "dest", "b", "user", "u1", "n", "5"),
		row("_time", 300.0, "dest", "a", "user", "u2"),
		row("_time", 50.0, "dest", "a", "n", 7),
		row("_time", 400.0, "dest", "c", "user", []string{"u1", "u2"}),
		row("_time", 10.0, "user", "u3"),
	}
	const from = ` from datamodel=Endpoint.Processes `
	cases := []struct {
		q    string
		want []string // nil: only the three ways compared
	}{
		{`| tstats count dc(Processes.user) as du values(Processes.user) as users min(_time) as first max(_time) as last` + from + `by Processes.dest`, []string{
			"Processes.dest=a count=3 du=2 users=u1|u2 first=50 last=300",
			"Processes.dest=b count=1 du=1 users=u1 first=200 last=200",
			"Processes.dest=c count=1 du=2 users=u1|u2 first=400 last=400"}},
		{`| tstats count` + from + `by Processes.n`, []string{"Processes.n=5 count=2", "Processes.n=7 count=1"}},
		{`| tstats count` + from + `by Processes.user`, []string{"Processes.user=u1 count=3", "Processes.user=u2 count=2", "Processes.user=u3 count=1"}},
		{`| tstats fillnull_value=zz count` + from + `by Processes.dest`, []string{
			"Processes.dest=a count=3", "Processes.dest=b count=1", "Processes.dest=c count=1", "Processes.dest=zz count=1"}},
		{`| tstats fillnull_value=a count` + from + `by Processes.dest`, []string{"Processes.dest=a count=4", "Processes.dest=b count=1", "Processes.dest=c count=1"}},
		{`| tstats count` + from + `where Processes.dest=a by Processes.dest Processes.n`, []string{"Processes.dest=a Processes.n=5 count=1", "Processes.dest=a Processes.n=7 count=1"}},
		{`| tstats count first(Processes.user) as f last(Processes.user) as l list(Processes.n) as ns sum(Processes.n) as s` + from + `where Processes.dest=a earliest=60 by Processes.dest`, nil},
		{`| tstats count` + from, []string{"count=6"}},
		{`| tstats count` + from + `where Processes.dest=zzz`, []string{"count=0"}},
		{`| tstats count` + from + `where Processes.dest=zzz by Processes.dest`, nil},
		{`| tstats count` + from + `by _time Processes.dest`, nil},
	}
	defer func() { columnarGrouping = true }()
	for _, c := range cases {
		plain, err := runQuery(t, &oneDataset{ds: &memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}}, c.q)
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		if c.want != nil {
			if diff := cmp.Diff(c.want, table(plain)); diff != "" {
				t.Errorf("%s, plain (-want +got):\n%s", c.q, diff)
			}
		}
		for _, columnar := range []bool{false, true} {
			columnarGrouping = columnar
			res, err := runQuery(t, &oneDataset{ds: colDataset{&memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}}}, c.q)
			if err != nil {
				t.Fatalf("%s: %v", c.q, err)
			}
			if diff := cmp.Diff(table(plain), table(res), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s, columnar %v (-plain +columns):\n%s", c.q, columnar, diff)
			}
		}
	}
}

// recCols records the columns asked for at once.
type recCols struct {
	colDataset
	asked *[][]string
}

func (d recCols) Columns(fields []string) { *d.asked = append(*d.asked, fields) }

// Accelerate builds each dataset the searches' tstats read once and asks
// for the columns their where clauses test (subsearches too), by their
// row names; BY and aggregation fields are left for the searches.
func TestAccelerate(t *testing.T) {
	var asked [][]string
	ds := recCols{colDataset{&memDataset{name: "Endpoint.Processes", object: "Processes"}}, &asked}
	src := &oneDataset{ds: ds}
	pipes := []*spl.Pipeline{
		mustParse(t, `| tstats count from datamodel=Endpoint.Processes where Processes.process_name=x Processes.dest IN (a, b) earliest=-1d by Processes.user`),
		mustParse(t, `| tstats values(Processes.process) from datamodel=Endpoint.Processes where Processes.process_name=y by Processes.dest | join dest [| tstats count from datamodel=Endpoint.Processes where Processes.parent_process="*x*" by Processes.dest]`),
	}
	var built []string
	Accelerate(src, pipes, func(name string, _ time.Duration) { built = append(built, name) })
	if diff := cmp.Diff([]string{"Endpoint.Processes"}, built); diff != "" {
		t.Errorf("datasets built (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]string{{"process_name", "dest", "parent_process"}}, asked); diff != "" {
		t.Errorf("columns asked for (-want +got):\n%s", diff)
	}
}

// FuzzTstatsColumnar runs searches over one dataset twice: as rows only
// (memDataset) and with numbered columns (colDataset: where clauses
// decided by value, filters pushed into tstats, rows grouped by column
// numbers). Whenever both runs succeed, their results must be the same.
func FuzzTstatsColumnar(f *testing.F) {
	const dm = ` from datamodel=Endpoint.Processes `
	for _, q := range []string{
		`| tstats count` + dm + `by Processes.dest Processes.user`,
		`| tstats count dc(Processes.user) as du values(Processes.process) as p min(_time) as first` + dm + `where Processes.process_name=cmd* by Processes.dest`,
		`| tstats fillnull_value=none count` + dm + `by Processes.user | rename Processes.* as * | search user=none OR user=a*`,
		`| tstats count` + dm + `where NOT Processes.user IN ("", "unknown") by Processes.process Processes.dest | rename Processes.* as * | regex process="\\x{202E}"`,
		`| tstats count` + dm + `by Processes.n | rename Processes.n as n | eval x=n | search n>3`,
		`| tstats count` + dm + `where Processes.dest!=b earliest=0 by _time span=1h Processes.dest | rename Processes.dest as d | fields - count | search d=*`,
		`| tstats sum(Processes.n) as s list(Processes.user) as l` + dm + `by Processes.process_name | convert num(s) | rename Processes.process_name as p | where p!="x"`,
		`| tstats count` + dm + `by Processes.dest Processes.process_name | rename Processes.* as * | table dest process_name count | search process_name IN ("cmd.exe", "*SHELL*") dest=a`,
	} {
		f.Add(q)
	}
	rows := []value.Fields{
		row("_time", 1700000000.0, "dest", "a", "user", "alice", "process_name", "cmd.exe", "process", "cmd /c whoami", "n", 5),
		row("_time", 1700000100.0, "dest", "b", "user", "Alice", "process_name", "CMD.EXE", "process", "cmd \u202e /c", "n", "5"),
		row("_time", 1700003600.0, "dest", "a", "user", []string{"bob", "carol"}, "process_name", "powershell.exe", "process", "powershell -enc x", "n", 7.5),
		row("_time", 1700007200.0, "dest", "c", "process_name", "net.exe", "process", "net user", "n", -1),
		row("dest", "a", "user", "unknown", "process_name", []string{"x.exe", "cmd.exe"}, "process", ""),
		row("_time", 1700000000.0, "user", "", "process_name", "cmd.exe", "process", "cmd /c dir"),
	}
	plain := &oneDataset{ds: &memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}}
	cols := &oneDataset{ds: colDataset{&memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}}}
	f.Fuzz(func(t *testing.T, q string) {
		if strings.Contains(q, "random") || strings.Contains(q, "now(") {
			return
		}
		p, err := spl.Parse(q)
		if err != nil {
			return
		}
		opts := func() Options {
			lim := DefaultLimits()
			lim.MaxResults, lim.MvexpandMaxBytes = 200, 1<<20
			return Options{TZ: time.UTC, Now: time.Unix(1700000000, 0), Limits: &lim}
		}
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		defer cancel()
		a, errA := Run(ctx, p, plain, opts())
		b, errB := Run(ctx, p, cols, opts())
		if errA != nil || errB != nil {
			return
		}
		if diff := cmp.Diff(table(a), table(b), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("%s: rows vs columns (-rows +columns):\n%s", q, diff)
		}
	})
}

// Times read without a column give what the rows' _time gives: also
// when some _time is text or a number kept with a precision (then the
// aggregations of _time read its column).
func TestColumnarTimes(t *testing.T) {
	for _, rows := range [][]value.Fields{
		{row("_time", 3.0, "dest", "a"), row("dest", "a"), row("_time", 1.0, "dest", "b"), row("_time", 2.0, "dest", "a")},
		{row("_time", 3.0, "dest", "a"), row("_time", "2", "dest", "a"), {{Name: "_time", Value: value.NumPrec(1, 1, 0)}, {Name: "dest", Value: value.Str("b")}}},
	} {
		q := `| tstats count min(_time) as lo max(_time) as hi values(_time) as ts from datamodel=Endpoint.Processes by Processes.dest`
		plain, err := runQuery(t, &oneDataset{ds: &memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}}, q)
		if err != nil {
			t.Fatal(err)
		}
		res, err := runQuery(t, &oneDataset{ds: colDataset{&memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}}}, q)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(table(plain), table(res)); diff != "" {
			t.Errorf("(-rows +columns):\n%s", diff)
		}
	}
}

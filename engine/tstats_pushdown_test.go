package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/value"
)

// groupedCols is a colDataset that counts the rows read whole or grouped
// (RowAt, or the columns read at rows the filters keep).
type groupedCols struct {
	colDataset
	n *int
}

func (d groupedCols) RowAt(i int, buf value.Fields) value.Fields {
	*d.n++
	return d.colDataset.RowAt(i, buf)
}

type oneDataset struct {
	memSource
	ds Dataset
}

func (s *oneDataset) Dataset(string) (Dataset, error) { return s.ds, nil }

// A filter after a tstats that reads only BY fields leaves out the rows
// whose groups it would drop all of; the results are those of the plain
// path (a dataset without columns, where nothing is left out), and those
// worked out by hand. Commands that may change a BY value, a filter that
// reads another field, or a command that is not row by row keep every row.
func TestTstatsFilterPushedDown(t *testing.T) {
	rows := []value.Fields{
		row("process_name", "cmd.exe", "dest", "a", "process", "cmd /c whoami"),
		row("process_name", "CMD.EXE", "dest", "b", "process", "CMD /C DIR"),
		row("process_name", "powershell.exe", "dest", "a", "process", "powershell -enc \u202e"),
		row("dest", "c", "process", "x"),
		row("process_name", []string{"x.exe", "cmd.exe"}, "dest", "d", "process", "y"),
		row("process_name", "net.exe", "dest", "a", "process", "net user"),
	}
	const by = `| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.process_name | rename Processes.* as * `
	const byName = `| tstats count from datamodel=Endpoint.Processes by Processes.process_name | rename Processes.* as * `
	cases := []struct {
		q       string
		grouped int
		want    []string // nil: only compared with the plain path
	}{
		{by + `| search process_name=cmd.exe`, 3, []string{
			"dest=a process_name=cmd.exe count=1", "dest=b process_name=CMD.EXE count=1", "dest=d process_name=cmd.exe count=1"}},
		// The group (d, x.exe) passes NOT, so row 4 stays; row 3 makes no group.
		{by + `| search NOT process_name=cmd.exe`, 3, []string{
			"dest=a process_name=net.exe count=1", "dest=a process_name=powershell.exe count=1", "dest=d process_name=x.exe count=1"}},
		{byName + `| convert num(count) | eval x=1 | regex process_name="^p"`, 1, []string{"process_name=powershell.exe count=1 x=1"}},
		{byName + `| table process_name count | search process_name=net*`, 1, []string{"process_name=net.exe count=1"}},
		{`| tstats count from datamodel=Endpoint.Processes by Processes.process | rename Processes.process as p | regex p="\x{202E}"`, 1, nil},
		// Two BY fields: row 4 is multivalue and kept untried.
		{by + `| search process_name=cmd.exe dest=a`, 2, []string{"dest=a process_name=cmd.exe count=1"}},
		{`| tstats fillnull_value=none count from datamodel=Endpoint.Processes by Processes.process_name | rename Processes.* as * | search process_name=none`, 1, []string{"process_name=none count=1"}},
		// A where, the fields an eval makes of BY values alone, an
		// inner join's keys.
		{byName + `| eval n=len(process_name) | where n > 7`, 1, []string{"process_name=powershell.exe count=1 n=14"}},
		{by + `| where dest="b"`, 1, []string{"dest=b process_name=CMD.EXE count=1"}},
		{by + `| eval d=upper(dest), p=lower(process_name) | rename d as D | where D="A" AND p!="net.exe"`, 3, []string{
			"dest=a process_name=cmd.exe count=1 D=A p=cmd.exe", "dest=a process_name=powershell.exe count=1 D=A p=powershell.exe"}},
		{by + `| join dest [| makeresults | eval dest="b", y=1 | table dest y]`, 1, []string{"dest=b process_name=CMD.EXE count=1 y=1"}},
		{byName + `| eval process_name=upper(process_name) | search process_name=NET*`, 1, []string{"process_name=NET.EXE count=1"}},
		// Not pushed down.
		{byName + `| eval n=count+len(process_name) | where n > 8`, 6, []string{"process_name=cmd.exe count=2 n=9", "process_name=powershell.exe count=1 n=15"}},
		{byName + `| eval n=len(process_name) | eval n=n+count | where n > 8`, 6, []string{"process_name=cmd.exe count=2 n=9", "process_name=powershell.exe count=1 n=15"}},
		{by + `| join type=left dest [| makeresults | eval dest="b", y=1 | table dest y]`, 6, nil},
		{byName + `| where searchmatch("net")`, 6, nil},
		{byName + `| search count>0 process_name=net.exe`, 6, []string{"process_name=net.exe count=1"}},
		{byName + `| fields - process_name | search process_name=*`, 6, nil},
		{byName + `| stats sum(count) as count by process_name | search process_name=net.exe`, 6, []string{"process_name=net.exe count=1"}},
		{`| tstats count values(Processes.dest) as process_name from datamodel=Endpoint.Processes by Processes.process_name | rename Processes.* as * | search process_name=a`, 6, nil},
		{byName + `| search process_name=net.exe OR net`, 6, nil},
	}
	defer func() { columnarGrouping = true }()
	for _, c := range cases {
		plain, err := runQuery(t, &oneDataset{ds: &memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}}, c.q)
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		// Rows are counted as read whole; grouped by their columns,
		// they are not read, so that run only compares results.
		for _, columnar := range []bool{false, true} {
			columnarGrouping = columnar
			n := 0
			ds := groupedCols{colDataset{&memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}}, &n}
			res, err := runQuery(t, &oneDataset{ds: ds}, c.q)
			if err != nil {
				t.Fatalf("%s: %v", c.q, err)
			}
			if diff := cmp.Diff(table(plain), table(res), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s (columnar %v): pushed down vs plain (-plain +pushed):\n%s", c.q, columnar, diff)
			}
			if c.want != nil {
				if diff := cmp.Diff(c.want, table(res)); diff != "" {
					t.Errorf("%s (columnar %v) (-want +got):\n%s", c.q, columnar, diff)
				}
			}
			if !columnar && n != c.grouped {
				t.Errorf("%s: %d rows grouped, want %d", c.q, n, c.grouped)
			}
		}
	}
}

// renameCols follows a column through one rename pair, giving it up
// where another column could take its place.
func TestRenameCols(t *testing.T) {
	cases := []struct {
		cols          []string
		col, from, to string
		want          string
	}{
		{[]string{"Processes.dest", "count"}, "Processes.dest", "Processes.*", "*", "dest"},
		{[]string{"Processes.dest", "dest"}, "Processes.dest", "Processes.*", "*", ""},
		{[]string{"a", "b"}, "a", "b", "a", ""},
		{[]string{"a"}, "a", "x", "a", ""}, // renaming an absent x deletes a
		{[]string{"a"}, "a", "a", "a", "a"},
		{[]string{"a", "b"}, "a", "b", "c", "a"},
		{[]string{"a.x", "b.x"}, "a.x", "*.x", "*", "a"},
		{[]string{"a.x", "a"}, "a.x", "*.x", "*", ""},
		{[]string{"a.x", "ax"}, "a.x", "a.*", "a*", ""},
	}
	for _, c := range cases {
		if _, got := renameCols(c.cols, c.col, c.from, c.to); got != c.want {
			t.Errorf("rename %s as %s over %v: %s goes to %q, want %q", c.from, c.to, c.cols, c.col, got, c.want)
		}
	}
}

package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/value"
)

// traceCounts runs q with a trace and returns each command's (In, Out),
// the command FirstEmpty names and the trace.
func traceCounts(t *testing.T, src Source, q string) ([][2]int, int, *Trace) {
	t.Helper()
	tr := &Trace{}
	if _, err := Run(context.Background(), mustParse(t, q), src, Options{Trace: tr}); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	var got [][2]int
	for _, s := range tr.Stages {
		got = append(got, [2]int{s.In, s.Out})
	}
	return got, tr.FirstEmpty(), tr
}

// A tstats over a dataset with columns groups by them and applies the
// filters after it that read only BY fields before grouping. Under a
// trace it still does; the rows read, the final count and the command
// blamed for an empty result are those of a dataset without columns,
// where every row is grouped and each filter counts what it drops.
func TestTraceTstatsPushedDown(t *testing.T) {
	rows := []value.Fields{
		row("process_name", "cmd.exe", "dest", "a"),
		row("process_name", "CMD.EXE", "dest", "b"),
		row("process_name", "powershell.exe", "dest", "a"),
		row("dest", "c"),
		row("process_name", "net.exe", "dest", "a"),
	}
	const by = `| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.process_name | rename Processes.* as * `
	cases := []struct {
		q      string
		pushed []int // commands applied before grouping
	}{
		{by + `| search process_name=cmd.exe`, []int{2}},
		{by + `| search process_name=nothing`, []int{2}},
		{by + `| search process_name=*.exe | search dest=zz`, []int{2, 3}},
		{by + `| search process_name=c* | eval x=1 | search process_name=zz`, []int{2, 4}},
		{`| tstats count from datamodel=Endpoint.Processes where Processes.dest=zz by Processes.process_name | rename Processes.* as * | search process_name=cmd.exe`, []int{2}},
		{`| tstats count from datamodel=Endpoint.Processes by Processes.process_name | search Processes.process_name=nothing | stats count`, []int{1}},
		{by + `| where count > 5`, nil},
	}
	for _, c := range cases {
		plain, plainEmpty, _ := traceCounts(t, &oneDataset{ds: &memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}}, c.q)
		cols, colsEmpty, tr := traceCounts(t, &oneDataset{ds: colDataset{&memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}}}, c.q)
		if diff := cmp.Diff(c.pushed, tr.Plan.Pushed); diff != "" {
			t.Errorf("%s: pushed (-want +got):\n%s", c.q, diff)
		}
		if !tr.Plan.Columnar {
			t.Errorf("%s: not planned as columnar", c.q)
		}
		if plain[0][0] != cols[0][0] {
			t.Errorf("%s: %d rows read with columns, %d without", c.q, cols[0][0], plain[0][0])
		}
		last := len(plain) - 1
		if plain[last][1] != cols[last][1] {
			t.Errorf("%s: %d rows out with columns, %d without", c.q, cols[last][1], plain[last][1])
		}
		if plainEmpty != colsEmpty {
			t.Errorf("%s: FirstEmpty %d with columns, %d without", c.q, colsEmpty, plainEmpty)
		}
		if len(c.pushed) == 0 {
			if diff := cmp.Diff(plain, cols); diff != "" {
				t.Errorf("%s: nothing pushed, counts differ (-plain +columns):\n%s", c.q, diff)
			}
		}
	}
}

// partSource is a store-like source: its events fall in partitions by
// sourcetype, which it skips as EventScan.Skip says, and it passes over
// the events that lack EventScan.Must's text without filtering them.
type partSource struct {
	memSource
	passed int // events passed over for Must, unfiltered
}

type sourcetypePart struct {
	st string
	n  int
}

func (p sourcetypePart) Known(field string) bool { return field == "sourcetype" }
func (p sourcetypePart) Values(field string) ([]value.Value, bool, bool) {
	if field != "sourcetype" {
		return nil, false, false
	}
	return []value.Value{value.Str(p.st)}, false, true
}
func (p sourcetypePart) Len() int { return p.n }

func (s *partSource) Scan(ctx context.Context, req EventScan, fn func(value.Fields) error) error {
	var order []string
	count := map[string]int{}
	for _, r := range s.events {
		st := r.Get("sourcetype").String()
		if count[st] == 0 {
			order = append(order, st)
		}
		count[st]++
	}
	skipped := map[string]bool{}
	for _, st := range order {
		skipped[st] = req.Skip != nil && req.Skip(sourcetypePart{st, count[st]})
	}
	keep := req.NewKeep()
	for _, r := range s.events {
		if skipped[r.Get("sourcetype").String()] {
			continue
		}
		if !holdsMust(r, req.Must) {
			s.passed++
			continue
		}
		if keep(r) {
			if err := fn(r.Clone()); err != nil {
				return err
			}
		}
	}
	return nil
}

func holdsMust(r value.Fields, must []Contains) bool {
	for _, c := range must {
		text := strings.ToLower(r.Get(c.Field).String())
		for _, p := range c.Pieces {
			if !strings.Contains(text, p) {
				return false
			}
		}
	}
	return true
}

// A leading search asks the source to skip partitions and to pass over
// events without its text under a trace too. The events read are those
// the search tests, those in skipped partitions, and those passed over
// (which the runner adds for a stream, AddUnparsed), as a source that
// skips nothing reads; the counts after are the same.
func TestTraceSearchSkips(t *testing.T) {
	events := []value.Fields{
		row("sourcetype", "a", "_raw", "whoami here", "user", "x"),
		row("sourcetype", "a", "_raw", "nothing", "user", "y"),
		row("sourcetype", "b", "_raw", "whoami too", "user", "x"),
		row("sourcetype", "b", "_raw", "WHOAMI", "user", "z"),
		row("sourcetype", "c", "_raw", "other", "user", "x"),
	}
	cases := []struct {
		q                string
		skipped, partsOf int
		must             []Contains
	}{
		{`search sourcetype=b whoami | stats count by user`, 2, 3, []Contains{{Field: "sourcetype", Pieces: []string{"b"}}, {Field: "_raw", Pieces: []string{"whoami"}}}},
		{`search sourcetype=a OR sourcetype=c | head 1`, 1, 3, nil},
		{`search whoami user=x | stats count`, 0, 3, []Contains{{Field: "_raw", Pieces: []string{"whoami"}}, {Field: "user", Pieces: []string{"x"}}}},
		{`search sourcetype=zz | stats count`, 3, 3, []Contains{{Field: "sourcetype", Pieces: []string{"zz"}}}},
	}
	for _, c := range cases {
		plain, plainEmpty, _ := traceCounts(t, &memSource{events: events}, c.q)
		src := &partSource{memSource: memSource{events: events}}
		got, gotEmpty, tr := traceCounts(t, src, c.q)
		tr.AddUnparsed(src.passed)
		got[0][0] = tr.Stages[0].In
		if diff := cmp.Diff(plain, got); diff != "" {
			t.Errorf("%s: counts (-no skips +skips):\n%s", c.q, diff)
		}
		if plainEmpty != gotEmpty {
			t.Errorf("%s: FirstEmpty %d, %d without skips", c.q, gotEmpty, plainEmpty)
		}
		pl := tr.Plan
		if pl.PartitionsSkipped != c.skipped || pl.PartitionsSeen != c.partsOf {
			t.Errorf("%s: %d of %d partitions skipped, want %d of %d", c.q, pl.PartitionsSkipped, pl.PartitionsSeen, c.skipped, c.partsOf)
		}
		if diff := cmp.Diff(c.must, pl.Must); diff != "" {
			t.Errorf("%s: Must (-want +got):\n%s", c.q, diff)
		}
	}
}

// An inner join whose subsearch finds nothing drops every row: the
// commands before it are not run under a trace either, and it is the
// command blamed.
func TestTraceJoinDropsAll(t *testing.T) {
	rows := []value.Fields{row("_time", 1.0, "dest", "a", "guid", "g1")}
	src := &oneDataset{ds: &memDataset{name: "M.D", object: "D", rows: rows}}
	got, empty, tr := traceCounts(t, src, `| tstats count from datamodel=M.D by D.dest D.guid | rename D.* as * | join guid [| makeresults | eval guid="g9" | where guid="none"] | stats count`)
	if diff := cmp.Diff([][2]int{{0, 0}, {0, 0}, {0, 0}, {0, 1}}, got); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	if empty != 2 {
		t.Errorf("FirstEmpty() = %d, want 2 (join)", empty)
	}
	var notRun []bool
	for _, s := range tr.Stages {
		notRun = append(notRun, s.NotRun)
	}
	if diff := cmp.Diff([]bool{true, true, false, false}, notRun); diff != "" || !tr.Stages[2].DropsAll {
		t.Errorf("not run (-want +got):\n%s; join DropsAll %v", diff, tr.Stages[2].DropsAll)
	}
}

// Whether a command streams or holds rows: sort, stats, eventstats,
// dedup with sortby and transaction cannot give their first row before
// they have seen the last (an order, a count, a transaction's end over
// all rows); eval, where, head, rename and a dedup without sortby
// decide each row as it comes.
func TestTraceStreams(t *testing.T) {
	events := []value.Fields{
		row("_time", 3.0, "user", "x", "n", 1.0),
		row("_time", 2.0, "user", "y", "n", 2.0),
		row("_time", 1.0, "user", "x", "n", 3.0),
	}
	cases := []struct {
		q    string
		want []string
	}{
		{`search * | eval m=n*2 | where m>0 | sort - n | head 5`, []string{"", "", "", "rows", ""}},
		{`search * | eventstats count by user | dedup user | stats count by user`, []string{"", "rows", "", "groups"}},
		{`search * | dedup user sortby n | rename user AS u`, []string{"", "rows", ""}},
		{`search * | transaction user | where n>100 | stats count`, []string{"", "rows", "", "groups"}},
		// No row reaches them: their kind says.
		{`search nothing | sort n | eval x=1`, []string{"", "rows", ""}},
	}
	for _, c := range cases {
		_, _, tr := traceCounts(t, &memSource{events: events}, c.q)
		var got []string
		for i, s := range tr.Stages {
			if i > 0 && s.Streams != (s.Holds == "") {
				t.Errorf("%s: command %d streams %v but holds %q", c.q, i+1, s.Streams, s.Holds)
			}
			got = append(got, s.Holds)
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s: holds (-want +got):\n%s", c.q, diff)
		}
	}
}

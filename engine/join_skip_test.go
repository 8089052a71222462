package engine

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/value"
)

// scanCounter is a memDataset that counts its scans.
type scanCounter struct {
	*memDataset
	scans *int
}

func (d scanCounter) Scan(ctx context.Context, fn func(value.Fields) error) error {
	*d.scans++
	return d.memDataset.Scan(ctx, fn)
}

type countingSource struct {
	memSource
	ds scanCounter
}

func (s *countingSource) Dataset(name string) (Dataset, error) { return s.ds, nil }

// A tstats whose rows all go into an inner join with an empty subsearch
// is not computed (its results would all be dropped); the search's
// results are what they are without that: none, and what comes after the
// join still runs (the subsearch's _time stays: fields keeps internal
// fields). A left join, a subsearch with results, or a command
// between them that is not a plain pass-through keep the tstats.
func TestTstatsSkippedBeforeEmptyInnerJoin(t *testing.T) {
	rows := []value.Fields{row("_time", 1.0, "dest", "a", "guid", "g1"), row("_time", 2.0, "dest", "b", "guid", "g2")}
	empty := `[| makeresults | eval guid="g9" | where guid="none"]`
	one := `[| makeresults | eval guid="g1", extra="x" | fields guid extra]`
	cases := []struct {
		q     string
		scans int
		want  []string
	}{
		{`| tstats count from datamodel=M.D by D.dest D.guid | rename D.* as * | join guid ` + empty, 0, nil},
		{`| tstats count from datamodel=M.D by D.dest D.guid | rename D.* as * | join max=0 guid ` + empty + ` | stats count`, 0, []string{"count=0"}},
		{`| tstats count from datamodel=M.D by D.dest D.guid | rename D.* as * | join type=left guid ` + empty, 1, []string{"dest=a guid=g1 count=1", "dest=b guid=g2 count=1"}},
		{`| tstats count from datamodel=M.D by D.dest D.guid | rename D.* as * | join guid ` + one, 1, []string{"dest=a guid=g1 count=1 extra=x _time=1700000000"}},
		{`| tstats count from datamodel=M.D by D.dest D.guid | rename D.* as * | where count > 0 | join guid ` + empty, 1, nil},
	}
	for _, c := range cases {
		scans := 0
		src := &countingSource{ds: scanCounter{&memDataset{name: "M.D", object: "D", rows: rows}, &scans}}
		res, err := runQuery(t, src, c.q)
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		if diff := cmp.Diff(c.want, table(res), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.q, diff)
		}
		if scans != c.scans {
			t.Errorf("%s: dataset scanned %d times, want %d", c.q, scans, c.scans)
		}
	}
}

// A join that gets no result does not run its subsearch (nothing could
// be joined), but still builds it, so that a subsearch that cannot run
// fails the search as before; one that writes a lookup always runs.
func TestJoinSubsearchNotRunWithoutResults(t *testing.T) {
	rows := []value.Fields{row("_time", 1.0, "dest", "a", "guid", "g1"), row("_time", 2.0, "dest", "b", "guid", "g2")}
	sub := `[| tstats count from datamodel=M.D by D.guid | rename D.* as * | eval sub=1]`
	cases := []struct {
		q     string
		scans int
		want  []string
		err   bool
	}{
		{`| tstats count from datamodel=M.D where D.dest=zzz by D.guid | rename D.* as * | join type=outer guid ` + sub, 1, nil, false},
		// An inner join runs its subsearch first (TestTstatsSkippedBeforeEmptyInnerJoin).
		{`| tstats count from datamodel=M.D where D.dest=zzz by D.guid | rename D.* as * | join guid ` + sub, 2, nil, false},
		{`| tstats count from datamodel=M.D where D.dest=a by D.guid | rename D.* as * | join type=outer guid ` + sub, 2, []string{"guid=g1 count=1 sub=1"}, false},
		{`| tstats count from datamodel=M.D where D.dest=zzz by D.guid | join type=outer guid [| tstats count from datamodel=M.D by D.guid | extract]`, 0, nil, true},
	}
	for _, c := range cases {
		scans := 0
		src := &countingSource{ds: scanCounter{&memDataset{name: "M.D", object: "D", rows: rows}, &scans}}
		res, err := runQuery(t, src, c.q)
		if (err != nil) != c.err {
			t.Fatalf("%s: error %v, want error %v", c.q, err, c.err)
		}
		if err != nil {
			continue
		}
		if diff := cmp.Diff(c.want, table(res), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.q, diff)
		}
		if scans != c.scans {
			t.Errorf("%s: dataset scanned %d times, want %d", c.q, scans, c.scans)
		}
	}
	for q, want := range map[string]bool{
		`| makeresults | outputlookup x.csv`:                          true,
		`| makeresults | append [| makeresults | outputlookup x.csv]`: true,
		`| tstats count from datamodel=M.D by D.guid`:                 false,
	} {
		if got := writes(mustParse(t, q)); got != want {
			t.Errorf("writes(%s) = %v, want %v", q, got, want)
		}
	}
}

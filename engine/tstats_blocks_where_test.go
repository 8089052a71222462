package engine

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/value"
)

// madeRows is blockDataset counting the rows its blocks make whole,
// giving the dictionaries folded when fold is set.
type madeRows struct {
	blockDataset
	made *int
	fold bool
}

func (d madeRows) ScanBlocks(ctx context.Context, req BlockScan, fn func(*Block) error) error {
	return d.blockDataset.ScanBlocks(ctx, req, func(b *Block) error {
		row := b.Row
		b.Row = func(r int, buf value.Fields) (value.Fields, error) {
			*d.made++
			return row(r, buf)
		}
		if d.fold {
			b.Folded = func(k int) []string {
				out := make([]string, len(b.Dicts[k]))
				for e, v := range b.Dicts[k] {
					if v.Kind() == value.KindString {
						out[e] = FoldCase(v.String())
					}
				}
				return out
			}
		}
		return fn(b)
	})
}

// A where clause over blocks is told from the dictionaries where its
// terms are on numbered fields, and gives what testing each row whole
// gives: wildcards and case (=, CASE()), numbers and their text, CIDR
// blocks, != and NOT, IN, OR across fields, terms on _time (unknown: rows
// made whole), multivalues. The wants follow the search command's page
// (field=value matches case-insensitively with wildcards, CASE() exactly,
// a CIDR value matches addresses in it, NOT f=v keeps rows without f, a
// multivalue matches when one of its values does) and the where clause
// of the tstats page; the other cases compare the two ways only.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/search
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/tstats
func TestBlockWhereSame(t *testing.T) {
	rows := []value.Fields{
		row("_time", 100.0, "dest", "10.1.2.3", "user", "Admin", "n", 5),
		row("_time", 200.0, "dest", "10.9.9.9", "user", "admin", "n", "05"),
		row("_time", 300.0, "dest", "192.168.1.1", "user", "bob", "n", 12),
		row("_time", 400.0, "dest", "host-a", "n", "x"),
		row("_time", 500.0, "dest", "host-b", "user", []string{"admin", "carol"}, "n", 7.5),
		row("_time", 600.0, "user", "dave"),
	}
	const from = ` from datamodel=Endpoint.Processes `
	cases := []struct {
		name, q string
		want    []string // nil: only the ways compared
		whole   bool     // some rows are made whole to test them
	}{
		{"wildcard", `| tstats count` + from + `where Processes.dest=host* by Processes.dest`, []string{"Processes.dest=host-a count=1", "Processes.dest=host-b count=1"}, false},
		{"case-insensitive", `| tstats count` + from + `where Processes.user=ADMIN by Processes.dest`, []string{"Processes.dest=10.1.2.3 count=1", "Processes.dest=10.9.9.9 count=1", "Processes.dest=host-b count=1"}, false},
		{"case-sensitive", `| tstats count` + from + `where Processes.user=CASE(Admin) by Processes.dest`, []string{"Processes.dest=10.1.2.3 count=1"}, false},
		{"number", `| tstats count` + from + `where Processes.n>6 by Processes.dest`, nil, false},
		{"number text", `| tstats count` + from + `where Processes.n=5 by Processes.dest`, nil, false},
		{"cidr", `| tstats count` + from + `where Processes.dest=10.0.0.0/8 by Processes.user`, []string{"Processes.user=Admin count=1", "Processes.user=admin count=1"}, false},
		{"not equal", `| tstats count` + from + `where Processes.user!=admin by Processes.dest`, nil, false},
		{"not", `| tstats count` + from + `where NOT Processes.user=admin by Processes.n`, []string{"Processes.n=12 count=1", "Processes.n=x count=1"}, false},
		{"in", `| tstats count` + from + `where Processes.user IN (bob, dave) by Processes.user`, []string{"Processes.user=bob count=1", "Processes.user=dave count=1"}, false},
		{"or across fields", `| tstats count` + from + `where Processes.user=bob OR Processes.dest=host-a by Processes.dest`, []string{"Processes.dest=192.168.1.1 count=1", "Processes.dest=host-a count=1"}, false},
		{"and with a missing field", `| tstats count` + from + `where Processes.dest=* AND NOT Processes.nope=x by Processes.dest`, nil, false},
		{"time term", `| tstats count` + from + `where Processes.user=admin OR _time>450 by Processes.dest`, nil, true},
		{"time and field", `| tstats count` + from + `where Processes.user=a* _time<450 by Processes.dest`, nil, true},
	}
	defer SetBlockGrouping(true)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			SetBlockGrouping(false)
			plain, err := runQuery(t, &oneDataset{ds: &memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}}, c.q)
			if err != nil {
				t.Fatalf("%s: %v", c.q, err)
			}
			if c.want != nil {
				if diff := cmp.Diff(c.want, table(plain)); diff != "" {
					t.Errorf("%s, plain (-want +got):\n%s", c.q, diff)
				}
			}
			SetBlockGrouping(true)
			for _, size := range []int{1, 2, 4, 100} {
				for _, odd := range []int{0, 3} {
					for _, fold := range []bool{false, true} {
						blocks, made := 0, 0
						ds := madeRows{blockDataset{&memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}, size, odd, &blocks}, &made, fold}
						res, err := runQuery(t, &oneDataset{ds: ds}, c.q)
						if err != nil {
							t.Fatalf("%s: %v", c.q, err)
						}
						if diff := cmp.Diff(table(plain), table(res), cmpopts.EquateEmpty()); diff != "" {
							t.Errorf("%s, blocks of %d, odd %d, folded %v (-rows +blocks):\n%s", c.q, size, odd, fold, diff)
						}
						if blocks == 0 {
							t.Errorf("%s: not read by blocks", c.q)
						}
						// Rows are made whole when they are odd, hold a
						// multivalue BY value, or the clause needs them.
						if odd == 0 && !c.whole && made > 1 {
							t.Errorf("%s, blocks of %d: %d rows made whole, at most the multivalue one expected", c.q, size, made)
						}
					}
				}
			}
		})
	}
}

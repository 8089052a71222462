package index

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"
)

// TestPQFileSamePages writes columns that repeat one another in one row
// group and not in the next, and reads them back with parquet-go: a page
// copied from another column's must hold the same values, and a page
// that differs must not be copied. The pages copied are counted: in the
// first row group b and c repeat a (the same dictionary and indexes; c
// is required, so its levels differ, but they are not compressed), two
// pages each; in the second c does, and b only has a's indexes (its
// dictionary is as long as a's, with other texts).
func TestPQFileSamePages(t *testing.T) {
	cols := []*pqColumn{
		{name: "a", kind: pqDict, optional: true},
		{name: "b", kind: pqDict, optional: true},
		{name: "c", kind: pqDict},
	}
	var buf bytes.Buffer
	f := newPQFile(&buf, cols)
	var want [][3]string
	for g := range 2 {
		for i := range 300 {
			a := fmt.Sprintf("host-%d", i%17)
			b := a
			if g == 1 {
				b = fmt.Sprintf("hoxt-%d", i%17)
			}
			for k, v := range []string{a, b, a} {
				cols[k].at(f.rows)
				cols[k].addString(v, f)
			}
			f.rows++
			want = append(want, [3]string{a, b, a})
		}
		if err := f.endRowGroup(); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.close(); err != nil {
		t.Fatal(err)
	}
	if got, want := f.dups.hits, 4+3; got != want {
		t.Errorf("%d pages copied, want %d", got, want)
	}
	pf, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var got [][3]string
	rows := make([]parquet.Row, 64)
	rd := parquet.NewReader(pf)
	for {
		n, err := rd.ReadRows(rows)
		for _, r := range rows[:n] {
			got = append(got, [3]string{r[0].String(), r[1].String(), r[2].String()})
		}
		if err != nil {
			break
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("rows (-want +got):\n%s", d)
	}
}

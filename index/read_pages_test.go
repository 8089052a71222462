package index

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"

	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// TestReadColumnPages writes columns of every kind an event part has in
// pages of a few hundred bytes (nulls, a dictionary, plain text, numbers)
// and reads them with readColumn at several selections, through the
// index's own page reader (only the pages holding rows of the selection)
// and through parquet-go's pages: both give the values written.
func TestReadColumnPages(t *testing.T) {
	cols := []*pqColumn{
		{name: "kind", kind: pqDict, optional: true},
		{name: "text", kind: pqBytes},
		{name: "n", kind: pqInt},
		{name: "x", kind: pqFloat, optional: true},
	}
	var buf bytes.Buffer
	opt := eventPQ
	opt.page = 256
	f := newPQFileWith(&buf, opt, cols)
	const rows = 3000
	type row struct {
		kind, text string // "" kind: null
		n          int64
		x          float64
		hasX       bool
	}
	var want []row
	for r := range rows {
		w := row{text: fmt.Sprintf("text %d %s", r, string(rune('a'+r%26))), n: int64(r * r), hasX: r%7 != 0}
		if w.hasX {
			w.x = float64(r) / 4
		}
		if r%5 != 0 {
			w.kind = []string{"a", "bb", "ccc"}[r%3]
			cols[0].at(f.rows)
			cols[0].addString(w.kind, f)
		}
		cols[1].addString(w.text, f)
		cols[2].addInt(w.n, f)
		if w.hasX {
			cols[3].at(f.rows)
			cols[3].addFloat(w.x, f)
		}
		f.rows++
		want = append(want, w)
	}
	if err := f.endRowGroup(); err != nil {
		t.Fatal(err)
	}
	if err := f.close(); err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()), parquet.SkipPageIndex(true))
	if err != nil {
		t.Fatal(err)
	}
	rg := pf.RowGroups()[0]
	r := directChunk(rg, 1, parquet.ByteArray)
	if r == nil {
		t.Fatal("the index's page reader does not read the text column")
	}
	r.buf = new(pageBufs)
	if len(r.locs(rows)) < 10 {
		t.Fatal("the text column is not in many pages")
	}
	sels := map[string][]int32{"all": nil, "none": {}, "first": {0}, "last": {rows - 1}}
	for _, step := range []int{2, 3, 97, 1001} {
		var sel []int32
		for r := step / 2; r < rows; r += step {
			sel = append(sel, int32(r))
		}
		sels[fmt.Sprint("every ", step)] = sel
	}
	for name, sel := range sels {
		exp := []row{}
		for k := range slots(rows, sel) {
			r := k
			if sel != nil {
				r = int(sel[k])
			}
			exp = append(exp, want[r])
		}
		for _, pq := range []bool{false, true} {
			pqPagesOnly = pq
			got := make([]row, len(exp))
			for i, kind := range []parquet.Kind{parquet.ByteArray, parquet.ByteArray, parquet.Int64, parquet.Double} {
				c, err := readColumn(sumRG{pq: rg}, i, kind, sel)
				if err != nil {
					t.Fatalf("%s, column %d (parquet-go's pages %v): %v", name, i, pq, err)
				}
				for k := range got {
					switch i {
					case 0:
						got[k].kind = c.cells[k]
					case 1:
						got[k].text = c.cells[k]
					case 2:
						got[k].n = c.ints[k]
					case 3:
						got[k].x, got[k].hasX = c.floats[k], c.present[k]
					}
				}
			}
			pqPagesOnly = false
			if d := cmp.Diff(exp, got, cmp.AllowUnexported(row{})); d != "" {
				t.Errorf("%s (parquet-go's pages %v): (-written +read):\n%s", name, pq, d)
			}
		}
	}
}

// TestReadGroupSomeRows reads some rows of each row group of an index
// of events of varied fields (a read that leaves unread the columns no
// row read has) and checks their events against those of every row.
func TestReadGroupSomeRows(t *testing.T) {
	dir := entryIndexDir(t, t.TempDir())
	skipped := 0 // reads that left some column unread
	eachPart(t, dir, func(path string, pf *parquet.File, cols map[string]int) {
		for g := range pf.RowGroups() {
			all, err := readGroup(sumRG{pq: pf.RowGroups()[g]}, cols, true, nil, nil, nil, nil)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			for _, step := range []int{1, 3, 7} {
				var sel []int32
				for r := step / 2; r < all.n; r += step {
					sel = append(sel, int32(r))
				}
				some, err := readGroup(sumRG{pq: pf.RowGroups()[g]}, cols, true, nil, sel, nil, layouts{})
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				if len(some.fields) < len(all.fields) {
					skipped++
				}
				for k, r := range sel {
					var want, got ingest.Event
					if err := all.event(int(r), layouts{}, &want); err != nil {
						t.Fatal(err)
					}
					if err := some.event(k, layouts{}, &got); err != nil {
						t.Fatal(err)
					}
					if d := cmp.Diff(want, got, cmp.AllowUnexported(value.Value{})); d != "" {
						t.Fatalf("%s row group %d row %d (-every row +some):\n%s", path, g, r, d)
					}
				}
			}
		}
	})
	if skipped == 0 {
		t.Fatal("no read left a column unread: the test tests little")
	}
}

// TestMetaReadsMatch opens each part of an index as a hunt does (its
// footer read by readSumMeta) and checks what its row groups give
// against parquet-go's opening: the columns, each column's constant
// value from the statistics, the events of every row and of some, and
// the tested columns by entries.
func TestMetaReadsMatch(t *testing.T) {
	dir := entryIndexDir(t, t.TempDir())
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	metas := 0
	eachPart(t, dir, func(path string, pf *parquet.File, cols map[string]int) {
		o := newOpenParts(dir, []unit{{part: &PartEntry{Path: path}}})
		o.meta = true
		op, err := o.acquire(unit{part: &PartEntry{Path: path}})
		if err != nil {
			t.Fatal(err)
		}
		defer o.closeAll()
		if op.meta == nil {
			t.Fatalf("%s: not opened from its footer", path)
		}
		metas++
		if d := cmp.Diff(cols, op.cols); d != "" {
			t.Fatalf("%s: columns (-parquet-go +footer):\n%s", path, d)
		}
		if _, err := op.rowGroup(len(pf.RowGroups())); err == nil {
			t.Errorf("%s: a row group past the last one opened", path)
		}
		for g := range pf.RowGroups() {
			pq := sumRG{pq: pf.RowGroups()[g]}
			meta, err := op.rowGroup(g)
			if err != nil {
				t.Fatal(err)
			}
			for name, i := range cols {
				v1, ok1 := pq.onlyValue(i, pq.rows())
				v2, ok2 := meta.onlyValue(i, meta.rows())
				if ok1 != ok2 || ok1 && !parquet.Equal(v1, v2) {
					t.Errorf("%s %s: the statistics' value %v %v, from the footer %v %v", path, name, v1, ok1, v2, ok2)
				}
				if pq.kind(i) == parquet.ByteArray {
					a, err1 := readTestCol(pq, i, false)
					b, err2 := readTestCol(meta, i, false)
					if err1 != nil || err2 != nil {
						t.Fatal(err1, err2)
					}
					if d := cmp.Diff(a, b, cmp.AllowUnexported(testCol{})); d != "" {
						t.Errorf("%s %s: by entries (-parquet-go +footer):\n%s", path, name, d)
					}
				}
			}
			for _, sel := range [][]int32{nil, {0}, {int32(pq.rows() - 1)}} {
				a, err1 := readGroup(pq, cols, true, nil, sel, nil, nil)
				b, err2 := readGroup(meta, op.cols, true, nil, sel, nil, nil)
				if err1 != nil || err2 != nil {
					t.Fatal(err1, err2)
				}
				for r := range a.n {
					var want, got ingest.Event
					if err := a.event(r, layouts{}, &want); err != nil {
						t.Fatal(err)
					}
					if err := b.event(r, layouts{}, &got); err != nil {
						t.Fatal(err)
					}
					if d := cmp.Diff(want, got, cmp.AllowUnexported(value.Value{})); d != "" {
						t.Fatalf("%s row group %d row %d (-parquet-go +footer):\n%s", path, g, r, d)
					}
				}
			}
		}
	})
	if metas == 0 || metas != len(m.Parts) {
		t.Fatalf("%d parts opened from their footer of %d", metas, len(m.Parts))
	}
}

package index

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"
)

// entryIndexDir builds an index of selectData and the seed data in small
// row groups (several per part, dictionaries and plain pages, nulls,
// fields kept as their place in _raw) under tmp.
func entryIndexDir(t testing.TB, tmp string) string {
	t.Helper()
	data := filepath.Join(tmp, "events.json")
	if err := os.WriteFile(data, []byte(selectText()), 0o644); err != nil {
		t.Fatal(err)
	}
	seed := filepath.Join("..", "testdata", "seed", "data", "sysmon_wermgr.log")
	dir := filepath.Join(tmp, "idx")
	if _, err := Build(dir, Options{Paths: []string{data, seed}, Workers: 2, RowGroupBytes: 2 << 10}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// eachTextColumn calls fn with every text column of every row group of
// the index at dir.
func eachTextColumn(t testing.TB, dir string, fn func(name string, rg parquet.RowGroup, i int)) {
	t.Helper()
	eachPart(t, dir, func(path string, pf *parquet.File, cols map[string]int) {
		for _, rg := range pf.RowGroups() {
			for name, i := range cols {
				if rg.ColumnChunks()[i].Type().Kind() == parquet.ByteArray {
					fn(path+" "+name, rg, i)
				}
			}
		}
	})
}

// eachPart calls fn with every part of the index at dir, open, and its
// columns.
func eachPart(t testing.TB, dir string, fn func(path string, pf *parquet.File, cols map[string]int)) {
	t.Helper()
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range m.Parts {
		f, pf, err := openPart(dir, p.Path)
		if err != nil {
			t.Fatal(err)
		}
		cols, err := partColumns(pf)
		if err != nil {
			t.Fatal(err)
		}
		fn(p.Path, pf, cols)
		f.Close()
	}
}

// cellsOf is a column's cells as readColumn reads them through
// parquet-go's pages, a path of its own ("\x00null" for a null).
func cellsOf(t testing.TB, rg parquet.RowGroup, i int, sel []int32) []string {
	t.Helper()
	pqPagesOnly = true
	c, err := readColumn(sumRG{pq: rg}, i, parquet.ByteArray, sel)
	pqPagesOnly = false
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(c.cells))
	for r, s := range c.cells {
		out[r] = s
		if !c.present[r] {
			out[r] = "\x00null"
		}
	}
	return out
}

// TestEntriesMatchCells checks the columns read by entries against the
// same columns read cell by cell (readColumn, an independent path): each
// row's entry is its cell, and the cells made for a selection of rows
// are readColumn's of that selection.
func TestEntriesMatchCells(t *testing.T) {
	dir := entryIndexDir(t, t.TempDir())
	cols := 0
	eachTextColumn(t, dir, func(name string, rg parquet.RowGroup, i int) {
		want := cellsOf(t, rg, i, nil)
		for _, distinct := range []bool{false, true} {
			c, err := readTestCol(sumRG{pq: rg}, i, distinct)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			got := make([]string, len(c.rowEntry))
			for r, e := range c.rowEntry {
				got[r] = "\x00null"
				if e >= 0 {
					got[r] = c.entries[e]
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (distinct %v): (-cells +entries):\n%s", name, distinct, diff)
			}
			var sel []int32
			for r := range want {
				if r%3 != 1 {
					sel = append(sel, int32(r))
				}
			}
			col := c.column(sel)
			made := make([]string, len(col.cells))
			for r, s := range col.cells {
				made[r] = s
				if !col.present[r] {
					made[r] = "\x00null"
				}
			}
			if diff := cmp.Diff(cellsOf(t, rg, i, sel), made); diff != "" {
				t.Errorf("%s (distinct %v), some rows: (-cells +entries):\n%s", name, distinct, diff)
			}
		}
		cols++
	})
	if cols == 0 {
		t.Fatal("no text column read: the test tests nothing")
	}
}

// TestRawTestsMatchCells checks testRaw (the tests of _raw made as its
// pages are decoded) against cellPasses of the cells readColumn reads.
func TestRawTestsMatchCells(t *testing.T) {
	dir := entryIndexDir(t, t.TempDir())
	for _, pieces := range [][]string{{"needle"}, {"WHOAMI"}, {"dir", "3"}, {"zzz", "needle 375"}, {"no such text"}, {}} {
		checkRawTests(t, dir, pieces, 3)
	}
}

// checkRawTests makes on every _raw column two needs: pieces on every
// row, and pieces[:1] on every step-th row, with the rows of a third of
// the row group already passing, and compares the rows passing and the
// cells kept with what the cells give.
func checkRawTests(t *testing.T, dir string, pieces []string, step int) {
	t.Helper()
	step = max(step, 1)
	eachTextColumn(t, dir, func(name string, rg parquet.RowGroup, i int) {
		if !strings.HasSuffix(name, " "+colRaw) {
			return
		}
		cells := cellsOf(t, rg, i, nil)
		n := len(cells)
		var some []int32
		for r := 0; r < n; r += step {
			some = append(some, int32(r))
		}
		for _, everyRow := range []bool{true, false} {
			checkRawNeeds(t, name, rg, i, cells, pieces, step, some, everyRow)
		}
	})
}

// checkRawNeeds is checkRawTests of one column, with the need of every
// row or without it (only the pages holding some rows are read then).
func checkRawNeeds(t *testing.T, name string, rg parquet.RowGroup, i int, cells, pieces []string, step int, some []int32, everyRow bool) {
	t.Helper()
	n := len(cells)
	needs := []rawNeed{
		{rows: some, tests: []colTest{{col: colRaw, pieces: pieces[:min(1, len(pieces))]}}},
	}
	if everyRow {
		needs = append(needs, rawNeed{tests: []colTest{{col: colRaw, pieces: pieces}}})
	}
	want := make([]bool, n)
	mask := make([]bool, n)
	for r, cell := range cells {
		mask[r] = r%3 == 2
		null := cell == "\x00null"
		want[r] = mask[r] || !null && (everyRow && cellPasses([]byte(cell), pieces) ||
			r%step == 0 && cellPasses([]byte(cell), pieces[:min(1, len(pieces))]))
	}
	tc := &testCache{rg: sumRG{pq: rg}, cols: map[int]*testCol{}}
	c, err := tc.testRaw(i, needs, mask)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if diff := cmp.Diff(want, mask); diff != "" {
		t.Errorf("%s %q: rows passing (-cells +testRaw):\n%s", name, pieces, diff)
	}
	sel := []int32{}
	for r, ok := range mask {
		if ok && cells[r] != "\x00null" {
			sel = append(sel, int32(r))
		}
	}
	col := c.column(sel)
	if col == nil {
		t.Fatalf("%s: a row passing has no cell kept", name)
	}
	if diff := cmp.Diff(cellsOf(t, rg, i, sel), col.cells); diff != "" {
		t.Errorf("%s: cells kept (-cells +testRaw):\n%s", name, diff)
	}
}

// FuzzRawTests is TestRawTestsMatchCells with any pieces.
func FuzzRawTests(f *testing.F) {
	dir := entryIndexDir(f, f.TempDir())
	f.Add("needle", "375", 3)
	f.Add("WhoAmI", "", 1)
	f.Add("[", "\"", 7)
	f.Fuzz(func(t *testing.T, a, b string, step int) {
		pieces := []string{a}
		if b != "" {
			pieces = append(pieces, b)
		}
		checkRawTests(t, dir, pieces, step%50)
	})
}

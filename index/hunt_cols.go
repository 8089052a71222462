package index

import (
	"fmt"
	"slices"
	"strings"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"

	"github.com/spelunk-dev/spelunk/value"
)

// testCol is a tested text column of one row group by entries: the
// column's dictionary entries (and the distinct cells of plain pages),
// tested once each, and each row's entry (-1: null). An entry's text
// lies in a string shared with the others of its page; the rows the read
// makes get copies of their own (str), so that an event held does not
// keep a page alive.
type testCol struct {
	entries  []string
	strs     []string // entry e's own copy, once made (str)
	rowEntry []int32
	// rows and rowsOf list the rows of each entry (index), when asked.
	rows, rowsOf []int32
}

// Len is the number of entries.
func (c *testCol) Len() int { return len(c.entries) }

// str is entry e's cell as a string of its own, made once.
func (c *testCol) str(e int32) string {
	if c.strs == nil {
		c.strs = make([]string, c.Len())
	}
	if c.strs[e] == "" && c.entries[e] != "" {
		c.strs[e] = strings.Clone(c.entries[e])
	}
	return c.strs[e]
}

// readTestCol reads text column i of rg by entries: a chunk whose
// statistics tell every cell (all null, or one value in every row) is
// not read; a dictionary's entries are copied once and each row keeps
// its entry number; the cells of plain pages are entries of their own,
// those equal made one entry unless distinct (a column whose cells
// seldom repeat, as _raw).
func readTestCol(rg parquet.RowGroup, i int, distinct bool) (*testCol, error) {
	n := int(rg.NumRows())
	chunk := rg.ColumnChunks()[i]
	if got := chunk.Type().Kind(); got != parquet.ByteArray {
		return nil, fmt.Errorf("column %d holds %s, not text", i, got)
	}
	c := &testCol{rowEntry: make([]int32, n)}
	if fc, ok := chunk.(*parquet.FileColumnChunk); ok {
		nulls := fc.NullCount()
		if nulls == int64(n) {
			for r := range c.rowEntry {
				c.rowEntry[r] = -1
			}
			return c, nil
		}
		if lo, hi, ok := fc.Bounds(); ok && nulls == 0 && !lo.IsNull() && parquet.Equal(lo, hi) {
			c.entries = append(c.entries, string(lo.ByteArray())) // rowEntry is all 0
			return c, nil
		}
	}
	var dict parquet.Dictionary
	base := int32(0) // the entry of the dictionary's first value
	var plain map[string]int32
	if !distinct {
		plain = map[string]int32{}
	}
	pages := chunk.Pages()
	defer pages.Close()
	err := eachPage(pages, n, func(p parquet.Page, row int, levels []byte, data encoding.Values) error {
		m := int(p.NumRows())
		d := p.Dictionary()
		var idx []int32
		var bytes []byte
		var offs []uint32
		var text string // the plain page's values
		if d != nil {
			if d != dict {
				dict, base = d, int32(c.Len())
				dv := d.Page().Data()
				b, o := dv.ByteArray()
				if len(o) != d.Len()+1 {
					return fmt.Errorf("a dictionary of %d entries has %d offsets", d.Len(), len(o))
				}
				if o[0] != 0 || int(o[len(o)-1]) > len(b) {
					return fmt.Errorf("a dictionary's entries lie out of its page")
				}
				text := string(b[:o[len(o)-1]])
				c.entries = slices.Grow(c.entries, d.Len())
				for k := range d.Len() {
					if o[k] > o[k+1] {
						return fmt.Errorf("dictionary entry %d out of range", k)
					}
					c.entries = append(c.entries, text[o[k]:o[k+1]])
				}
			}
			idx = data.Int32()
		} else {
			bytes, offs = data.ByteArray()
			if len(offs) > 0 && int(offs[len(offs)-1]) <= len(bytes) {
				text = string(bytes[:offs[len(offs)-1]])
			}
		}
		k := 0
		for r := range m {
			if levels != nil && levels[r] == 0 {
				c.rowEntry[row+r] = -1
				continue
			}
			at := k
			k++
			if d != nil {
				if at >= len(idx) || idx[at] < 0 || int(idx[at]) >= d.Len() {
					return fmt.Errorf("row %d: dictionary index out of range", row+r)
				}
				c.rowEntry[row+r] = base + idx[at]
				continue
			}
			if at+1 >= len(offs) || offs[at] > offs[at+1] || int(offs[at+1]) > len(text) {
				return fmt.Errorf("row %d: value out of range", row+r)
			}
			cell := text[offs[at]:offs[at+1]]
			e, ok := plain[cell]
			if !ok {
				e = int32(len(c.entries))
				c.entries = append(c.entries, cell)
				if plain != nil {
					plain[cell] = e
				}
			}
			c.rowEntry[row+r] = e
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("column %d: %w", i, err)
	}
	return c, nil
}

// column is c's cells at the rows of sel (nil: every row), as readColumn
// would read them; nil when c did not keep one of them.
func (c *testCol) column(sel []int32) *column {
	n := len(c.rowEntry)
	if sel != nil {
		n = len(sel)
	}
	out := &column{kind: parquet.ByteArray, cells: make([]string, n), present: make([]bool, n)}
	for k := range n {
		r := int32(k)
		if sel != nil {
			r = sel[k]
		}
		switch e := c.rowEntry[r]; {
		case e >= 0:
			out.cells[k], out.present[k] = c.str(e), true
		case e < -1:
			return nil // a row whose cell was not kept
		}
	}
	return out
}

// rowsPassing lists the rows whose entry passes, in no set order.
func (c *testCol) rowsPassing(pass func(int32) bool) []int32 {
	if c.rowsOf == nil {
		c.index()
	}
	n := 0
	for e := range int32(c.Len()) {
		if c.rowsOf[e] < c.rowsOf[e+1] && pass(e) {
			n += int(c.rowsOf[e+1] - c.rowsOf[e])
		}
	}
	out := make([]int32, 0, n)
	for e := range int32(c.Len()) {
		if c.rowsOf[e] < c.rowsOf[e+1] && pass(e) { // memoised: asked once
			out = append(out, c.rows[c.rowsOf[e]:c.rowsOf[e+1]]...)
		}
	}
	return out
}

// passesAll reports whether every row has an entry and every entry
// passes: a test that leaves every row as it was. It answers false
// without asking when the entries are many (the rows are tested then).
func (c *testCol) passesAll(pass func(int32) bool) bool {
	if c.Len() > maxAskAll {
		return false
	}
	if c.rowsOf == nil {
		c.index()
	}
	if int(c.rowsOf[c.Len()]) != len(c.rowEntry) {
		return false // some row is null
	}
	for e := range int32(c.Len()) {
		if c.rowsOf[e] < c.rowsOf[e+1] && !pass(e) {
			return false
		}
	}
	return true
}

// maxAskAll is the most entries passesAll tests.
const maxAskAll = 64

// index lists the rows of each entry: those of entry e are
// rows[rowsOf[e]:rowsOf[e+1]].
func (c *testCol) index() {
	c.rowsOf = make([]int32, c.Len()+1)
	for _, e := range c.rowEntry {
		if e >= 0 {
			c.rowsOf[e+1]++
		}
	}
	for e := 1; e < len(c.rowsOf); e++ {
		c.rowsOf[e] += c.rowsOf[e-1]
	}
	c.rows = make([]int32, c.rowsOf[len(c.rowsOf)-1])
	next := slices.Clone(c.rowsOf[:len(c.rowsOf)-1])
	for r, e := range c.rowEntry {
		if e >= 0 {
			c.rows[next[e]] = int32(r)
			next[e]++
		}
	}
}

// keepPassing lists the rows of rows whose entry passes.
func (c *testCol) keepPassing(rows []int32, pass func(int32) bool) []int32 {
	out := make([]int32, 0, len(rows))
	for _, r := range rows {
		if e := c.rowEntry[r]; e >= 0 && pass(e) {
			out = append(out, r)
		}
	}
	return out
}

// rawNeed is a prefilter's tests of _raw, to be made on rows (nil:
// every row), those its other tests left.
type rawNeed struct {
	rows  []int32
	tests []colTest
	// refs are, by test, the places in _raw of a test's field (nil: the
	// test is of _raw itself).
	refs []*refCheck
}

// testRaw makes the tests of needs on text column i (_raw) as its pages
// are decoded, each cell tested where it lies, and sets mask[r] for each
// row that passes one of them. It keeps a copy of the cells of the rows
// mask then lists (and of no other row: their entry is -2).
func (tc *testCache) testRaw(i int, needs []rawNeed, mask []bool) (*testCol, error) {
	n := len(mask)
	// byRow lists the needs to make on each row: those of every row
	// (every), and those of some (rows[at[r]:at[r+1]]).
	var every []int32
	at := make([]int32, n+1)
	for k, nd := range needs {
		if nd.rows == nil {
			every = append(every, int32(k))
			continue
		}
		for _, r := range nd.rows {
			at[r+1]++
		}
	}
	for r := 1; r <= n; r++ {
		at[r] += at[r-1]
	}
	byRow := make([]int32, at[n])
	next := slices.Clone(at[:n])
	for k, nd := range needs {
		for _, r := range nd.rows {
			byRow[next[r]] = int32(k)
			next[r]++
		}
	}
	passes := func(k int32, r int, raw string) bool {
		for j, t := range needs[k].tests {
			cell := raw
			if rc := needs[k].refs; j < len(rc) && rc[j] != nil {
				var ok bool
				if cell, ok = rc[j].cell(r, raw); !ok {
					continue // tested on its column
				}
			}
			if t.match != nil {
				m := tc.match[t.id]
				if m == nil {
					m = t.match()
					tc.match[t.id] = m
				}
				if !(cell != "" && cell[0] == '[' || m(value.Str(strings.Clone(cell)))) {
					return false
				}
				continue
			}
			if !textPasses(cell, t.pieces) {
				return false
			}
		}
		return true
	}
	c := &testCol{rowEntry: make([]int32, n)}
	err := eachCell(tc.rg, i, func(r int, cell string, null bool) {
		if null {
			c.rowEntry[r] = -1
			return
		}
		for _, k := range every {
			if mask[r] {
				break
			}
			mask[r] = passes(k, r, cell)
		}
		for _, k := range byRow[at[r]:at[r+1]] {
			if mask[r] {
				break
			}
			mask[r] = passes(k, r, cell)
		}
		if !mask[r] {
			c.rowEntry[r] = -2
			return
		}
		c.rowEntry[r] = int32(len(c.entries))
		c.entries = append(c.entries, strings.Clone(cell))
	})
	if err != nil {
		return nil, fmt.Errorf("column %d: %w", i, err)
	}
	c.strs = c.entries // each a copy of its own already
	return c, nil
}

// eachCell calls fn with each row of text column i of rg: its cell, a
// string valid only during the call, or null.
func eachCell(rg parquet.RowGroup, i int, fn func(r int, cell string, null bool)) error {
	n := int(rg.NumRows())
	chunk := rg.ColumnChunks()[i]
	if got := chunk.Type().Kind(); got != parquet.ByteArray {
		return fmt.Errorf("holds %s, not text", got)
	}
	pages := chunk.Pages()
	defer pages.Close()
	return eachPage(pages, n, func(p parquet.Page, row int, levels []byte, data encoding.Values) error {
		var idx []int32
		var bytes []byte
		var offs []uint32
		var dict []string
		if d := p.Dictionary(); d != nil {
			idx = data.Int32()
			dict = make([]string, d.Len())
			for k := range dict {
				b := d.Index(int32(k)).ByteArray()
				dict[k] = unsafe.String(unsafe.SliceData(b), len(b))
			}
		} else {
			bytes, offs = data.ByteArray()
		}
		k := 0
		for r := range int(p.NumRows()) {
			if levels != nil && levels[r] == 0 {
				fn(row+r, "", true)
				continue
			}
			at := k
			k++
			if dict != nil {
				if at >= len(idx) || idx[at] < 0 || int(idx[at]) >= len(dict) {
					return fmt.Errorf("row %d: dictionary index out of range", row+r)
				}
				fn(row+r, dict[idx[at]], false)
				continue
			}
			if at+1 >= len(offs) || offs[at] > offs[at+1] || int(offs[at+1]) > len(bytes) {
				return fmt.Errorf("row %d: value out of range", row+r)
			}
			b := bytes[offs[at]:offs[at+1]]
			fn(row+r, unsafe.String(unsafe.SliceData(b), len(b)), false)
		}
		return nil
	})
}

package index

import (
	"fmt"
	"slices"
	"strings"
	"unsafe"

	"github.com/parquet-go/parquet-go"

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
func readTestCol(rg sumRG, i int, distinct bool) (*testCol, error) {
	n := rg.rows()
	if got := rg.kind(i); got != parquet.ByteArray {
		return nil, fmt.Errorf("column %d holds %s, not text", i, got)
	}
	c := &testCol{rowEntry: make([]int32, n)}
	if v, ok := rg.onlyValue(i, n); ok {
		if v.IsNull() {
			for r := range c.rowEntry {
				c.rowEntry[r] = -1
			}
		} else {
			c.entries = append(c.entries, string(v.ByteArray())) // rowEntry is all 0
		}
		return c, nil
	}
	var dict *sumDict
	base := int32(0) // the entry of the dictionary's first value
	var plain map[string]int32
	if !distinct {
		plain = map[string]int32{}
	}
	var text string // a plain page's values
	err := eachRowValue(rg, i, n, nil, func(p *sumPage, first int) error {
		if p.dict == nil && len(p.offs) > 0 {
			text = string(p.data[:p.offs[len(p.offs)-1]])
		}
		if d := p.dict; d != nil && d != dict {
			dict, base = d, int32(c.Len())
			o := d.offs
			if len(o) == 0 || o[0] != 0 || int(o[len(o)-1]) > len(d.data) {
				return fmt.Errorf("a dictionary's entries lie out of its page")
			}
			text := string(d.data[:o[len(o)-1]])
			c.entries = slices.Grow(c.entries, len(o)-1)
			for k := range len(o) - 1 {
				if o[k] > o[k+1] {
					return fmt.Errorf("dictionary entry %d out of range", k)
				}
				c.entries = append(c.entries, text[o[k]:o[k+1]])
			}
		}
		return nil
	}, func(r int, p *sumPage, v int32) error {
		switch {
		case v < 0:
			c.rowEntry[r] = -1
		case p.dict != nil:
			c.rowEntry[r] = base + p.ids[v]
		default:
			cell := text[p.offs[v]:p.offs[v+1]]
			e, ok := plain[cell]
			if !ok {
				e = int32(len(c.entries))
				c.entries = append(c.entries, cell)
				if plain != nil {
					plain[cell] = e
				}
			}
			c.rowEntry[r] = e
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
	out := newColumn(parquet.ByteArray, n)
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
	// Without a test of every row, only the pages holding a row to test
	// or one a test of another column kept are read: the others' cells
	// are not kept.
	var sel []int32
	if len(every) == 0 {
		sel = []int32{}
		for r := range n {
			c.rowEntry[r] = -2
			if mask[r] || at[r] < at[r+1] {
				sel = append(sel, int32(r))
			}
		}
	}
	err := eachCell(tc.rg, i, sel, func(r int, cell string, null bool) {
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

// eachCell calls fn with each row of sel (rising; nil: every row) of
// text column i of rg: its cell, a string valid only during the call, or
// null.
func eachCell(rg sumRG, i int, sel []int32, fn func(r int, cell string, null bool)) error {
	return eachRowValue(rg, i, rg.rows(), sel, nil, func(r int, p *sumPage, v int32) error {
		if v < 0 {
			fn(r, "", true)
			return nil
		}
		data, offs := p.data, p.offs
		if p.dict != nil {
			data, offs, v = p.dict.data, p.dict.offs, p.ids[v]
		}
		fn(r, unsafe.String(unsafe.SliceData(data[offs[v]:]), int(offs[v+1]-offs[v])), false)
		return nil
	})
}

// eachRowValue calls each with every row of sel (rising; nil: every row)
// of text column i of a row group of n rows, in order, reading only the
// pages holding them: the page holding it and its value's number
// there (-1: null), checked to lie in the page (p.ids for a dictionary's
// page, whose numbers lie in p.dict, p.offs else). page, when set, gets
// each page first.
func eachRowValue(rg sumRG, i, n int, sel []int32, page func(p *sumPage, first int) error, each func(r int, p *sumPage, v int32) error) error {
	buf := keptBufs.Get().(*[]int32)
	defer keptBufs.Put(buf)
	kept := *buf
	return eachSummaryPage(rg, i, n, sel, parquet.ByteArray, func(p *sumPage, first int, at []int32, _ int) error {
		var nvals int
		var err error
		if kept, nvals, err = keptValues(p, first, at, kept); err != nil {
			return err
		}
		*buf = kept
		if at == nil && first+len(kept) > n {
			return fmt.Errorf("a page holds more rows than the row group")
		}
		if err := checkValues(p, nvals); err != nil {
			return err
		}
		if page != nil {
			if err := page(p, first); err != nil {
				return err
			}
		}
		for k, v := range kept {
			r := first + k
			if at != nil {
				r = int(at[k])
			}
			if err := each(r, p, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// checkValues checks that a text page's first nvals values lie in it: a
// dictionary's numbers in its dictionary, plain values in its bytes.
func checkValues(p *sumPage, nvals int) error {
	if d := p.dict; d != nil {
		if nvals > len(p.ids) || len(d.offs) == 0 {
			return fmt.Errorf("a page holds fewer values than its levels say")
		}
		m := int32(len(d.offs) - 1)
		for _, x := range p.ids[:nvals] {
			if x < 0 || x >= m || d.offs[x] > d.offs[x+1] || int(d.offs[x+1]) > len(d.data) {
				return fmt.Errorf("dictionary index %d out of range", x)
			}
		}
		return nil
	}
	if nvals == 0 {
		return nil
	}
	if nvals+1 > len(p.offs) {
		return fmt.Errorf("a page holds fewer values than its levels say")
	}
	for k := range nvals {
		if p.offs[k] > p.offs[k+1] || int(p.offs[k+1]) > len(p.data) {
			return fmt.Errorf("a value out of range")
		}
	}
	return nil
}

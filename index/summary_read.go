package index

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/parquet-go/parquet-go"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// sumColumn is one text column of a summary row group: each slot's entry
// (-1 for none) in a table of texts, the column's dictionary or, for a
// column written plain, its values in order. The texts are views of one
// block of bytes, made no string at a time.
type sumColumn struct {
	ids     []int32
	blob    []byte
	offs    []uint32 // entry k is blob[offs[k]:offs[k+1]]
	scratch []int32  // keptValues' space, from page to page
	// used numbers, while a read of some rows takes a dictionary's
	// entries, the column's entry of each dictionary entry met.
	used  map[int32]int32
	plain bool // written without a dictionary: an entry per value
	// shared is the cached column whose entries these are, when the
	// scans of a hunt share their reads; nil otherwise.
	shared *colEntry
}

func (c *sumColumn) entries() int { return max(len(c.offs)-1, 0) }

// get is entry k's text, a view of the column's bytes (never changed).
func (c *sumColumn) get(k int32) string {
	lo, hi := c.offs[k], c.offs[k+1]
	if lo == hi {
		return ""
	}
	return unsafe.String(&c.blob[lo], int(hi-lo))
}

// readSumColumn reads text column i of a row group of n rows, for the
// rows of sel (rising; nil: all), each at its place in sel: only the
// pages holding them are read.
func readSumColumn(rg sumRG, i, n int, sel []int32) (*sumColumn, error) {
	c := &sumColumn{ids: make([]int32, slots(n, sel))}
	if rg.allNull(i, n) {
		for k := range c.ids {
			c.ids[k] = -1
		}
		return c, nil
	}
	var dict *sumDict
	err := eachSummaryPage(rg, i, n, sel, parquet.ByteArray, func(p *sumPage, first int, at []int32, slot int) error {
		return c.addPage(p, &dict, first, at, slot)
	})
	if err != nil {
		return nil, err
	}
	c.scratch, c.used = nil, nil
	return c, nil
}

// slots is how many rows a read of sel keeps.
func slots(n int, sel []int32) int {
	if sel != nil {
		return len(sel)
	}
	return n
}

// pageFirsts is the first row of each page of a column chunk, from its
// offset index; nil without one, or one that does not fit n rows.
func pageFirsts(chunk parquet.ColumnChunk, n int) []int {
	oi, err := chunk.OffsetIndex()
	if err != nil || oi == nil || oi.NumPages() == 0 {
		return nil
	}
	out := make([]int, oi.NumPages())
	for k := range out {
		out[k] = int(oi.FirstRowIndex(k))
		if out[k] < 0 || out[k] >= n || (k > 0 && out[k] <= out[k-1]) || (k == 0 && out[k] != 0) {
			return nil
		}
	}
	return out
}

// addPage adds a page of rows from first: the entries of the rows of at
// (nil: every row of the page) go to slots from slot on; numbers of
// dictionary entries, or plain values added as entries of their own.
func (c *sumColumn) addPage(p *sumPage, dict **sumDict, first int, at []int32, slot int) error {
	kept, nvals, err := keptValues(p, first, at, c.scratch)
	c.scratch = kept
	if err != nil {
		return err
	}
	if slot+len(kept) > len(c.ids) {
		return fmt.Errorf("a page holds more rows than the row group")
	}
	ids := c.ids[slot : slot+len(kept)]
	if d := p.dict; d != nil {
		if *dict == nil {
			if err := c.takeDict(d, at != nil); err != nil {
				return err
			}
			*dict = d
		} else if *dict != d {
			return fmt.Errorf("a column chunk has two dictionaries")
		}
		idx := p.ids
		if nvals > len(idx) {
			return fmt.Errorf("a page holds fewer values than its levels say")
		}
		entries := int32(max(len(d.offs)-1, 0))
		for q, v := range kept {
			id := int32(-1)
			if v >= 0 {
				if id = idx[v]; id < 0 || id >= entries {
					return fmt.Errorf("dictionary index %d out of range", id)
				}
				if c.used != nil {
					id = c.entry(d, id)
				}
			}
			ids[q] = id
		}
		return nil
	}
	if *dict != nil {
		return fmt.Errorf("a dictionary column has a plain page")
	}
	c.plain = true
	data, offs := p.data, p.offs
	if len(offs) == 0 {
		offs = []uint32{0}
	}
	if err := checkOffsets(offs, len(data)); err != nil {
		return err
	}
	if nvals > len(offs)-1 {
		return fmt.Errorf("a page holds fewer values than its levels say")
	}
	if len(c.offs) == 0 {
		c.offs = append(c.offs, 0)
		// Room for the chunk's values, guessed from its first page.
		if at == nil && p.rows > 0 {
			c.blob = slices.Grow(c.blob, int(offs[nvals])*(len(c.ids)/p.rows+1))
		}
	}
	if at == nil {
		// Every row: the page's values in order, taken at once.
		base, first := uint32(len(c.blob)), int32(c.entries())
		c.blob = append(c.blob, data[:offs[nvals]]...)
		for _, o := range offs[1 : nvals+1] {
			c.offs = append(c.offs, base+o)
		}
		for q, v := range kept {
			ids[q] = -1
			if v >= 0 {
				ids[q] = first + v
			}
		}
		return nil
	}
	for q, v := range kept {
		if v < 0 {
			ids[q] = -1
			continue
		}
		c.blob = append(c.blob, data[offs[v]:offs[v+1]]...)
		c.offs = append(c.offs, uint32(len(c.blob)))
		ids[q] = int32(c.entries() - 1)
	}
	return nil
}

// takeDict makes the chunk's dictionary the column's entries: all of
// them, or, for a read of some rows (few), only those the rows use, as
// they are met (entry), not copying the rest.
func (c *sumColumn) takeDict(d *sumDict, some bool) error {
	if err := checkOffsets(d.offs, len(d.data)); err != nil {
		return err
	}
	if some {
		c.offs, c.used = []uint32{0}, map[int32]int32{}
		return nil
	}
	c.blob = append([]byte(nil), d.data...)
	c.offs = append([]uint32(nil), d.offs...)
	return nil
}

// entry is the column's entry for entry id of the dictionary d, added
// when new.
func (c *sumColumn) entry(d *sumDict, id int32) int32 {
	if e, ok := c.used[id]; ok {
		return e
	}
	e := int32(c.entries())
	c.blob = append(c.blob, d.data[d.offs[id]:d.offs[id+1]]...)
	c.offs = append(c.offs, uint32(len(c.blob)))
	c.used[id] = e
	return e
}

// keptValues lists, in buf's space, for each kept row of a page holding
// the rows from first (the rows of at, or every row when at is nil), the
// index of its value among the page's values (-1: it has none, by the
// page's levels), with the number of values the levels say it holds.
func keptValues(p *sumPage, first int, at []int32, buf []int32) ([]int32, int, error) {
	defs := p.defs
	rows := p.rows
	if defs != nil && len(defs) != rows {
		return buf, 0, fmt.Errorf("a page has %d levels for %d rows", len(defs), rows)
	}
	buf = buf[:0]
	nvals := rows
	if defs != nil {
		// A level of 0 is a null, any other a value: counting the zeros
		// (bytes.Count, vectorised) counts the values.
		nvals = rows - bytes.Count(defs, nullLevel)
		if nvals == rows {
			defs = nil // no null: row x holds value x
		}
	}
	if at == nil {
		k := int32(0)
		for r := range rows {
			if defs != nil && defs[r] == 0 {
				buf = append(buf, -1)
				continue
			}
			buf = append(buf, k)
			k++
		}
		return buf, nvals, nil
	}
	k, r := int32(0), 0
	for _, a := range at {
		x := int(a) - first
		if x < r || x >= rows {
			return buf, 0, fmt.Errorf("a page ends before row %d", a)
		}
		if defs == nil {
			buf = append(buf, int32(x))
			continue
		}
		k += int32(x - r - bytes.Count(defs[r:x], nullLevel))
		r = x
		if defs[x] == 0 {
			buf = append(buf, -1)
			continue
		}
		buf = append(buf, k)
	}
	return buf, nvals, nil
}

// nullLevel is the definition level of a null in a summary's columns.
var nullLevel = []byte{0}

// checkOffsets refuses offsets that do not rise within the data.
func checkOffsets(offs []uint32, size int) error {
	for i, o := range offs {
		if int(o) > size || (i > 0 && o < offs[i-1]) {
			return fmt.Errorf("bad value offsets")
		}
	}
	return nil
}

// sumGroup is what a scan reads of one summary row group: the rows of
// rows (nil: all n), each column holding them at their place (slot) in
// rows.
type sumGroup struct {
	n      int     // slots
	rows   []int32 // nil: every row, slot r being row r
	times  []int64
	hasT   []bool
	exact  []float64 // NaN where the row has no exact time
	seq    []int64
	types  *sumColumn
	fields []string // in the rows' order
	cols   []*sumColumn
}

// sumPart is an open summary part and what its metadata says.
type sumPart struct {
	groups []sumRG
	cols   map[string]int
	order  []string
	// cache, when the scans of a hunt share their reads, holds the
	// decoded columns of the part's row groups, under path.
	cache *colCache
	path  string
	// erefs is the column of each field column's copies kept as their
	// event's place (summary_copy.go), events the event parts holding
	// those events, and places what reads them.
	erefs  map[int]int
	crefs  map[int]int // as erefs, of the references to event columns
	events []string
	places *eventPlaces
}

// newSumPart is the part parquet-go opened as pf.
func newSumPart(pf *parquet.File) (*sumPart, error) {
	var names []string
	for _, path := range pf.Schema().Columns() {
		if len(path) != 1 {
			return nil, fmt.Errorf("column %v is nested", path)
		}
		names = append(names, path[0])
	}
	sp, err := sumPartOf(names, pf.Lookup)
	if err != nil {
		return nil, err
	}
	for g, rg := range pf.RowGroups() {
		sp.groups = append(sp.groups, sumRG{pq: rg, g: g})
	}
	return sp, nil
}

// newSumPartMeta is the part readSumMeta read the footer of.
func newSumPartMeta(m *sumMeta) (*sumPart, error) {
	sp, err := sumPartOf(m.cols, func(k string) (string, bool) { v, ok := m.kv[k]; return v, ok })
	if err != nil {
		return nil, err
	}
	for g := range m.groups {
		sp.groups = append(sp.groups, sumRG{meta: m, g: g})
	}
	return sp, nil
}

// sumPartOf is a part of the given columns and key-value metadata
// (lookup), checked.
func sumPartOf(names []string, lookup func(key string) (string, bool)) (*sumPart, error) {
	sp := &sumPart{cols: map[string]int{}}
	for i, name := range names {
		sp.cols[name] = i
	}
	meta, ok := lookup(metaFields)
	if !ok {
		return nil, fmt.Errorf("no %s metadata", metaFields)
	}
	if err := json.Unmarshal([]byte(meta), &sp.order); err != nil {
		return nil, fmt.Errorf("bad %s metadata: %w", metaFields, err)
	}
	for _, f := range sp.order {
		if _, ok := sp.cols[fieldColumn(f)]; !ok {
			return nil, fmt.Errorf("no column for field %q", f)
		}
	}
	for _, c := range []string{colTime, colExact, colSeq, colTypes} {
		if _, ok := sp.cols[c]; !ok {
			return nil, fmt.Errorf("no column %s", c)
		}
	}
	for name, e := range sp.cols {
		to := &sp.erefs
		f, ok := strings.CutPrefix(name, erefPrefix)
		if !ok {
			if f, ok = strings.CutPrefix(name, crefPrefix); !ok {
				continue
			}
			to = &sp.crefs
		}
		i, ok := sp.cols[fieldColumn(f)]
		if !ok || indexOf(sp.order, f) < 0 {
			return nil, fmt.Errorf("column %s copies no field of the part", name)
		}
		if *to == nil {
			*to = map[int]int{}
		}
		(*to)[i] = e
	}
	var err error
	if sp.events, err = summaryEvents(lookup); err != nil {
		return nil, err
	}
	if len(sp.erefs)+len(sp.crefs) > 0 && len(sp.events) == 0 {
		return nil, fmt.Errorf("copies of events without %s metadata", metaEvents)
	}
	return sp, nil
}

// readGroup reads row group g for a scan that reads the fields of want
// (nil: all) and keeps only rows meeting must. It returns nil when no row
// can: a field must names is absent from the part, or no entry of its
// dictionary (no value, for a plain column) holds the text. The rows'
// reading order (gr.seq) is read when seq is set.
func (sp *sumPart) readGroup(g int, want map[string]bool, must []engine.Contains, seq bool) (*sumGroup, error) {
	if g >= len(sp.groups) {
		return nil, fmt.Errorf("row group %d missing (%d)", g, len(sp.groups))
	}
	rg := sp.groups[g]
	n := rg.rows()
	gr := &sumGroup{n: n}
	read := map[string]*sumColumn{}
	var cand []bool
	for _, m := range must {
		if m.Field == "_time" {
			continue
		}
		i, ok := sp.cols[fieldColumn(m.Field)]
		if !ok || indexOf(sp.order, m.Field) < 0 {
			return nil, nil
		}
		c := read[m.Field]
		if c == nil {
			var err error
			if c, err = sp.text(rg, g, i, n, nil); err != nil {
				return nil, fmt.Errorf("column %s: %w", fieldColumn(m.Field), err)
			}
			read[m.Field] = c
		}
		pass := c.holding(m.Pieces)
		any := slices.Contains(pass, true)
		if !any {
			return nil, nil
		}
		if cand == nil {
			cand = make([]bool, n)
			for r := range cand {
				cand[r] = true
			}
		}
		left := false
		for r, id := range c.ids {
			cand[r] = cand[r] && id >= 0 && pass[id]
			left = left || cand[r]
		}
		if !left {
			return nil, nil
		}
	}
	if cand != nil {
		for r, ok := range cand {
			if ok {
				gr.rows = append(gr.rows, int32(r))
			}
		}
		gr.n = len(gr.rows)
		for _, c := range read {
			for j, r := range gr.rows {
				c.ids[j] = c.ids[r]
			}
			c.ids = c.ids[:gr.n]
		}
	}
	return gr, sp.readRest(rg, g, gr, n, want, read, seq)
}

// readRest reads the columns of a row group besides those read for must
// already, at the group's rows.
func (sp *sumPart) readRest(rg sumRG, g int, gr *sumGroup, n int, want map[string]bool, read map[string]*sumColumn, seq bool) error {
	var err error
	if gr.times, gr.hasT, err = sp.ints(rg, g, sp.cols[colTime], n, gr.rows); err != nil {
		return fmt.Errorf("column %s: %w", colTime, err)
	}
	if seq {
		if gr.seq, _, err = sp.ints(rg, g, sp.cols[colSeq], n, gr.rows); err != nil {
			return fmt.Errorf("column %s: %w", colSeq, err)
		}
	}
	if gr.exact, err = sp.doubles(rg, g, sp.cols[colExact], n, gr.rows); err != nil {
		return fmt.Errorf("column %s: %w", colExact, err)
	}
	if sp.cache == nil {
		// Alone, a read leaves the types column unread when its
		// dictionary concerns no field read; shared, it is decoded once.
		gr.types, err = readTypes(rg, sp.cols[colTypes], n, gr.rows, want)
	} else {
		gr.types, err = sp.text(rg, g, sp.cols[colTypes], n, gr.rows)
	}
	if err != nil {
		return fmt.Errorf("column %s: %w", colTypes, err)
	}
	if err := sp.readCopies(rg, n, gr.rows, want, read); err != nil {
		return err
	}
	for _, f := range sp.order {
		if want != nil && !want[f] {
			continue
		}
		c := read[f]
		if c == nil {
			name := fieldColumn(f)
			if c, err = sp.text(rg, g, sp.cols[name], n, gr.rows); err != nil {
				return fmt.Errorf("column %s: %w", name, err)
			}
		}
		gr.fields = append(gr.fields, f)
		gr.cols = append(gr.cols, c)
	}
	return nil
}

// readInts reads an INT64 column: each slot's number and whether it has
// one, for the rows of sel (nil: all).
func readInts(rg sumRG, i, n int, sel []int32) ([]int64, []bool, error) {
	out, has := make([]int64, slots(n, sel)), make([]bool, slots(n, sel))
	if rg.allNull(i, n) {
		return out, has, nil
	}
	err := eachSummaryPage(rg, i, n, sel, parquet.Int64, func(p *sumPage, first int, at []int32, slot int) error {
		return spread(p, first, at, slot, p.ints, out, has)
	})
	return out, has, err
}

// readDoubles reads a DOUBLE column as readInts does, NaN where a slot
// has no value.
func readDoubles(rg sumRG, i, n int, sel []int32) ([]float64, error) {
	out, has := make([]float64, slots(n, sel)), make([]bool, slots(n, sel))
	var err error
	if !rg.allNull(i, n) {
		err = eachSummaryPage(rg, i, n, sel, parquet.Double, func(p *sumPage, first int, at []int32, slot int) error {
			return spread(p, first, at, slot, p.dbls, out, has)
		})
	}
	for r, ok := range has {
		if !ok {
			out[r] = math.NaN()
		}
	}
	return out, err
}

// spread puts a page's values at the slots of its kept rows.
func spread[T any](p *sumPage, first int, at []int32, slot int, vals []T, out []T, has []bool) error {
	kept, nvals, err := keptValues(p, first, at, nil)
	if err != nil {
		return err
	}
	return spreadKept(p, kept, nvals, slot, vals, out, has)
}

// spreadKept is spread of the rows keptValues kept.
func spreadKept[T any](p *sumPage, kept []int32, nvals, slot int, vals []T, out []T, has []bool) error {
	if nvals > len(vals) || (p.defs == nil && len(vals) != p.rows) {
		return fmt.Errorf("a page's values do not fit its rows")
	}
	if slot+len(kept) > len(out) {
		return fmt.Errorf("a page holds more rows than the row group")
	}
	for q, v := range kept {
		if v >= 0 {
			out[slot+q], has[slot+q] = vals[v], true
		}
	}
	return nil
}

// eachSummaryPage calls fn with the pages of column i holding rows of sel
// (nil: every page), each with its first row, the rows of sel it holds
// (nil for every row) and the slot of the first of them.
func eachSummaryPage(rg sumRG, i, n int, sel []int32, kind parquet.Kind, fn func(p *sumPage, first int, at []int32, slot int) error) error {
	if k := rg.kind(i); k != kind {
		return fmt.Errorf("column %d holds %s, not %s", i, k, kind)
	}
	if r := rg.direct(i, kind); r != nil && (!pqPagesOnly || rg.pq == nil) {
		return r.each(i, n, sel, fn)
	}
	chunk := rg.pq.ColumnChunks()[i]
	pages := chunk.Pages()
	defer pages.Close()
	var dicts pqDicts
	read := func(first int, at []int32, slot int) (int, error) {
		p, err := pages.ReadPage()
		if err != nil {
			return 0, err
		}
		rows := int(p.NumRows())
		err = fn(pqPage(p, kind, &dicts), first, at, slot)
		parquet.Release(p)
		if err == nil && rows == 0 {
			err = fmt.Errorf("an empty page")
		}
		return rows, err
	}
	if sel != nil {
		if firsts := pageFirsts(chunk, n); firsts != nil {
			j := 0
			for k, first := range firsts {
				last := n
				if k+1 < len(firsts) {
					last = firsts[k+1]
				}
				hi := j
				for hi < len(sel) && int(sel[hi]) < last {
					hi++
				}
				if hi == j {
					continue
				}
				if err := pages.SeekToRow(int64(first)); err != nil {
					return err
				}
				if _, err := read(first, sel[j:hi], j); err != nil {
					return err
				}
				j = hi
			}
			return nil
		}
	}
	// Every page in order, keeping the rows of sel.
	j := 0
	for at := 0; at < n; {
		lo := j
		p, err := pages.ReadPage()
		if err == io.EOF {
			return fmt.Errorf("column %d holds %d values for %d rows", i, at, n)
		}
		if err != nil {
			return err
		}
		rows := int(p.NumRows())
		var in []int32
		if sel != nil {
			for j < len(sel) && int(sel[j]) < at+rows {
				j++
			}
			in = sel[lo:j]
		} else {
			lo = at
		}
		err = fn(pqPage(p, kind, &dicts), at, in, lo)
		parquet.Release(p)
		if err == nil && rows == 0 {
			err = fmt.Errorf("an empty page")
		}
		if err != nil {
			return err
		}
		at += rows
	}
	return nil
}

// sumTypes reads the types cells of rows, each once.
type sumTypes map[string]map[string]typed

// typed is how one field of a row reads back: split (a multivalue of its
// cell's lines) or v, the whole value.
type typed struct {
	split bool
	v     value.Value
}

func (st sumTypes) of(cell string) (map[string]typed, error) {
	if t, ok := st[cell]; ok {
		return t, nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(cell), &raw); err != nil {
		return nil, fmt.Errorf("bad types cell %.40q", cell)
	}
	out := map[string]typed{}
	for name, m := range raw {
		if string(m) == `"m"` {
			out[name] = typed{split: true}
			continue
		}
		var els []string
		if err := json.Unmarshal(m, &els); err != nil || len(els) == 0 {
			return nil, fmt.Errorf("bad type of %q in %.40q", name, cell)
		}
		vals := make([]value.Value, len(els))
		for k, e := range els {
			v, err := decodeTyped(e)
			if err != nil {
				return nil, fmt.Errorf("field %q: %w", name, err)
			}
			vals[k] = v
		}
		v := vals[0]
		if len(vals) > 1 {
			v = value.Multi(vals...)
		}
		out[name] = typed{v: v}
	}
	st[strings.Clone(cell)] = out
	return out, nil
}

// decodeTyped reads one element of typeCode's array.
func decodeTyped(e string) (value.Value, error) {
	if e == "" {
		return value.Null, fmt.Errorf("empty value")
	}
	switch e[0] {
	case 's':
		return value.Str(e[1:]), nil
	case 'b':
		return value.Bool(e[1:] == "1"), nil
	case 'n':
		parts := strings.Split(e[1:], " ")
		if len(parts) != 3 {
			return value.Null, fmt.Errorf("bad number %q", e)
		}
		f, err1 := strconv.ParseFloat(parts[0], 64)
		sf, err2 := strconv.Atoi(parts[1])
		dec, err3 := strconv.Atoi(parts[2])
		if err1 != nil || err2 != nil || err3 != nil {
			return value.Null, fmt.Errorf("bad number %q", e)
		}
		return value.NumPrec(f, sf, dec), nil
	}
	return value.Null, fmt.Errorf("bad value %q", e)
}

// time is row r's _time value and the number orders rows by.
func (gr *sumGroup) time(r int) (value.Value, float64) {
	if !gr.hasT[r] {
		return value.Null, math.Inf(-1)
	}
	t := float64(gr.times[r]) / 1e6
	if x := gr.exact[r]; x == x {
		t = x
	}
	return value.Num(t), t
}

// row makes row r in buf's space: _time first, then the fields read in
// the rows' order.
func (gr *sumGroup) row(r int, st sumTypes, buf value.Fields) (value.Fields, float64, error) {
	row := buf[:0]
	tv, t := gr.time(r)
	var types map[string]typed
	if id := gr.types.ids[r]; id >= 0 {
		var err error
		if types, err = st.of(gr.types.get(id)); err != nil {
			return nil, 0, err
		}
		if ty, ok := types["_time"]; ok && !ty.split {
			tv = ty.v
			if n, ok := tv.Number(); ok {
				t = n
			}
		}
	}
	if !tv.IsNull() {
		row = append(row, value.Field{Name: "_time", Value: tv})
	}
	for k, f := range gr.fields {
		c := gr.cols[k]
		id := c.ids[r]
		if id < 0 {
			continue
		}
		text := c.get(id)
		v := value.Str(text)
		if ty, ok := types[f]; ok {
			if ty.split {
				v = value.Strs(strings.Split(text, "\n")...)
			} else {
				v = ty.v
			}
		}
		row = append(row, value.Field{Name: f, Value: v})
	}
	return row, t, nil
}

package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sync"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"

	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// A damaged part is an error naming its file: a CorruptError.
type CorruptError struct {
	Path string
	Err  error
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("%s: damaged index part: %v", e.Path, e.Err)
}
func (e *CorruptError) Unwrap() error { return e.Err }

// openPart opens a part of the index folder dir for reading.
func openPart(dir, rel string) (*os.File, *parquet.File, error) {
	return openParquet(dir, rel, parquet.SkipBloomFilters(true), parquet.SkipPageIndex(true))
}

// openParquet opens a Parquet file of the index folder dir, confined to
// it, with opts; damage the library panics on is a CorruptError.
func openParquet(dir, rel string, opts ...parquet.FileOption) (*os.File, *parquet.File, error) {
	path, err := safeJoin(dir, rel)
	if err != nil {
		return nil, nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	pf, err := guard(path, func() (*parquet.File, error) {
		return parquet.OpenFile(f, st.Size(), opts...)
	})
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, pf, nil
}

// guard runs fn, turning its error or panic (the Parquet library's answer
// to some damage) into a CorruptError naming path.
func guard[T any](path string, fn func() (T, error)) (out T, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &CorruptError{Path: filepath.ToSlash(path), Err: fmt.Errorf("%v", p)}
		}
	}()
	out, err = fn()
	var ce *CorruptError
	if err != nil && !errors.As(err, &ce) {
		err = &CorruptError{Path: filepath.ToSlash(path), Err: err}
	}
	return out, err
}

// column is one column chunk read whole: a text column's cells (present
// false for a null), or an integer or float column's numbers.
type column struct {
	kind    parquet.Kind
	cells   []string
	present []bool
	ints    []int64
	floats  []float64
}

// readColumn reads the cells of column i of a row group at the rows of
// sel (nil: every row), in sel's order. Only the pages holding rows of
// sel are read (eachSummaryPage: the index's own page reader, its
// buffers kept from read to read); a cell is a string of its own, a
// dictionary's text made once per entry used, so that an event held
// keeps no page alive.
func readColumn(rg sumRG, i int, kind parquet.Kind, sel []int32) (*column, error) {
	n := rg.rows()
	if got := rg.kind(i); got != kind {
		return nil, fmt.Errorf("column %d holds %s, not %s", i, got, kind)
	}
	want := slots(n, sel)
	c := newColumn(kind, want)
	if constantColumn(c, rg, i, n, want) {
		return c, nil
	}
	var d cellDict
	buf := keptBufs.Get().(*[]int32)
	defer keptBufs.Put(buf)
	kept := *buf
	filled := 0
	err := eachSummaryPage(rg, i, n, sel, kind, func(p *sumPage, first int, at []int32, slot int) error {
		var nvals int
		var err error
		if kept, nvals, err = keptValues(p, first, at, kept); err != nil {
			return err
		}
		*buf = kept
		if slot+len(kept) > want {
			return fmt.Errorf("a page holds more rows than the row group")
		}
		filled += len(kept)
		return c.fill(p, kept, nvals, slot, &d)
	})
	if err != nil {
		return nil, fmt.Errorf("column %d: %w", i, err)
	}
	if filled != want {
		return nil, fmt.Errorf("column %d holds %d of the %d values wanted", i, filled, want)
	}
	return c, nil
}

// newColumn is a column of kind of n null cells.
func newColumn(kind parquet.Kind, n int) *column {
	c := &column{kind: kind, present: make([]bool, n)}
	switch kind {
	case parquet.ByteArray:
		c.cells = make([]string, n)
	case parquet.Int64:
		c.ints = make([]int64, n)
	case parquet.Double:
		c.floats = make([]float64, n)
	}
	return c
}

// keptBufs are readColumn's lists of the values kept, reused.
var keptBufs = sync.Pool{New: func() any { return new([]int32) }}

// cellDict is a chunk's dictionary's text, by entry, made when used.
type cellDict struct {
	of   *sumDict
	text []string
	made []bool
}

// fill puts the values of a page's kept rows (kept: by row, its value's
// number, -1 for a null; nvals values in all) at c's slots from slot on.
func (c *column) fill(p *sumPage, kept []int32, nvals, slot int, d *cellDict) error {
	if c.kind == parquet.ByteArray || p.dict != nil {
		if err := checkValues(p, nvals); err != nil {
			return err
		}
	}
	switch {
	case p.dict != nil:
		if c.kind != parquet.ByteArray {
			return fmt.Errorf("a dictionary page of %s", c.kind)
		}
		if d.of != p.dict {
			m := len(p.dict.offs) - 1
			d.of, d.text, d.made = p.dict, make([]string, m), make([]bool, m)
		}
		data, offs := p.dict.data, p.dict.offs
		for q, v := range kept {
			if v < 0 {
				continue
			}
			x := p.ids[v]
			if !d.made[x] {
				d.text[x], d.made[x] = string(data[offs[x]:offs[x+1]]), true
			}
			c.cells[slot+q], c.present[slot+q] = d.text[x], true
		}
	case c.kind == parquet.ByteArray:
		for q, v := range kept {
			if v >= 0 {
				c.cells[slot+q], c.present[slot+q] = string(p.data[p.offs[v]:p.offs[v+1]]), true
			}
		}
	case c.kind == parquet.Int64:
		return spreadKept(p, kept, nvals, slot, p.ints, c.ints, c.present)
	default:
		return spreadKept(p, kept, nvals, slot, p.dbls, c.floats, c.present)
	}
	return nil
}

// eachPage calls fn with each page of a column chunk of n rows, the
// number of its first row, its definition levels (nil: every row has a
// value) and its values, checking that the pages hold n rows.
func eachPage(pages parquet.Pages, n int, fn func(p parquet.Page, row int, levels []byte, data encoding.Values) error) error {
	row := 0
	for {
		p, err := pages.ReadPage()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		m := int(p.NumRows())
		levels := p.DefinitionLevels()
		if row+m > n || (levels != nil && len(levels) != m) {
			parquet.Release(p)
			return fmt.Errorf("a page holds more rows than the row group's %d", n)
		}
		err = fn(p, row, levels, p.Data())
		parquet.Release(p)
		if err != nil {
			return err
		}
		row += m
	}
	if row != n {
		return fmt.Errorf("the pages hold %d rows of %d", row, n)
	}
	return nil
}

// constantColumn fills c (of want null cells) without reading a page when
// the chunk's statistics tell every value: all null, or one value in
// every row (the writer keeps whole values as min and max). Most row
// groups have one source, sourcetype, index and layout.
func constantColumn(c *column, rg sumRG, i, n, want int) bool {
	v, ok := rg.onlyValue(i, n)
	if !ok {
		return false
	}
	if v.IsNull() {
		return true // c's cells are null already
	}
	for k := range c.present[:want] {
		c.present[k] = true
	}
	switch c.kind {
	case parquet.ByteArray:
		s := string(v.ByteArray()) // one string for every row
		for k := range c.cells[:want] {
			c.cells[k] = s
		}
	case parquet.Int64:
		x := v.Int64()
		for k := range c.ints[:want] {
			c.ints[k] = x
		}
	case parquet.Double:
		x := v.Double()
		for k := range c.floats[:want] {
			c.floats[k] = x
		}
	}
	return true
}

// onlyValue is what the statistics of column i of a row group of n rows
// tell of every row: a null (all null) or the one value every row holds
// (the writer keeps whole values as min and max); false when they tell
// neither.
func (r sumRG) onlyValue(i, n int) (parquet.Value, bool) {
	var nulls int64
	var lo, hi parquet.Value
	bounded := false
	if r.pq != nil {
		fc, ok := r.pq.ColumnChunks()[i].(*parquet.FileColumnChunk)
		if !ok {
			return parquet.Value{}, false
		}
		nulls = fc.NullCount()
		lo, hi, bounded = fc.Bounds()
	} else {
		c := &r.meta.groups[r.g].chunks[i]
		nulls = c.nulls
		var okLo, okHi bool
		lo, okLo = metaValue(r.meta.kinds[i], c.min)
		hi, okHi = metaValue(r.meta.kinds[i], c.max)
		bounded = okLo && okHi
	}
	switch {
	case nulls == int64(n):
		return parquet.NullValue(), true
	case nulls != 0 || !bounded || lo.IsNull() || !parquet.Equal(lo, hi):
		return parquet.Value{}, false
	}
	return lo, true
}

// metaValue is a statistics value b of a column of kind, as parquet-go
// reads it; false when there is none.
func metaValue(kind parquet.Kind, b []byte) (parquet.Value, bool) {
	switch {
	case b == nil:
		return parquet.Value{}, false
	case kind == parquet.ByteArray:
		return parquet.ByteArrayValue(b), true
	case len(b) != 8:
		return parquet.Value{}, false
	case kind == parquet.Int64:
		return parquet.Int64Value(int64(binary.LittleEndian.Uint64(b))), true
	case kind == parquet.Double:
		return parquet.DoubleValue(math.Float64frombits(binary.LittleEndian.Uint64(b))), true
	}
	return parquet.Value{}, false
}

// group is the columns of one row group a scan reads.
type group struct {
	n                                       int
	time, seq                               *column
	exact                                   *column
	raw, host, source, st, ix, layout, zone *column
	fields                                  map[string]*column // by field name
	refs                                    map[string]*column // places in _raw, by field name
	// laid are, by layout, its fields the group has a column of.
	laid map[string][]laidField
}

// laidField is a field of a layout and the group's column of it.
type laidField struct {
	layoutField
	col *column
}

// partColumns is the column number of each column name of a part.
func partColumns(pf *parquet.File) (map[string]int, error) {
	cols := map[string]int{}
	for i, path := range pf.Schema().Columns() {
		if len(path) != 1 {
			return nil, fmt.Errorf("column %v is nested", path)
		}
		cols[path[0]] = i
	}
	return cols, nil
}

// readGroup reads row group rg at the rows of sel (nil: all): the
// fixed columns (_raw only when withRaw or a field read is kept as its
// place in _raw), and the field columns of want, or when want is nil
// those that the layout of some row read lists: a column none of them
// has is null in each, and left unread. cols are its part's columns; decoded are text
// columns already read by entries, by column number (nil: none); lay
// keeps the layouts parsed (nil: for this read only).
func readGroup(rg sumRG, cols map[string]int, withRaw bool, want map[string]bool, sel []int32, decoded map[int]*testCol, lay layouts) (*group, error) {
	n := rg.rows()
	if sel != nil {
		n = len(sel)
	}
	gr := &group{n: n, fields: map[string]*column{}, refs: map[string]*column{}}
	get := func(name string, kind parquet.Kind) (*column, error) {
		i, ok := cols[name]
		if !ok {
			return nil, fmt.Errorf("no column %s", name)
		}
		if tc := decoded[i]; tc != nil && kind == parquet.ByteArray {
			if c := tc.column(sel); c != nil {
				return c, nil
			}
		}
		c, err := readColumn(rg, i, kind, sel)
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", name, err)
		}
		return c, nil
	}
	var err error
	fixed := []struct {
		dst  **column
		name string
		kind parquet.Kind
	}{
		{&gr.layout, colLayout, parquet.ByteArray},
		{&gr.time, colTime, parquet.Int64}, {&gr.seq, colSeq, parquet.Int64},
		{&gr.exact, colExact, parquet.Double},
		{&gr.host, colHost, parquet.ByteArray}, {&gr.source, colSource, parquet.ByteArray},
		{&gr.st, colST, parquet.ByteArray}, {&gr.ix, colIndex, parquet.ByteArray},
		{&gr.zone, colDateZone, parquet.ByteArray}, {&gr.raw, colRaw, parquet.ByteArray},
	}
	var used map[string]uint8 // nil: every field may be used
	uses := func(f string, how uint8) bool { return (want == nil || want[f]) && (used == nil || used[f]&how != 0) }
	for k, f := range fixed {
		if f.dst == &gr.raw && !withRaw {
			break
		}
		if *f.dst, err = get(f.name, f.kind); err != nil {
			return nil, err
		}
		if k > 0 {
			continue
		}
		// A read of a few fields reads their columns whole: finding the
		// fields of many layouts would cost more.
		if want == nil {
			if used, err = gr.usedFields(lay); err != nil {
				return nil, err
			}
		}
		// A field kept as its place in _raw needs _raw.
		for name := range cols {
			if f, ok := cutPrefix(name, refPrefix); ok && uses(f, usedRef) {
				withRaw = true
			}
		}
	}
	for name := range cols {
		if f, ok := cutPrefix(name, refPrefix); ok {
			if uses(f, usedRef) {
				if gr.refs[f], err = get(name, parquet.Int64); err != nil {
					return nil, err
				}
			}
			continue
		}
		field, ok := columnField(name)
		if !ok || !uses(field, usedPlain) {
			continue
		}
		if gr.fields[field], err = get(name, parquet.ByteArray); err != nil {
			return nil, err
		}
	}
	return gr, nil
}

// How a field is used by the layouts of a group's rows: in a column of
// its own, as its place in _raw.
const (
	usedPlain uint8 = 1 << iota
	usedRef
)

// usedFields are the fields the layouts of gr's rows list, and how.
func (gr *group) usedFields(lay layouts) (map[string]uint8, error) {
	if lay == nil {
		lay = layouts{}
	}
	used := map[string]uint8{}
	seen := map[string]bool{}
	prev := ""
	for k, cell := range gr.layout.cells {
		// Rows next to each other mostly share their layout, one
		// string: compared before it is looked up.
		if k > 0 && cell == prev || seen[cell] {
			continue
		}
		prev, seen[cell] = cell, true
		fields, err := lay.parse(cell)
		if err != nil {
			return nil, err
		}
		for _, f := range fields {
			if f.ref {
				used[f.name] |= usedRef
			} else {
				used[f.name] |= usedPlain
			}
		}
	}
	return used, nil
}

// columnField is the event field a column holds, if it holds one.
func columnField(col string) (string, bool) {
	if f, ok := cutPrefix(col, fieldPrefix); ok {
		return f, true
	}
	if len(col) >= len(internalPrefix) && col[:len(internalPrefix)] == internalPrefix {
		return "", false
	}
	switch col {
	case colTime, colRaw, colHost, colSource, colST, colIndex:
		return "", false
	}
	return col, true
}

func cutPrefix(s, p string) (string, bool) {
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):], true
	}
	return "", false
}

// laidOut is the fields of layout cell the group has columns of, in
// their order, found once per layout a group reads.
func (gr *group) laidOut(cell string, lay layouts) ([]laidField, error) {
	if fields, ok := gr.laid[cell]; ok {
		return fields, nil
	}
	all, err := lay.parse(cell)
	if err != nil {
		return nil, err
	}
	var fields []laidField
	for _, f := range all {
		c := gr.fields[f.name]
		if f.ref {
			c = gr.refs[f.name]
		}
		if c != nil {
			fields = append(fields, laidField{f, c})
		}
	}
	if gr.laid == nil {
		gr.laid = map[string][]laidField{}
	}
	gr.laid[cell] = fields
	return fields, nil
}

// layouts parses layout cells once each.
type layouts map[string][]layoutField

// parse is cell's layout, parsed once.
func (lay layouts) parse(cell string) ([]layoutField, error) {
	if all, ok := lay[cell]; ok {
		return all, nil
	}
	all, err := parseLayout(cell)
	if err != nil {
		return nil, err
	}
	lay[cell] = all
	return all, nil
}

// event makes row i of gr as an ingest event, with the fields read, in
// the order the event had them, in ev's space.
func (gr *group) event(i int, lay layouts, ev *ingest.Event) error {
	fields, err := gr.laidOut(gr.layout.cells[i], lay)
	if err != nil {
		return err
	}
	t := float64(gr.time.ints[i]) / 1e6
	if gr.exact.present[i] {
		t = gr.exact.floats[i]
	}
	fs := ev.Fields[:0]
	*ev = ingest.Event{Time: t, DateZone: gr.zone.cells[i], Host: gr.host.cells[i], Source: gr.source.cells[i],
		Sourcetype: gr.st.cells[i], Index: gr.ix.cells[i]}
	if gr.raw != nil {
		ev.Raw = gr.raw.cells[i]
	}
	for _, f := range fields {
		c := f.col
		if f.ref {
			if !c.present[i] {
				return fmt.Errorf("row %d: field %q is in its layout but has no value", i, f.name)
			}
			off, n := c.ints[i]>>32, c.ints[i]&(1<<32-1)
			if off < 0 || off+n > int64(len(ev.Raw)) {
				return fmt.Errorf("row %d: field %q: its place in _raw is out of range", i, f.name)
			}
			fs = append(fs, value.Field{Name: f.name, Value: value.Str(ev.Raw[off : off+n])})
			continue
		}
		if !c.present[i] {
			return fmt.Errorf("row %d: field %q is in its layout but has no value", i, f.name)
		}
		v, err := valueOf(c.cells[i], f.multi)
		if err != nil {
			return fmt.Errorf("row %d: field %q: %w", i, f.name, err)
		}
		fs = append(fs, value.Field{Name: f.name, Value: v})
	}
	ev.Fields = fs
	return nil
}

package index

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

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
// sel (nil: every row), in sel's order. Values come straight from the
// decoded pages; a dictionary's text is made once per entry used.
func readColumn(rg parquet.RowGroup, i int, kind parquet.Kind, sel []int32) (*column, error) {
	n := int(rg.NumRows())
	chunk := rg.ColumnChunks()[i]
	if got := chunk.Type().Kind(); got != kind {
		return nil, fmt.Errorf("column %d holds %s, not %s", i, got, kind)
	}
	want := n
	if sel != nil {
		want = len(sel)
	}
	c := &column{kind: kind, present: make([]bool, 0, want)}
	switch kind {
	case parquet.ByteArray:
		c.cells = make([]string, 0, want)
	case parquet.Int64:
		c.ints = make([]int64, 0, want)
	case parquet.Double:
		c.floats = make([]float64, 0, want)
	}
	if constantColumn(c, chunk, n, want) {
		return c, nil
	}
	var dict []string // the dictionary's text, by entry, made when used
	var made []bool
	j := 0 // next position in sel
	pages := chunk.Pages()
	defer pages.Close()
	err := eachPage(pages, n, func(p parquet.Page, row int, levels []byte, data encoding.Values) error {
		m := int(p.NumRows())
		var idx []int32
		var bytes []byte
		var offs []uint32
		var ints []int64
		var floats []float64
		d := p.Dictionary()
		switch {
		case d != nil:
			idx = data.Int32()
			if dict == nil || len(dict) != d.Len() {
				dict, made = make([]string, d.Len()), make([]bool, d.Len())
			}
		case kind == parquet.ByteArray:
			bytes, offs = data.ByteArray()
		case kind == parquet.Int64:
			ints = data.Int64()
		case kind == parquet.Double:
			floats = data.Double()
		}
		k := 0 // next value of the page
		for r := 0; r < m; r++ {
			present := levels == nil || levels[r] != 0
			at := k
			if present {
				k++
			}
			if sel != nil {
				if j >= len(sel) || int(sel[j]) != row+r {
					continue
				}
				j++
			}
			c.present = append(c.present, present)
			if !present {
				switch kind {
				case parquet.ByteArray:
					c.cells = append(c.cells, "")
				case parquet.Int64:
					c.ints = append(c.ints, 0)
				case parquet.Double:
					c.floats = append(c.floats, 0)
				}
				continue
			}
			switch {
			case d != nil:
				if at >= len(idx) || idx[at] < 0 || int(idx[at]) >= len(dict) {
					return fmt.Errorf("row %d: dictionary index out of range", row+r)
				}
				x := idx[at]
				if !made[x] {
					dict[x], made[x] = string(d.Index(x).ByteArray()), true
				}
				c.cells = append(c.cells, dict[x])
			case kind == parquet.ByteArray:
				if at+1 >= len(offs) || offs[at] > offs[at+1] || int(offs[at+1]) > len(bytes) {
					return fmt.Errorf("row %d: value out of range", row+r)
				}
				c.cells = append(c.cells, string(bytes[offs[at]:offs[at+1]]))
			case kind == parquet.Int64:
				if at >= len(ints) {
					return fmt.Errorf("row %d: value out of range", row+r)
				}
				c.ints = append(c.ints, ints[at])
			default:
				if at >= len(floats) {
					return fmt.Errorf("row %d: value out of range", row+r)
				}
				c.floats = append(c.floats, floats[at])
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("column %d: %w", i, err)
	}
	if len(c.present) != want {
		return nil, fmt.Errorf("column %d holds %d of the %d values wanted", i, len(c.present), want)
	}
	return c, nil
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

// constantColumn fills c with want values without reading a page when
// the chunk's statistics tell every value: all null, or one value in
// every row (the writer keeps whole values as min and max). Most row
// groups have one source, sourcetype, index and layout.
func constantColumn(c *column, chunk parquet.ColumnChunk, n, want int) bool {
	fc, ok := chunk.(*parquet.FileColumnChunk)
	if !ok {
		return false
	}
	nulls := fc.NullCount()
	var v parquet.Value
	switch {
	case nulls == int64(n):
		v = parquet.NullValue()
	case nulls != 0:
		return false
	default:
		lo, hi, ok := fc.Bounds()
		if !ok || lo.IsNull() || !parquet.Equal(lo, hi) {
			return false
		}
		v = lo
	}
	s := ""
	if c.kind == parquet.ByteArray && !v.IsNull() {
		s = string(v.ByteArray()) // one string for every row
	}
	for range want {
		c.present = append(c.present, !v.IsNull())
		switch c.kind {
		case parquet.ByteArray:
			c.cells = append(c.cells, s)
		case parquet.Int64:
			if v.IsNull() {
				c.ints = append(c.ints, 0)
			} else {
				c.ints = append(c.ints, v.Int64())
			}
		case parquet.Double:
			if v.IsNull() {
				c.floats = append(c.floats, 0)
			} else {
				c.floats = append(c.floats, v.Double())
			}
		}
	}
	return true
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

// readGroup reads row group g of pf at the rows of sel (nil: all): the
// fixed columns (_raw only when withRaw), and the field columns of want
// (nil: every one). cols is partColumns of pf; decoded are text columns
// already read by entries, by column number (nil: none).
func readGroup(pf *parquet.File, cols map[string]int, g int, withRaw bool, want map[string]bool, sel []int32, decoded map[int]*testCol) (*group, error) {
	rg := pf.RowGroups()[g]
	n := int(rg.NumRows())
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
	// A field kept as its place in _raw needs _raw.
	for name := range cols {
		if f, ok := cutPrefix(name, refPrefix); ok && (want == nil || want[f]) {
			withRaw = true
		}
	}
	var err error
	fixed := []struct {
		dst  **column
		name string
		kind parquet.Kind
	}{
		{&gr.time, colTime, parquet.Int64}, {&gr.seq, colSeq, parquet.Int64},
		{&gr.exact, colExact, parquet.Double},
		{&gr.host, colHost, parquet.ByteArray}, {&gr.source, colSource, parquet.ByteArray},
		{&gr.st, colST, parquet.ByteArray}, {&gr.ix, colIndex, parquet.ByteArray},
		{&gr.layout, colLayout, parquet.ByteArray}, {&gr.zone, colDateZone, parquet.ByteArray},
	}
	if withRaw {
		fixed = append(fixed, struct {
			dst  **column
			name string
			kind parquet.Kind
		}{&gr.raw, colRaw, parquet.ByteArray})
	}
	for _, f := range fixed {
		if *f.dst, err = get(f.name, f.kind); err != nil {
			return nil, err
		}
	}
	for name := range cols {
		if f, ok := cutPrefix(name, refPrefix); ok && (want == nil || want[f]) {
			if gr.refs[f], err = get(name, parquet.Int64); err != nil {
				return nil, err
			}
			continue
		}
		field, ok := columnField(name)
		if !ok || (want != nil && !want[field]) {
			continue
		}
		if gr.fields[field], err = get(name, parquet.ByteArray); err != nil {
			return nil, err
		}
	}
	return gr, nil
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
	all, ok := lay[cell]
	if !ok {
		var err error
		if all, err = parseLayout(cell); err != nil {
			return nil, err
		}
		lay[cell] = all
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

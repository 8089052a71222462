package index

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/parquet-go/parquet-go"

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
		return parquet.OpenFile(f, st.Size(), parquet.SkipBloomFilters(true), parquet.SkipPageIndex(true))
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

// readColumn reads column i of a row group; text columns' cells are
// interned when intern is set (few distinct values).
func readColumn(rg parquet.RowGroup, i int, kind parquet.Kind, intern bool) (*column, error) {
	n := int(rg.NumRows())
	chunk := rg.ColumnChunks()[i]
	if got := chunk.Type().Kind(); got != kind {
		return nil, fmt.Errorf("column %d holds %s, not %s", i, got, kind)
	}
	c := &column{kind: kind}
	switch kind {
	case parquet.ByteArray:
		c.cells, c.present = make([]string, 0, n), make([]bool, 0, n)
	case parquet.Int64:
		c.ints, c.present = make([]int64, 0, n), make([]bool, 0, n)
	case parquet.Double:
		c.floats, c.present = make([]float64, 0, n), make([]bool, 0, n)
	}
	if constantColumn(c, chunk, n) {
		return c, nil
	}
	// Text of a column with few distinct values is made once per value:
	// the dictionary's, when it is small.
	var seen map[string]string
	first := true
	pages := chunk.Pages()
	defer pages.Close()
	buf := make([]parquet.Value, 512)
	count := 0
	for {
		p, err := pages.ReadPage()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if first && intern {
			first = false
			if d := p.Dictionary(); d != nil && d.Len() <= 4096 {
				seen = make(map[string]string, d.Len())
				for k := range d.Len() {
					b := d.Index(int32(k)).ByteArray()
					seen[string(b)] = string(b)
				}
			}
		}
		vr := p.Values()
		for {
			k, err := vr.ReadValues(buf)
			for _, v := range buf[:k] {
				count++
				if count > n {
					parquet.Release(p)
					return nil, fmt.Errorf("column %d holds more values than its %d rows", i, n)
				}
				c.add(v, seen)
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				parquet.Release(p)
				return nil, err
			}
		}
		parquet.Release(p)
	}
	if count != n {
		return nil, fmt.Errorf("column %d holds %d values for %d rows", i, count, n)
	}
	return c, nil
}

// constantColumn fills c without reading a page when the chunk's
// statistics tell every value: all null, or one value in every row (the
// writer keeps whole values as min and max). Most row groups have one
// source, sourcetype, index and layout.
func constantColumn(c *column, chunk parquet.ColumnChunk, n int) bool {
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
	if c.kind == parquet.ByteArray && !v.IsNull() {
		// One string for every row.
		s := string(v.ByteArray())
		for range n {
			c.cells = append(c.cells, s)
			c.present = append(c.present, true)
		}
		return true
	}
	for range n {
		c.add(v, nil)
	}
	return true
}

func (c *column) add(v parquet.Value, seen map[string]string) {
	switch c.kind {
	case parquet.Int64:
		c.present = append(c.present, !v.IsNull())
		if v.IsNull() {
			c.ints = append(c.ints, 0)
		} else {
			c.ints = append(c.ints, v.Int64())
		}
	case parquet.Double:
		c.present = append(c.present, !v.IsNull())
		if v.IsNull() {
			c.floats = append(c.floats, 0)
		} else {
			c.floats = append(c.floats, v.Double())
		}
	default:
		c.present = append(c.present, !v.IsNull())
		if v.IsNull() {
			c.cells = append(c.cells, "")
			return
		}
		b := v.ByteArray()
		if seen != nil {
			if s, ok := seen[string(b)]; ok {
				c.cells = append(c.cells, s)
				return
			}
			c.cells = append(c.cells, string(b))
			return
		}
		c.cells = append(c.cells, string(b))
	}
}

// group is the columns of one row group a scan reads.
type group struct {
	n                                       int
	time, seq                               *column
	exact                                   *column
	raw, host, source, st, ix, layout, zone *column
	fields                                  map[string]*column // by field name
	refs                                    map[string]*column // places in _raw, by field name
}

// readGroup reads row group g of pf: the fixed columns (_raw only when
// withRaw), and the field columns of want (nil: every one).
func readGroup(pf *parquet.File, g int, withRaw bool, want map[string]bool) (*group, error) {
	rg := pf.RowGroups()[g]
	gr := &group{n: int(rg.NumRows()), fields: map[string]*column{}, refs: map[string]*column{}}
	cols := map[string]int{}
	for i, path := range pf.Schema().Columns() {
		if len(path) != 1 {
			return nil, fmt.Errorf("column %v is nested", path)
		}
		cols[path[0]] = i
	}
	get := func(name string, kind parquet.Kind, intern bool) (*column, error) {
		i, ok := cols[name]
		if !ok {
			return nil, fmt.Errorf("no column %s", name)
		}
		c, err := readColumn(rg, i, kind, intern)
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
		dst    **column
		name   string
		kind   parquet.Kind
		intern bool
	}{
		{&gr.time, colTime, parquet.Int64, false}, {&gr.seq, colSeq, parquet.Int64, false},
		{&gr.exact, colExact, parquet.Double, false},
		{&gr.host, colHost, parquet.ByteArray, true}, {&gr.source, colSource, parquet.ByteArray, true},
		{&gr.st, colST, parquet.ByteArray, true}, {&gr.ix, colIndex, parquet.ByteArray, true},
		{&gr.layout, colLayout, parquet.ByteArray, true}, {&gr.zone, colDateZone, parquet.ByteArray, true},
	}
	if withRaw {
		fixed = append(fixed, struct {
			dst    **column
			name   string
			kind   parquet.Kind
			intern bool
		}{&gr.raw, colRaw, parquet.ByteArray, false})
	}
	for _, f := range fixed {
		if *f.dst, err = get(f.name, f.kind, f.intern); err != nil {
			return nil, err
		}
	}
	for name, i := range cols {
		if f, ok := cutPrefix(name, refPrefix); ok && (want == nil || want[f]) {
			c, err := readColumn(rg, i, parquet.Int64, false)
			if err != nil {
				return nil, fmt.Errorf("column %s: %w", name, err)
			}
			gr.refs[f] = c
			continue
		}
		field, ok := columnField(name)
		if !ok || (want != nil && !want[field]) {
			continue
		}
		c, err := readColumn(rg, i, parquet.ByteArray, true)
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", name, err)
		}
		gr.fields[field] = c
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

// layouts parses layout cells once each.
type layouts map[string][]layoutField

// event makes row i of gr as an ingest event, with the fields read, in
// the order the event had them, in ev's space.
func (gr *group) event(i int, lay layouts, ev *ingest.Event) error {
	cell := gr.layout.cells[i]
	fields, ok := lay[cell]
	if !ok {
		var err error
		if fields, err = parseLayout(cell); err != nil {
			return err
		}
		lay[cell] = fields
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
		if f.ref {
			c := gr.refs[f.name]
			if c == nil {
				continue
			}
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
		c := gr.fields[f.name]
		if c == nil {
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

package index

import (
	"sort"
	"sync"
	"unsafe"

	"github.com/klauspost/compress/zstd"
	pqzstd "github.com/parquet-go/parquet-go/compress/zstd"
	"github.com/parquet-go/parquet-go/format"
)

// zstdCodec compresses the columns. Its fastest level: on W1, _raw at
// zstd's default level was 0.3% smaller for a tenth more CPU. The
// literals of blocks without matches are entropy-coded too: _raw is the
// same, dictionary indexes of a skewed column smaller (W1's Image: 0.20
// to 0.12 MB), and plain numbers half as large.
var zstdCodec = &zstdPages{level: zstd.SpeedFastest, allLit: true}

// zstdPages is Parquet's ZSTD codec with encoders whose window is a page
// (PageBufferSize): with zstd's default window each encoder holds 16 MB
// of history, though a page never reaches back further than itself.
type zstdPages struct {
	level zstd.EncoderLevel
	// allLit entropy-codes the literals of blocks without matches too.
	allLit bool
	mu     sync.Mutex
	free   []*zstd.Encoder // at most one per goroutine ever encoding at once
	read   pqzstd.Codec
}

func (c *zstdPages) String() string                            { return "ZSTD" }
func (c *zstdPages) CompressionCodec() format.CompressionCodec { return format.Zstd }

func (c *zstdPages) Encode(dst, src []byte) ([]byte, error) {
	c.mu.Lock()
	var e *zstd.Encoder
	if n := len(c.free); n > 0 {
		e, c.free = c.free[n-1], c.free[:n-1]
	}
	c.mu.Unlock()
	if e == nil {
		var err error
		e, err = zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithEncoderLevel(c.level),
			zstd.WithZeroFrames(true), zstd.WithEncoderCRC(false), zstd.WithWindowSize(pageBytes),
			zstd.WithAllLitEntropyCompression(c.allLit))
		if err != nil {
			return nil, err
		}
	}
	out := e.EncodeAll(src, dst[:0])
	c.mu.Lock()
	c.free = append(c.free, e)
	c.mu.Unlock()
	return out, nil
}

func (c *zstdPages) Decode(dst, src []byte) ([]byte, error) { return c.read.Decode(dst, src) }

// pageBytes is the size from which a column's values are written as a
// page.
const pageBytes = 1 << 20

// schemaFor is the columns of a part holding events with the given
// fields (asText and asRef bits), ordered by name, and its column builder.
// Field columns are dictionary-encoded: measured on W1, a dictionary page
// and its indexes compress better than the values plain, even for unique
// values (record numbers, command lines), and the reader makes each text
// once.
func schemaFor(fields map[string]uint8) ([]*pqColumn, *columns) {
	cols := []*pqColumn{
		{name: colTime, kind: pqTime},
		{name: colRaw, kind: pqBytes, noBounds: true},
		{name: colHost, kind: pqDict},
		{name: colSource, kind: pqDict},
		{name: colST, kind: pqDict},
		{name: colIndex, kind: pqDict},
		{name: colSeq, kind: pqInt},
		{name: colLayout, kind: pqDict},
		{name: colDateZone, kind: pqDict},
		{name: colExact, kind: pqFloat, optional: true},
	}
	for f, way := range fields {
		if way&asText != 0 {
			cols = append(cols, &pqColumn{name: fieldColumn(f), kind: pqDict, optional: true})
		}
		if way&asRef != 0 {
			cols = append(cols, &pqColumn{name: refPrefix + f, kind: pqRef, optional: true})
		}
	}
	sort.Slice(cols, func(i, j int) bool { return cols[i].name < cols[j].name })
	c := &columns{byName: map[string]*pqColumn{}}
	for _, col := range cols {
		c.byName[col.name] = col
	}
	c.time, c.raw, c.host, c.source = c.byName[colTime], c.byName[colRaw], c.byName[colHost], c.byName[colSource]
	c.st, c.ix, c.seq, c.layout = c.byName[colST], c.byName[colIndex], c.byName[colSeq], c.byName[colLayout]
	c.zone, c.exact = c.byName[colDateZone], c.byName[colExact]
	return cols, c
}

// columns adds a part's events to its columns, row by row. It remembers
// the last layout, which the events of a sourcetype mostly share.
type columns struct {
	byName                               map[string]*pqColumn
	time, raw, host, source, st, ix, seq *pqColumn
	layout, zone, exact                  *pqColumn
	// The last layout: its mark, its fields' names and ways (kept from
	// batch to batch: the records are let go, and making the layout's
	// text again for each batch of 256 was 1% of indexing W1), its text
	// and the column of each field.
	lay        *layoutID
	names      []string
	ways       []int8
	layoutText string
	fcols      []*pqColumn
}

// write adds a batch's events to the open row group of f.
func (c *columns) write(f *pqFile, batch []*record) error {
	for _, r := range batch {
		c.add(f, r)
		f.rows++
	}
	for _, col := range f.cols {
		col.forget()
	}
	return f.err
}

// fieldWay is how a record keeps its field: as text, a multivalue's
// texts, or a place in _raw.
func fieldWay(fd *keptField) int8 {
	switch {
	case fd.ref >= 0:
		return 2
	case fd.multi():
		return 1
	}
	return 0
}

// sameAsLast reports whether r has the last layout, and marks it so.
func (c *columns) sameAsLast(r *record) bool {
	if c.lay != nil && r.lay == c.lay {
		return true
	}
	if c.lay == nil || len(r.fs) != len(c.names) {
		return false
	}
	for i := range r.fs {
		if r.fs[i].name != c.names[i] || fieldWay(&r.fs[i]) != c.ways[i] {
			return false
		}
	}
	c.lay = r.lay
	return true
}

// add adds r as row f.rows: nulls first in each optional column that has
// missed rows.
func (c *columns) add(f *pqFile, r *record) {
	if !c.sameAsLast(r) {
		c.fcols, c.names, c.ways = c.fcols[:0], c.names[:0], c.ways[:0]
		for i := range r.fs {
			fd := &r.fs[i]
			if fd.ref >= 0 {
				c.fcols = append(c.fcols, c.byName[refPrefix+fd.name])
			} else {
				c.fcols = append(c.fcols, c.byName[fieldColumn(fd.name)])
			}
			c.names = append(c.names, fd.name)
			c.ways = append(c.ways, fieldWay(fd))
		}
		c.layoutText = layoutOf(r)
		c.lay = r.lay
	}
	row := f.rows
	us, exact := micros(r.t)
	c.time.addInt(us, f)
	c.seq.addInt(r.seq, f)
	c.raw.addString(r.raw, f)
	c.host.addString(r.host, f)
	c.source.addString(r.source, f)
	c.st.addString(r.st, f)
	c.ix.addString(r.ix, f)
	c.layout.addString(c.layoutText, f)
	c.zone.addString(r.zone, f)
	if !exact {
		c.exact.at(row)
		c.exact.addFloat(r.t, f)
	}
	for k := range r.fs {
		fd := &r.fs[k]
		col := c.fcols[k]
		col.at(row)
		if fd.ref >= 0 {
			col.addInt(fd.ref, f)
		} else {
			col.addString(fd.cell, f)
		}
	}
}

// unsafeBytes is s as bytes without a copy: the writer copies what it is
// given into its own buffers and never changes it.
func unsafeBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

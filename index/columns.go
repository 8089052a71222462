package index

import (
	"sync"
	"unsafe"

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
	pqzstd "github.com/parquet-go/parquet-go/compress/zstd"
	"github.com/parquet-go/parquet-go/format"
)

// zstdCodec compresses the columns. Its fastest level: on W1, _raw at
// zstd's default level was 0.3% smaller for a tenth more CPU.
var zstdCodec = &zstdPages{level: zstd.SpeedFastest}

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

// schemaFor is the schema of a part holding events with the given fields
// (asText and asRef bits), and its column builder. Field columns are
// dictionary-encoded: measured on W1, a dictionary page and its indexes
// compress better than the values plain, even for unique values (record
// numbers, command lines), and the reader makes each text once.
func schemaFor(fields map[string]uint8) (*parquet.Schema, *columns) {
	dict := func(n parquet.Node) parquet.Node { return parquet.Encoded(n, &parquet.RLEDictionary) }
	delta := func(n parquet.Node) parquet.Node { return parquet.Encoded(n, &parquet.DeltaBinaryPacked) }
	g := parquet.Group{
		colTime:     delta(parquet.Timestamp(parquet.Microsecond)),
		colRaw:      parquet.String(),
		colHost:     dict(parquet.String()),
		colSource:   dict(parquet.String()),
		colST:       dict(parquet.String()),
		colIndex:    dict(parquet.String()),
		colSeq:      delta(parquet.Int(64)),
		colLayout:   dict(parquet.String()),
		colDateZone: dict(parquet.String()),
		colExact:    parquet.Optional(parquet.Leaf(parquet.DoubleType)),
	}
	for f, way := range fields {
		if way&asText != 0 {
			g[fieldColumn(f)] = parquet.Optional(dict(parquet.String()))
		}
		if way&asRef != 0 {
			g[refPrefix+f] = parquet.Optional(parquet.Int(64))
		}
	}
	s := parquet.NewSchema("event", g)
	c := &columns{byName: map[string]int{}}
	for i, path := range s.Columns() {
		c.byName[path[0]] = i
	}
	c.time, c.raw, c.host, c.source = c.byName[colTime], c.byName[colRaw], c.byName[colHost], c.byName[colSource]
	c.st, c.ix, c.seq, c.layout = c.byName[colST], c.byName[colIndex], c.byName[colSeq], c.byName[colLayout]
	c.zone, c.exact = c.byName[colDateZone], c.byName[colExact]
	c.vals = make([][]parquet.Value, len(c.byName))
	return s, c
}

// columns builds a part's row groups column by column: each batch of
// records becomes one slice of values per column, handed to the column's
// writer. It remembers the last layout, which the events of a sourcetype
// mostly share.
type columns struct {
	byName                               map[string]int
	time, raw, host, source, st, ix, seq int
	layout, zone, exact                  int
	vals                                 [][]parquet.Value
	last                                 *record
	layoutText                           string
	fcols                                []int // column of each field of the last layout
}

// valuesAtOnce is how many values of a column go to its writer at once:
// the writer starts a new page only between writes.
const valuesAtOnce = 512

// write writes a batch's values to pw's column writers, stageRows
// events at a time (the slices of values stay small); pw.Flush makes them
// a row group.
func (c *columns) write(pw *parquet.Writer, batch []*record) error {
	for len(batch) > 0 {
		n := min(len(batch), stageRows)
		if err := c.writeSome(pw, batch[:n]); err != nil {
			return err
		}
		batch = batch[n:]
	}
	return nil
}

func (c *columns) writeSome(pw *parquet.Writer, batch []*record) error {
	for j, r := range batch {
		c.add(j, r)
	}
	for i, cw := range pw.ColumnWriters() {
		vs := c.vals[i]
		for len(vs) < len(batch) {
			vs = append(vs, parquet.NullValue().Level(0, 0, i))
		}
		for k := 0; k < len(vs); k += valuesAtOnce {
			if _, err := cw.WriteRowValues(vs[k:min(k+valuesAtOnce, len(vs))]); err != nil {
				return err
			}
		}
		clear(vs)
		c.vals[i] = vs[:0]
	}
	c.last = nil
	return nil
}

// add appends record j of the batch to the columns: a null first in each
// optional column that has missed rows.
func (c *columns) add(j int, r *record) {
	if c.last == nil || !sameLayout(c.last, r) {
		c.fcols = c.fcols[:0]
		for _, f := range r.fs {
			name := f.name
			if f.ref >= 0 {
				c.fcols = append(c.fcols, c.byName[refPrefix+name])
			} else {
				c.fcols = append(c.fcols, c.byName[fieldColumn(name)])
			}
		}
		c.layoutText = layoutOf(r)
	}
	c.last = r
	str := func(i int, s string, def int) {
		c.pad(i, j)
		c.vals[i] = append(c.vals[i], parquet.ByteArrayValue(unsafeBytes(s)).Level(0, def, i))
	}
	us, exact := micros(r.t)
	c.vals[c.time] = append(c.vals[c.time], parquet.Int64Value(us).Level(0, 0, c.time))
	if !exact {
		c.pad(c.exact, j)
		c.vals[c.exact] = append(c.vals[c.exact], parquet.DoubleValue(r.t).Level(0, 1, c.exact))
	}
	c.vals[c.seq] = append(c.vals[c.seq], parquet.Int64Value(r.seq).Level(0, 0, c.seq))
	str(c.raw, r.raw, 0)
	str(c.host, r.host, 0)
	str(c.source, r.source, 0)
	str(c.st, r.st, 0)
	str(c.ix, r.ix, 0)
	str(c.layout, c.layoutText, 0)
	str(c.zone, r.zone, 0)
	for k := range r.fs {
		f := &r.fs[k]
		i := c.fcols[k]
		if f.ref >= 0 {
			c.pad(i, j)
			c.vals[i] = append(c.vals[i], parquet.Int64Value(f.ref).Level(0, 1, i))
			continue
		}
		str(i, f.cell, 1)
	}
}

// pad fills column i with nulls up to row j.
func (c *columns) pad(i, j int) {
	for len(c.vals[i]) < j {
		c.vals[i] = append(c.vals[i], parquet.NullValue().Level(0, 0, i))
	}
}

// unsafeBytes is s as bytes without a copy: the writer copies what it is
// given into its own buffers and never changes it.
func unsafeBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// sumMeta is what a summary scan (and a hunt's read of the event parts)
// needs of a part's footer, decoded by pqthrift's reader: its flat
// columns, key-value metadata, the chunks' places, null counts and least
// and greatest values. parquet-go's reflection decoder of the whole footer
// (each chunk's statistics, encodings, sizes) took the time of a
// selective summary read's pages. readSumMeta refuses a footer holding
// anything else (nesting, encryption, a chunk chunkReader cannot read):
// parquet-go opens that part.
type sumMeta struct {
	r        io.ReaderAt
	size     int64
	cols     []string
	kinds    []parquet.Kind
	optional []bool
	kv       map[string]string
	groups   []metaGroup
}

// metaGroup is one row group's rows and column chunks.
type metaGroup struct {
	rows   int64
	chunks []metaChunk
}

var errMetaOther = errors.New("a footer chunkReader does not read")

// readSumMeta reads the footer of the part r holds, of size bytes.
func readSumMeta(r io.ReaderAt, size int64) (*sumMeta, error) {
	var tail [8]byte
	if size < 12 {
		return nil, errMetaOther
	}
	if _, err := r.ReadAt(tail[:], size-8); err != nil {
		return nil, err
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if !bytes.Equal(tail[4:], []byte("PAR1")) || n > size-12 {
		return nil, errMetaOther
	}
	b := make([]byte, n)
	if _, err := r.ReadAt(b, size-8-n); err != nil {
		return nil, err
	}
	m := &sumMeta{r: r, size: size, kv: map[string]string{}}
	t := &thriftIn{b: b}
	ok := true
	t.fields(0, func(id int16, typ byte) bool {
		switch {
		case id == 2 && typ == tList:
			ok = ok && m.schema(t)
		case id == 4 && typ == tList:
			ok = ok && m.rowGroups(t)
		case id == 5 && typ == tList:
			t.structs(func() {
				var k, v string
				t.fields(1, func(id int16, typ byte) bool {
					switch {
					case id == 1 && typ == tBinary:
						k = string(t.binary())
					case id == 2 && typ == tBinary:
						v = string(t.binary())
					default:
						return false
					}
					return true
				})
				m.kv[k] = v
			})
		case id == 8:
			ok = false // encrypted
			return false
		default:
			return false
		}
		return true
	})
	if t.err != nil || t.at != len(b) || !ok || !m.check() {
		return nil, errMetaOther
	}
	return m, nil
}

// schema reads the schema's elements: a root of flat leaves.
func (m *sumMeta) schema(t *thriftIn) bool {
	ok, k := true, 0
	t.structs(func() {
		var typ, rep int32 = -1, 0
		var name string
		children := int32(0)
		t.fields(1, func(id int16, ft byte) bool {
			switch {
			case id == 1 && ft == tI32:
				typ = t.i32()
			case id == 3 && ft == tI32:
				rep = t.i32()
			case id == 4 && ft == tBinary:
				name = string(t.binary())
			case id == 5 && ft == tI32:
				children = t.i32()
			default:
				return false
			}
			return true
		})
		if k == 0 {
			ok = ok && typ == -1 && children >= 0
		} else {
			kind, known := kindOf(typ)
			ok = ok && known && children == 0 && (rep == 0 || rep == 1)
			m.cols = append(m.cols, name)
			m.kinds = append(m.kinds, kind)
			m.optional = append(m.optional, rep == 1)
		}
		k++
	})
	return ok
}

// kindOf is the kind of a leaf of Parquet type typ, of those a summary's
// columns have.
func kindOf(typ int32) (parquet.Kind, bool) {
	switch format.Type(typ) {
	case format.Int64:
		return parquet.Int64, true
	case format.Double:
		return parquet.Double, true
	case format.ByteArray:
		return parquet.ByteArray, true
	}
	return 0, false
}

// rowGroups reads the row groups: their rows and chunks.
func (m *sumMeta) rowGroups(t *thriftIn) bool {
	ok := true
	m.groups = make([]metaGroup, 0, 16)
	t.structs(func() {
		var g metaGroup
		t.fields(1, func(id int16, typ byte) bool {
			switch {
			case id == 1 && typ == tList:
				g.chunks = make([]metaChunk, 0, len(m.cols))
				t.structs(func() {
					g.chunks = append(g.chunks, metaChunk{})
					ok = ok && t.columnChunk(&g.chunks[len(g.chunks)-1], m, len(g.chunks)-1)
				})
			case id == 3 && typ == tI64:
				g.rows = t.varint()
			default:
				return false
			}
			return true
		})
		m.groups = append(m.groups, g)
	})
	return ok
}

// columnChunk reads chunk i of a row group of m: false when it is not
// its column's, lies in another file, is encrypted, or holds pages
// chunkReader does not read.
func (t *thriftIn) columnChunk(c *metaChunk, m *sumMeta, i int) bool {
	ok := i < len(m.cols)
	t.fields(2, func(id int16, typ byte) bool {
		switch {
		case id == 3 && typ == tStruct:
			ok = ok && t.columnMeta(c, m.cols[i], m.kinds[i])
		case id == 4 && typ == tI64:
			c.oiOff = t.varint()
		case id == 5 && typ == tI32:
			c.oiLen = t.i32()
		case id == 1 || id == 8 || id == 9:
			ok = false // a path, encryption
			return false
		default:
			return false
		}
		return true
	})
	return ok && c.stats && c.known
}

// columnMeta reads a chunk's metadata, checking that it is column col's,
// of its kind.
func (t *thriftIn) columnMeta(c *metaChunk, col string, kind parquet.Kind) bool {
	ok := false
	c.known = true
	t.fields(3, func(id int16, typ byte) bool {
		switch {
		case id == 1 && typ == tI32:
			k, known := kindOf(t.i32())
			ok = known && k == kind
		case id == 3 && typ == tList:
			n, el := t.list()
			c.known = c.known && n == 1 && el == tBinary && string(t.binary()) == col
		case id == 4 && typ == tI32:
			c.codec = format.CompressionCodec(t.i32())
			c.known = c.known && knownCodec(c.codec)
		case id == 5 && typ == tI64:
			c.values = t.varint()
		case id == 7 && typ == tI64:
			c.size = t.varint()
		case id == 9 && typ == tI64:
			c.dataOff = t.varint()
		case id == 11 && typ == tI64:
			c.dictOff = t.varint()
		case id == 12 && typ == tStruct:
			t.fields(4, func(id int16, typ byte) bool {
				switch {
				case id == 3 && typ == tI64:
					c.nulls = t.varint()
				case id == 5 && typ == tBinary:
					c.max = t.binary()
				case id == 6 && typ == tBinary:
					c.min = t.binary()
				default:
					return false
				}
				return true
			})
		case id == 13 && typ == tList:
			t.structs(func() {
				var pt, enc int32 = -1, -1
				t.fields(4, func(id int16, typ byte) bool {
					switch {
					case id == 1 && typ == tI32:
						pt = t.i32()
					case id == 2 && typ == tI32:
						enc = t.i32()
					default:
						return false
					}
					return true
				})
				c.stats = true
				c.known = c.known && knownPages(format.PageType(pt), format.Encoding(enc))
			})
		default:
			return false
		}
		return true
	})
	return ok
}

// check reports whether every row group has a chunk for each column.
func (m *sumMeta) check() bool {
	for _, g := range m.groups {
		if len(g.chunks) != len(m.cols) || g.rows < 0 {
			return false
		}
	}
	return len(m.cols) > 0
}

// structs reads a list of structs, calling fn for each.
func (t *thriftIn) structs(fn func()) {
	n, el := t.list()
	if el != tStruct && n > 0 {
		t.fail()
		return
	}
	for range n {
		if t.err != nil {
			return
		}
		fn()
	}
}

// binary reads a binary or string value.
func (t *thriftIn) binary() []byte {
	n := t.uvarint()
	if n > uint64(len(t.b)-t.at) {
		t.fail()
		return nil
	}
	return t.bytes(int(n))
}

// sumRG is one row group of a summary part: parquet-go's (pq), or, when
// the part was opened from its footer by readSumMeta, that metadata's.
type sumRG struct {
	pq   parquet.RowGroup
	meta *sumMeta
	g    int
	// pqPages reads the chunks with parquet-go's pages: an event part's,
	// whose _raw pages of 1 MB chunkReader's buffers would hold on to.
	pqPages bool
}

func (r sumRG) rows() int {
	if r.pq != nil {
		return int(r.pq.NumRows())
	}
	return int(r.meta.groups[r.g].rows)
}

// kind is column i's kind.
func (r sumRG) kind(i int) parquet.Kind {
	if r.pq != nil {
		return r.pq.ColumnChunks()[i].Type().Kind()
	}
	return r.meta.kinds[i]
}

// allNull reports whether the statistics of column i of a row group of n
// rows say that it is null in every row (a field the dataset declares
// that no row has, the exact times of most row groups): it is not read.
func (r sumRG) allNull(i, n int) bool {
	if r.pq != nil {
		chunk, ok := r.pq.ColumnChunks()[i].(*parquet.FileColumnChunk)
		return ok && n > 0 && chunk.NumValues() == int64(n) && chunk.NullCount() == int64(n)
	}
	c := &r.meta.groups[r.g].chunks[i]
	return n > 0 && c.values == int64(n) && c.nulls == int64(n)
}

// direct is the reader of column i when chunkReader can read it; nil
// when parquet-go must.
func (r sumRG) direct(i int, kind parquet.Kind) *chunkReader {
	if r.pqPages {
		return nil
	}
	if r.pq != nil {
		return directChunk(r.pq, i, kind)
	}
	return &chunkReader{r: r.meta.r, size: r.meta.size, cc: r.meta.groups[r.g].chunks[i], kind: kind, optional: r.meta.optional[i]}
}

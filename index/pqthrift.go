package index

import (
	"errors"
	"math"
)

// thriftIn reads Thrift's compact protocol from bytes: the page headers
// and offset indexes of a summary part, decoded without reflection (the
// generic decoder was a tenth of a selective summary read). The first
// malformed byte sets err; every read after it gives zero.
type thriftIn struct {
	b   []byte
	at  int
	err error
}

var errThrift = errors.New("malformed thrift")

// The compact protocol's types.
const (
	tStop   = 0
	tTrue   = 1
	tFalse  = 2
	tByte   = 3
	tI16    = 4
	tI32    = 5
	tI64    = 6
	tDouble = 7
	tBinary = 8
	tList   = 9
	tSet    = 10
	tMap    = 11
	tStruct = 12
)

func (t *thriftIn) fail() {
	if t.err == nil {
		t.err = errThrift
	}
	t.at = len(t.b)
}

func (t *thriftIn) byte() byte {
	if t.at >= len(t.b) {
		t.fail()
		return 0
	}
	c := t.b[t.at]
	t.at++
	return c
}

func (t *thriftIn) uvarint() uint64 {
	var x uint64
	for s := uint(0); s < 64; s += 7 {
		c := t.byte()
		x |= uint64(c&0x7f) << s
		if c < 0x80 {
			return x
		}
	}
	t.fail()
	return 0
}

// varint is a zigzag-encoded integer (i16, i32 and i64 alike).
func (t *thriftIn) varint() int64 {
	u := t.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

// i32 is a varint that must fit 32 bits.
func (t *thriftIn) i32() int32 {
	v := t.varint()
	if v < math.MinInt32 || v > math.MaxInt32 {
		t.fail()
		return 0
	}
	return int32(v)
}

// field reads a struct's next field header: its id (from the last one's)
// and type, tStop at the struct's end.
func (t *thriftIn) field(last int16) (int16, byte) {
	c := t.byte()
	typ := c & 0x0f
	if typ == tStop || t.err != nil {
		return 0, tStop
	}
	if d := int16(c >> 4); d != 0 {
		return last + d, typ
	}
	v := t.varint()
	if v < math.MinInt16 || v > math.MaxInt16 {
		t.fail()
		return 0, tStop
	}
	return int16(v), typ
}

// list reads a list's header: its size and its elements' type.
func (t *thriftIn) list() (int, byte) {
	c := t.byte()
	n := uint64(c >> 4)
	if n == 15 {
		n = t.uvarint()
	}
	if n > uint64(len(t.b)-t.at) { // every element takes a byte at least
		t.fail()
		return 0, 0
	}
	return int(n), c & 0x0f
}

// boolean is a boolean field's value, which its type holds.
func (t *thriftIn) boolean(typ byte) bool {
	if typ != tTrue && typ != tFalse {
		t.fail()
	}
	return typ == tTrue
}

// skip passes over a value of type typ; a boolean in a list takes a byte.
func (t *thriftIn) skip(typ byte, inList bool, depth int) {
	if depth > 32 {
		t.fail()
		return
	}
	switch typ {
	case tTrue, tFalse:
		if inList {
			t.byte()
		}
	case tByte:
		t.byte()
	case tI16, tI32, tI64:
		t.uvarint()
	case tDouble:
		t.bytes(8)
	case tBinary:
		t.bytes(int(min(t.uvarint(), uint64(math.MaxInt32))))
	case tList, tSet:
		n, el := t.list()
		for range n {
			t.skip(el, true, depth+1)
		}
	case tMap:
		n := t.uvarint()
		if n == 0 {
			return
		}
		kv := t.byte()
		if n > uint64(len(t.b)-t.at) {
			t.fail()
			return
		}
		for range n {
			t.skip(kv>>4, true, depth+1)
			t.skip(kv&0x0f, true, depth+1)
		}
	case tStruct:
		t.fields(depth+1, func(int16, byte) bool { return false })
	default:
		t.fail()
	}
}

// fields reads a struct's fields to its end, calling fn with each one's
// id and type: fn reads the value and says true, or false to have it
// skipped.
func (t *thriftIn) fields(depth int, fn func(id int16, typ byte) bool) {
	var id int16
	for t.err == nil {
		var typ byte
		if id, typ = t.field(id); typ == tStop {
			return
		}
		if !fn(id, typ) {
			t.skip(typ, false, depth)
		}
	}
}

func (t *thriftIn) bytes(n int) []byte {
	if n < 0 || n > len(t.b)-t.at {
		t.fail()
		return nil
	}
	b := t.b[t.at : t.at+n]
	t.at += n
	return b
}

// The page types and encodings of Parquet's format a summary's reader
// knows.
const (
	pageData       = 0
	pageDictionary = 2
	pageDataV2     = 3

	encPlain          = 0
	encPlainDict      = 2
	encDeltaBinary    = 5
	encDeltaLengthBin = 6
	encRLEDict        = 8
)

// pageHead is what a page header says, of the fields a summary's reader
// uses.
type pageHead struct {
	typ            int32
	unc, comp      int32
	v2, dict       bool // a data page v2 header, a dictionary page header
	values, nulls  int32
	rows           int32
	enc            int32
	defLen, repLen int32
	compressed     bool
	dictN, dictEnc int32
	hlen           int // the header's own bytes
}

// readPageHead decodes the page header at the start of b.
func readPageHead(b []byte) (pageHead, error) {
	t := &thriftIn{b: b}
	h := pageHead{compressed: true}
	t.fields(0, func(id int16, typ byte) bool {
		switch {
		case id == 1 && typ == tI32:
			h.typ = t.i32()
		case id == 2 && typ == tI32:
			h.unc = t.i32()
		case id == 3 && typ == tI32:
			h.comp = t.i32()
		case id == 7 && typ == tStruct:
			h.dict = true
			t.fields(1, func(id int16, typ byte) bool { return h.dictField(t, id, typ) })
		case id == 8 && typ == tStruct:
			h.v2 = true
			t.fields(1, func(id int16, typ byte) bool { return h.v2Field(t, id, typ) })
		default:
			return false
		}
		return true
	})
	h.hlen = t.at
	return h, t.err
}

// dictField reads a field of a dictionary page header.
func (h *pageHead) dictField(t *thriftIn, id int16, typ byte) bool {
	switch {
	case id == 1 && typ == tI32:
		h.dictN = t.i32()
	case id == 2 && typ == tI32:
		h.dictEnc = t.i32()
	default:
		return false
	}
	return true
}

// v2Field reads a field of a data page v2 header.
func (h *pageHead) v2Field(t *thriftIn, id int16, typ byte) bool {
	switch {
	case id == 1 && typ == tI32:
		h.values = t.i32()
	case id == 2 && typ == tI32:
		h.nulls = t.i32()
	case id == 3 && typ == tI32:
		h.rows = t.i32()
	case id == 4 && typ == tI32:
		h.enc = t.i32()
	case id == 5 && typ == tI32:
		h.defLen = t.i32()
	case id == 6 && typ == tI32:
		h.repLen = t.i32()
	case id == 7 && (typ == tTrue || typ == tFalse):
		h.compressed = t.boolean(typ)
	default:
		return false
	}
	return true
}

// pageLoc is one page's place in an offset index.
type pageLoc struct {
	off   int64
	size  int32 // the header's bytes and the page's
	first int64 // its first row
}

// readOffsetIndex decodes an offset index: its pages' places.
func readOffsetIndex(b []byte) ([]pageLoc, error) {
	t := &thriftIn{b: b}
	var locs []pageLoc
	t.fields(0, func(id int16, typ byte) bool {
		if id != 1 || typ != tList {
			return false
		}
		n, el := t.list()
		if el != tStruct {
			t.fail()
			return true
		}
		locs = make([]pageLoc, n)
		for k := range locs {
			l := &locs[k]
			t.fields(1, func(id int16, typ byte) bool {
				switch {
				case id == 1 && typ == tI64:
					l.off = t.varint()
				case id == 2 && typ == tI32:
					l.size = t.i32()
				case id == 3 && typ == tI64:
					l.first = t.varint()
				default:
					return false
				}
				return true
			})
		}
		return true
	})
	return locs, t.err
}

package store

import (
	"encoding/binary"
	"math"
	"strings"
	"sync"
	"unsafe"

	"github.com/spelunk-dev/spelunk/value"
)

// crow is an event as the store keeps it: its fields encoded in a few
// bytes each instead of a value.Field's 56. Realdata's 675,270 events
// hold 45 million fields, 2.7 GB as value.Fields; nearly every value is
// a substring of _raw (the readers slice the record), so a value is kept
// as an offset and a length into raw, and only the others are copied
// into blob. A row is decoded into value.Fields when it is read; the
// decoded values are the ones encoded (same kind, text and precision).
type crow struct {
	// raw is the event's _raw (values inside it are offsets), or with pk
	// set, _raw packed against pk, plen bytes unpacked (pack.go).
	raw string
	// blob holds the encoded fields, then (from split) the text of the
	// string values that are not inside raw.
	blob  string
	split uint32
	plen  uint32
	mv    *[]value.Value // multivalues, which are rare, whole
	pk    *packDict
}

// text is the event's _raw as the offsets read it: raw itself, or raw
// unpacked into a new allocation.
func (c *crow) text() string {
	if c.pk == nil {
		return c.raw
	}
	t, err := unpack(c.raw, c.pk, int(c.plen))
	if err != nil {
		// The store packed it: this is a bug, not bad input.
		panic("datamodel: packed _raw does not unpack: " + err.Error())
	}
	return t
}

// Tags of an encoded field's value.
type nameID struct {
	name string
	id   uint32
}

const (
	tagNull   = iota
	tagRaw    // uvarint offset, uvarint length into raw
	tagExtra  // uvarint offset, uvarint length into blob[split:]
	tagNum    // 8 bytes of float64
	tagNumSig // 8 bytes of float64, significant figures, decimals
	tagBool   // 1 byte
	tagMulti  // uvarint index into mv
	tagSym    // uvarint number of an interned string in the name table
)

// Strings up to maxSymLen bytes that are not inside _raw (the add-on's
// constants and lookups: source, vendor_product, signature, date_wday...;
// 180 bytes an event in realdata, nearly all from a few dozen distinct
// values) are interned in the name table, up to maxSyms entries, beyond
// which they are copied into each row as before.
const (
	maxSymLen = 64
	maxSyms   = 1 << 16
)

// nameTable numbers the field names of a store's rows, and the short
// strings they intern (one numbering for both). Names are added
// while events are added (from several goroutines in AddPaths) and only
// read while searches run, which the store's contract keeps apart.
type nameTable struct {
	mu    sync.Mutex
	ids   map[string]uint32
	names []string
}

func newNameTable() *nameTable { return &nameTable{ids: map[string]uint32{}} }

func (t *nameTable) id(name string) uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	id, ok := t.ids[name]
	if !ok {
		id = uint32(len(t.names))
		t.names = append(t.names, name)
		t.ids[name] = id
	}
	return id
}

// sym returns the number of s as an interned string, copying it into the
// table; false when the table is full.
func (t *nameTable) sym(s string) (uint32, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	id, ok := t.ids[s]
	if ok {
		return id, true
	}
	if len(t.names) >= maxSyms {
		return 0, false
	}
	s = strings.Clone(s)
	id = uint32(len(t.names))
	t.names = append(t.names, s)
	t.ids[s] = id
	return id, true
}

// list is the table's names so far, for reading while other goroutines
// add names (a hunt's read adds rows as it goes).
func (t *nameTable) list() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.names
}

// lookupID returns a name's number, and false when no row has the name.
func (t *nameTable) lookupID(name string) (uint32, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	id, ok := t.ids[name]
	return id, ok
}

// rowEncoder encodes rows for one goroutine: it keeps the names it has
// numbered so that the shared table is locked once per new name.
type rowEncoder struct {
	names *nameTable
	local map[string]uint32
	// at[k] is the name and number of the k-th field of the last row:
	// rows of one source or dataset name their fields in one order, so
	// the number is mostly found there rather than in local.
	at    []nameID
	buf   []byte
	extra []byte
	// this row's strings in extra, so that a value held by two fields
	// (an alias) is copied once
	extraStr []string
	extraOff []int
	// full is set once the table refused a string: no more are interned.
	full bool
	// slab is where kept text goes: many rows' text in one allocation
	// of its own, rather than two allocations per row in size classes
	// shared with short-lived objects, which left a sixth of the heap
	// in spans kept alive by a few rows each.
	slab []byte
	// With packs set, events' _raw is packed (pack.go); dicts caches the
	// table's dictionaries by kind (nil: none to be had).
	packs  *packTable
	packer *packer
	dicts  map[string]*packDict
	kind   []byte
	packed []byte
	// kb and keys make and intern the partition keys of the rows
	// encoded (encodeRow), up to maxKeys.
	kb   []byte
	keys map[string]string
	// mvs interns the multivalues of the rows encoded, up to maxKeys:
	// a data model's rows mostly carry one of a few tag lists, which
	// were a slice of their own per row.
	mvs   map[string]*[]value.Value
	mvKey []byte
	// scratch is set on an encoder whose slab is reused row after row
	// (a spilling store's): a row keeps nothing that points into it.
	scratch bool
	// seen are the last strings interned, by their address: rows made
	// from an index's columns share one string per distinct value,
	// found here without hashing its text (symOf).
	seen *[symCacheSize]symSeen
}

// symSeen is a string interned as symbol id. Holding s keeps its memory
// from being reused for another string at the same address.
type symSeen struct {
	s  string
	id uint32
}

// symCacheSize is the number of strings rowEncoder.seen remembers.
const symCacheSize = 1024

// symOf is the symbol of s, interned in the table (as local caches it)
// when new; false once the table is full.
func (e *rowEncoder) symOf(s string) (uint32, bool) {
	if e.seen == nil {
		e.seen = new([symCacheSize]symSeen)
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	c := &e.seen[(p>>3^p>>13)%symCacheSize]
	if len(c.s) == len(s) && unsafe.StringData(c.s) == unsafe.StringData(s) && s != "" {
		return c.id, true
	}
	id, ok := e.local[s]
	if !ok && !e.full {
		if id, ok = e.names.sym(s); ok {
			e.local[s] = id
		} else {
			e.full = true
		}
	}
	if ok {
		*c = symSeen{s, id}
	}
	return id, ok
}

const maxKeys = 4096

const (
	minSlab = 64 << 10
	maxSlab = 1 << 20
)

// keep copies s into the encoder's slab and returns the copy. Slabs grow
// from minSlab to maxSlab, so an encoder that keeps little (a small
// dataset's) leaves little unused.
func keep[T string | []byte](e *rowEncoder, s T) string {
	if len(s) == 0 {
		return ""
	}
	if cap(e.slab)-len(e.slab) < len(s) {
		size := min(maxSlab, max(minSlab, 2*cap(e.slab)))
		e.slab = make([]byte, 0, max(size, len(s)))
	}
	at := len(e.slab)
	e.slab = append(e.slab, s...)
	// The bytes are never written again: later rows append after them.
	return unsafe.String(&e.slab[at], len(s))
}

func newRowEncoder(t *nameTable) *rowEncoder {
	return &rowEncoder{names: t, local: map[string]uint32{}}
}

// inside returns the offset of s in base when s's bytes are part of
// base's (the readers' fields are slices of the record).
func inside(s, base string) (int, bool) {
	if len(s) == 0 {
		return 0, true
	}
	if len(base) == 0 {
		return 0, false
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	b := uintptr(unsafe.Pointer(unsafe.StringData(base)))
	if p < b || p+uintptr(len(s)) > b+uintptr(len(base)) {
		return 0, false
	}
	return int(p - b), true
}

func (e *rowEncoder) encode(row value.Fields) crow {
	raw := ""
	for _, f := range row {
		if f.Name == "_raw" && f.Value.Kind() == value.KindString {
			raw = f.Value.String()
			break
		}
	}
	return e.encodeIn(row, raw, nil)
}

// encodeIn encodes row with its values inside raw kept as offsets (a
// dataset row's values are mostly its event's). With ev nil the row keeps
// a copy of raw in the slab (an event's record, from the reader), packed
// when the encoder packs; else raw is ev's text and the row shares ev's
// _raw (a dataset row's event, kept already).
func (e *rowEncoder) encodeIn(row value.Fields, raw string, ev *crow) crow {
	var c crow
	if ev != nil {
		c.raw, c.pk, c.plen = ev.raw, ev.pk, ev.plen
	} else {
		c = e.keepRaw(row, raw)
	}
	e.buf, e.extra = e.buf[:0], e.extra[:0]
	e.extraStr, e.extraOff = e.extraStr[:0], e.extraOff[:0]
	var mv []value.Value
	for k, f := range row {
		var id uint32
		if k < len(e.at) && e.at[k].name == f.Name {
			id = e.at[k].id
		} else {
			var ok bool
			id, ok = e.local[f.Name]
			if !ok {
				id = e.names.id(f.Name)
				e.local[f.Name] = id
			}
			if k < len(e.at) {
				e.at[k] = nameID{f.Name, id}
			} else {
				e.at = append(e.at, nameID{f.Name, id})
			}
		}
		e.buf = binary.AppendUvarint(e.buf, uint64(id))
		v := f.Value
		switch v.Kind() {
		case value.KindString:
			s := v.String()
			if off, ok := inside(s, raw); ok {
				e.buf = append(e.buf, tagRaw)
				e.buf = binary.AppendUvarint(e.buf, uint64(off))
				e.buf = binary.AppendUvarint(e.buf, uint64(len(s)))
				continue
			}
			if len(s) <= maxSymLen {
				if id, ok := e.symOf(s); ok {
					e.buf = append(e.buf, tagSym)
					e.buf = binary.AppendUvarint(e.buf, uint64(id))
					continue
				}
			}
			off := -1
			for i, x := range e.extraStr {
				if x == s {
					off = e.extraOff[i]
					break
				}
			}
			if off < 0 {
				off = len(e.extra)
				e.extra = append(e.extra, s...)
				e.extraStr = append(e.extraStr, s)
				e.extraOff = append(e.extraOff, off)
			}
			e.buf = append(e.buf, tagExtra)
			e.buf = binary.AppendUvarint(e.buf, uint64(off))
			e.buf = binary.AppendUvarint(e.buf, uint64(len(s)))
		case value.KindNumber:
			n, _ := v.Number()
			sf, dec := v.Precision()
			if sf == 0 {
				e.buf = append(e.buf, tagNum)
				e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(n))
			} else {
				e.buf = append(e.buf, tagNumSig)
				e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(n))
				e.buf = append(e.buf, byte(sf), byte(dec))
			}
		case value.KindBool:
			b := byte(0)
			if v.Truth() {
				b = 1
			}
			e.buf = append(e.buf, tagBool, b)
		case value.KindMulti:
			e.buf = append(e.buf, tagMulti)
			e.buf = binary.AppendUvarint(e.buf, uint64(len(mv)))
			if c.pk != nil || e.scratch {
				v = cloneInside(v, raw)
			} else {
				v = rebase(v, raw, c.raw)
			}
			mv = append(mv, v)
		default:
			e.buf = append(e.buf, tagNull)
		}
	}
	c.split = uint32(len(e.buf))
	e.buf = append(e.buf, e.extra...)
	c.blob = keep(e, e.buf)
	if len(mv) > 0 {
		c.mv = e.sharedMulti(mv, c.raw)
	}
	return c
}

// sharedMulti returns a row's multivalues, the same slice for rows with
// equal ones when none of their strings is inside the row's own text
// raw (a string elsewhere is never written again, so rows may share it).
func (e *rowEncoder) sharedMulti(mv []value.Value, raw string) *[]value.Value {
	key := e.mvKey[:0]
	for _, v := range mv {
		vals := v.Values()
		key = binary.AppendUvarint(key, uint64(len(vals)))
		for _, x := range vals {
			if x.Kind() != value.KindString {
				return &mv
			}
			s := x.String()
			if _, in := inside(s, raw); in && s != "" {
				return &mv
			}
			key = binary.AppendUvarint(key, uint64(len(s)))
			key = append(key, s...)
		}
	}
	e.mvKey = key
	if p, ok := e.mvs[string(key)]; ok {
		return p
	}
	if e.mvs == nil {
		e.mvs = map[string]*[]value.Value{}
	}
	if len(e.mvs) >= maxKeys {
		return &mv
	}
	p := &mv
	e.mvs[string(key)] = p
	return p
}

// rebase makes the elements of multivalue v that are inside from point
// into to, a copy of from, so that the row keeps no other copy alive.
func rebase(v value.Value, from, to string) value.Value {
	if unsafe.StringData(from) == unsafe.StringData(to) || !anyInside(v, from) {
		return v
	}
	vals := v.Values()
	out := make([]value.Value, len(vals))
	for i, x := range vals {
		if x.Kind() == value.KindString {
			if off, ok := inside(x.String(), from); ok {
				x = value.Str(to[off : off+len(x.String())])
			}
		}
		out[i] = x
	}
	return value.Multi(out...)
}

// cloneInside makes the elements of multivalue v that are inside raw
// copies of their own: a packed row keeps no unpacked text.
func cloneInside(v value.Value, raw string) value.Value {
	if !anyInside(v, raw) {
		return v
	}
	vals := v.Values()
	out := make([]value.Value, len(vals))
	for i, x := range vals {
		if x.Kind() == value.KindString {
			if _, ok := inside(x.String(), raw); ok {
				x = value.Str(strings.Clone(x.String()))
			}
		}
		out[i] = x
	}
	return value.Multi(out...)
}

// anyInside reports whether some string element of v is inside raw.
func anyInside(v value.Value, raw string) bool {
	for _, x := range v.Values() {
		if x.Kind() == value.KindString {
			if _, ok := inside(x.String(), raw); ok && x.String() != "" {
				return true
			}
		}
	}
	return false
}

// value decodes the value of tag at blob[at:], and where the next field
// starts; raw is c.text().
func (c *crow) value(names []string, raw string, tag byte, at int) (value.Value, int) {
	b := c.blob
	switch tag {
	case tagSym:
		var id uint64
		id, at = uvarint(b, at)
		return value.Str(names[id]), at
	case tagRaw, tagExtra:
		var off, n uint64
		off, at = uvarint(b, at)
		n, at = uvarint(b, at)
		if tag == tagRaw {
			return value.Str(raw[off : off+n]), at
		}
		x := uint64(c.split) + off
		return value.Str(b[x : x+n]), at
	case tagNum, tagNumSig:
		n := math.Float64frombits(leUint64(b[at:]))
		at += 8
		if tag == tagNum {
			return value.Num(n), at
		}
		return value.NumPrec(n, int(b[at]), int(b[at+1])), at + 2
	case tagBool:
		return value.Bool(b[at] == 1), at + 1
	case tagMulti:
		var i uint64
		i, at = uvarint(b, at)
		return (*c.mv)[i], at
	}
	return value.Null, at
}

// skip returns where the next field starts after a value of tag at
// blob[at:], without decoding it.
func (c *crow) skip(tag byte, at int) int {
	switch tag {
	case tagRaw, tagExtra:
		_, at = uvarint(c.blob, at)
		_, at = uvarint(c.blob, at)
		return at
	case tagNum:
		return at + 8
	case tagNumSig:
		return at + 10
	case tagBool:
		return at + 1
	case tagMulti, tagSym:
		_, at = uvarint(c.blob, at)
		return at
	}
	return at
}

// decode appends the row's fields to buf. Searches decode millions of
// rows, so this is the hot path: the common values (strings inside
// _raw) are decoded inline.
func (c *crow) decode(names []string, buf value.Fields) value.Fields {
	buf, _ = c.decodeText(names, buf)
	return buf
}

// decodeText is decode, and the text the row's values are inside.
func (c *crow) decodeText(names []string, buf value.Fields) (value.Fields, string) {
	return c.decodeWant(names, nil, buf)
}

// decodeWant is decodeText leaving out the fields whose numbers want
// marks false (nil: none left out): a dataset build reads a third of an
// event's fields.
func (c *crow) decodeWant(names []string, want []bool, buf value.Fields) (value.Fields, string) {
	raw := c.text()
	b, end := c.blob, int(c.split)
	for at := 0; at < end; {
		var id uint64
		id, at = uvarint(b, at)
		tag := b[at]
		at++
		if want != nil && (id >= uint64(len(want)) || !want[id]) {
			at = c.skip(tag, at)
			continue
		}
		var v value.Value
		if tag == tagRaw {
			var off, n uint64
			off, at = uvarint(b, at)
			n, at = uvarint(b, at)
			v = value.Str(raw[off : off+n])
		} else {
			v, at = c.value(names, raw, tag, at)
		}
		buf = append(buf, value.Field{Name: names[id], Value: v})
	}
	return buf, raw
}

// lookupScratch is lookup for a caller that copies what it keeps before
// the next call: a packed row's text is unpacked into *scratch, and the
// value may point into it.
func (c *crow) lookupScratch(names []string, id uint32, scratch *[]byte) (value.Value, bool) {
	if c.pk == nil {
		return c.lookup(names, id)
	}
	b, end := c.blob, int(c.split)
	for at := 0; at < end; {
		var fid uint64
		fid, at = uvarint(b, at)
		tag := b[at]
		at++
		if uint32(fid) != id {
			at = c.skip(tag, at)
			continue
		}
		raw := ""
		if tag == tagRaw {
			var err error
			if raw, *scratch, err = unpackInto(*scratch, c.raw, c.pk, int(c.plen)); err != nil {
				panic("datamodel: packed _raw does not unpack: " + err.Error())
			}
		}
		v, _ := c.value(names, raw, tag, at)
		return v, true
	}
	return value.Null, false
}

// lookup is the row's value of the field numbered id, as
// value.Fields.Lookup finds it.
func (c *crow) lookup(names []string, id uint32) (value.Value, bool) {
	b, end := c.blob, int(c.split)
	for at := 0; at < end; {
		var fid uint64
		fid, at = uvarint(b, at)
		tag := b[at]
		at++
		if uint32(fid) == id {
			if tag == tagRaw && c.pk != nil {
				// A copy of its own, so that a value kept (a partition's
				// list, a column) does not keep the unpacked text.
				v, _ := c.value(names, c.text(), tag, at)
				return value.Str(strings.Clone(v.String())), true
			}
			v, _ := c.value(names, c.raw, tag, at)
			return v, true
		}
		at = c.skip(tag, at)
	}
	return value.Null, false
}

// uvarint reads a uvarint at b[at:]; one-byte values (most names,
// offsets under 128 and lengths) take the inlined path.
func uvarint(b string, at int) (uint64, int) {
	if c := b[at]; c < 0x80 {
		return uint64(c), at + 1
	}
	return uvarintSlow(b, at)
}

func uvarintSlow(b string, at int) (uint64, int) {
	var x uint64
	var s uint
	for {
		c := b[at]
		at++
		if c < 0x80 {
			return x | uint64(c)<<s, at
		}
		x |= uint64(c&0x7f) << s
		s += 7
	}
}

func leUint64(b string) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

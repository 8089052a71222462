package index

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/bits"
	"strings"
	"unsafe"

	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// The columns every part has. An event's own fields are columns named as
// the fields, except those starting with internalPrefix, which get
// fieldPrefix in front (their names would clash with internal columns).
const (
	colTime     = "_time"
	colRaw      = "_raw"
	colHost     = "host"
	colSource   = "source"
	colST       = "sourcetype"
	colIndex    = "index"
	colSeq      = "_spelunk_seq"
	colLayout   = "_spelunk_layout"
	colDateZone = "_spelunk_datezone"
	colExact    = "_spelunk_time"

	internalPrefix = "_spelunk_"
	fieldPrefix    = "_spelunk_f_"
	refPrefix      = "_spelunk_ref_"
)

// refMin is the length from which a field whose value is text of _raw
// (the XML reader's EventData_Xml: a block of the record) is kept as its
// place in _raw (a _spelunk_ref_<name> column: offset << 32 | length)
// rather than again as text; idMin that of a value mostly of hex digits
// (keptAsRef).
const (
	refMin = 256
	idMin  = 20
)

// fieldColumn is the column name of an event field.
func fieldColumn(name string) string {
	if name == "" || strings.HasPrefix(name, internalPrefix) {
		return fieldPrefix + name
	}
	return name
}

// record is one event waiting to be written.
type record struct {
	t                         float64
	seq                       int64
	raw, host, source, st, ix string
	zone                      string
	fs                        []keptField // the fields kept, in order
	est                       int         // size's estimate, counted as record made it (0: not)
	// lay is shared by records of the same layout that one goroutine
	// made one after another, so that comparing them is one comparison.
	lay *layoutID
}

type layoutID struct{ _ byte }

// keptField is a field of a record: its name, its cell (cellOf), and,
// when it is kept as its place in raw, offset << 32 | length, else
// textCell or multiCell (a multivalue's).
type keptField struct {
	name, cell string
	ref        int64
}

// The refs of fields kept as text: one allocation of a record's fields
// is most of what indexing allocates, so no field of its own says which.
const (
	textCell  = -1
	multiCell = -2
)

func (f *keptField) multi() bool { return f.ref == multiCell }

// way is how the record keeps its field i.
func (r *record) way(i int) uint8 {
	if r.fs[i].ref >= 0 {
		return asRef
	}
	return asText
}

// eventFields appends to dst the fields of r as a search over the index
// reads them back: a field kept as its place in raw is that text. When
// only is not nil, the fields are those it numbers.
func (r *record) eventFields(dst value.Fields, only []int) (value.Fields, error) {
	for k := 0; k < len(r.fs); k++ {
		i := k
		if only != nil {
			if k >= len(only) {
				break
			}
			i = only[k]
		}
		f := &r.fs[i]
		if f.ref == textCell { // most fields: valueOf's text, without its call
			dst = append(dst, value.Field{Name: f.name, Value: value.Str(f.cell)})
			continue
		}
		if f.ref >= 0 {
			off, n := f.ref>>32, f.ref&0xffffffff
			if off+n > int64(len(r.raw)) {
				return dst, fmt.Errorf("field %q: its place %d+%d lies past _raw's %d bytes", f.name, off, n, len(r.raw))
			}
			dst = append(dst, value.Field{Name: f.name, Value: value.Str(r.raw[off : off+n])})
			continue
		}
		v, err := valueOf(f.cell, f.multi())
		if err != nil {
			return dst, fmt.Errorf("field %q: %w", f.name, err)
		}
		dst = append(dst, value.Field{Name: f.name, Value: v})
	}
	return dst, nil
}

// sameLayout reports whether a and b have the same fields, kept the same
// ways, in the same order.
func sameLayout(a, b *record) bool {
	if a.lay != nil && a.lay == b.lay {
		return true
	}
	if len(a.fs) != len(b.fs) {
		return false
	}
	for i := range a.fs {
		if a.fs[i].name != b.fs[i].name {
			return false
		}
	}
	return sameWays(a, b)
}

// size estimates what a record holds in memory, to bound the buffers.
func (r *record) size() int {
	if r.est > 0 {
		return r.est
	}
	n := len(r.raw) + 160
	for _, f := range r.fs {
		n += 48 + len(f.name)
		if f.ref < 0 {
			n += len(f.cell)
		}
	}
	return n
}

// isDefault reports whether name is a default field: every event row has
// those from its own columns, and a format field of the same name never
// reaches the row (the shaper keeps the default), so the index does not
// keep it.
func isDefault(name string) bool {
	switch name {
	case "_time", "_raw", "host", "source", "sourcetype", "index", "linecount":
		return true
	}
	return false
}

// recordMaker makes a reading goroutine's records and marks their
// layouts. Each record and its fields are allocations of their own:
// records sharing blocks would keep a block, and the texts its other
// records point to, alive while any one of them waits in a partition.
// A record staged (encoded into its part, its rows summarized) is
// let go of to the maker, which makes the next ones in it: records were
// a quarter of what indexing allocated, so of the collector's cycles.
type recordMaker struct {
	prev *record // the last record made, for its layout
	free []*record
}

// maxFreeRecords bounds the records a maker keeps for reuse: a few
// staged batches' worth.
const maxFreeRecords = 2 * stageRows

// release gives staged records back for reuse; nothing may hold them or
// their fields any more. The texts they point to are not theirs (the
// reader's) and are only dropped.
func (a *recordMaker) release(batch []*record) {
	for _, r := range batch {
		if len(a.free) >= maxFreeRecords {
			return
		}
		if r == a.prev {
			continue // the next record's layout is compared with it
		}
		// Its fields are not cleared (about 0.03 s of CPU on W1): the
		// next record made in it overwrites them, and the records kept
		// keep at most their events' texts alive a while.
		*r = record{fs: r.fs[:0]}
		a.free = append(a.free, r)
	}
}

// newRecord is a record for an event of n fields: a released one when
// there is one.
func (a *recordMaker) newRecord(n int) *record {
	if k := len(a.free); k > 0 {
		r := a.free[k-1]
		a.free[k-1] = nil
		a.free = a.free[:k-1]
		if cap(r.fs) < n {
			r.fs = make([]keptField, 0, n)
		}
		return r
	}
	return &record{fs: make([]keptField, 0, n)}
}

// record takes what the index keeps of an event: its fields in order,
// each name once (the shaper reads the first of a name), without the
// default fields. Only text and multivalues of text are kept, as formats
// yield them.
func (a *recordMaker) record(ev *ingest.Event, seq int64) (*record, error) {
	r := a.newRecord(len(ev.Fields))
	r.t, r.seq, r.raw, r.host, r.source, r.st, r.ix, r.zone = ev.Time, seq, ev.Raw, ev.Host, ev.Source, ev.Sourcetype, ev.Index, ev.DateZone
	// While the names are those the last record kept, in its order, they
	// are neither default fields nor repeated: neither is checked.
	prev := a.prev
	same := prev != nil
	var seen [4]uint64       // a filter of the names kept, to skip most duplicate scans
	est := len(ev.Raw) + 160 // size's estimate, counted on the way
	for i := range ev.Fields {
		f := &ev.Fields[i] // not a copy: a field is 56 bytes, and W1 has 40 an event
		if k := len(r.fs); same && (k >= len(prev.fs) || prev.fs[k].name != f.Name) {
			same = false
			for j := range r.fs {
				h := nameHash(r.fs[j].name)
				seen[h>>6] |= 1 << (h & 63)
			}
		}
		if !same {
			if isDefault(f.Name) {
				continue
			}
			h := nameHash(f.Name)
			if seen[h>>6]&(1<<(h&63)) != 0 && r.has(f.Name) {
				continue
			}
			seen[h>>6] |= 1 << (h & 63)
		}
		var cell string
		ref := int64(textCell)
		switch f.Value.Kind() {
		case value.KindString:
			cell, _ = f.Value.Text()
			if keptAsRef(cell) && len(ev.Raw) < 1<<31 {
				if off := placeIn(ev.Raw, cell); off >= 0 {
					ref = int64(off)<<32 | int64(len(cell))
				}
			}
		case value.KindMulti:
			for _, v := range f.Value.Values() {
				if v.Kind() != value.KindString {
					return nil, fmt.Errorf("%s:%d: field %q holds a %s; the index keeps text", ev.File, ev.Line, f.Name, v.Kind())
				}
			}
			cell, ref = cellOf(f.Value), multiCell
		default:
			return nil, fmt.Errorf("%s:%d: field %q holds a %s; the index keeps text", ev.File, ev.Line, f.Name, f.Value.Kind())
		}
		// Field by field into the room newRecord made: appending the
		// whole struct moved it through the write barrier's bulk path.
		r.fs = r.fs[:len(r.fs)+1]
		kf := &r.fs[len(r.fs)-1]
		kf.name, kf.cell, kf.ref = f.Name, cell, ref
		est += 48 + len(f.Name)
		if ref < 0 {
			est += len(cell)
		}
	}
	if same && len(r.fs) == len(prev.fs) && sameWays(prev, r) || !same && prev != nil && sameLayout(prev, r) {
		r.lay = prev.lay
	} else {
		r.lay = new(layoutID)
	}
	a.prev, r.est = r, est
	return r, nil
}

// sameWays reports whether the fields of a and b, of the same names, are
// kept the same ways: sameLayout without the names.
func sameWays(a, b *record) bool {
	for i := range a.fs {
		f, g := &a.fs[i], &b.fs[i]
		if (f.ref < 0) != (g.ref < 0) || f.multi() != g.multi() {
			return false
		}
	}
	return true
}

// has reports whether r keeps a field of that name.
func (r *record) has(name string) bool {
	for _, f := range r.fs {
		if f.name == name {
			return true
		}
	}
	return false
}

// nameHash numbers a name for record's filter of 256 bits (the reader's
// hash, ingest's fieldBuilder): of W1's 42 names an event, a filter of
// 128 bits by the first and last bytes sent 7 to a scan of the names
// kept, this one 2.
func nameHash(s string) uint {
	if s == "" {
		return 0
	}
	return (uint(len(s))*31 + uint(s[0])*7 + uint(s[len(s)-1])*131 + uint(s[len(s)/2])) & 255
}

// keptAsRef reports whether a field's value is kept as its place in _raw
// (when it is text of _raw) rather than again as text: a long value (the
// XML reader's EventData_Xml, a block of the record), or one mostly of hex
// digits (hashes, GUIDs, timestamps), which neither compresses nor repeats
// and which searches seldom read.
func keptAsRef(s string) bool {
	n := len(s)
	if n >= refMin {
		return true
	}
	if n < idMin {
		return false
	}
	// Bytes that are no hex digit: at most a quarter. Sixteen at a time
	// (a byte at a time was a third of making W1's records), the last
	// few as the end of the last eight bytes.
	limit := n / 4
	b := unsafe.Slice(unsafe.StringData(s), n)
	other, i := 0, 0
	for ; i+16 <= n; i += 16 {
		other += 16 - hexDigits(binary.LittleEndian.Uint64(b[i:])) - hexDigits(binary.LittleEndian.Uint64(b[i+8:]))
		if other > limit {
			return false
		}
	}
	if i+8 <= n {
		other += 8 - hexDigits(binary.LittleEndian.Uint64(b[i:]))
		i += 8
	}
	if rest := n - i; rest > 0 {
		// The bytes counted already are shifted out: a zero byte is no
		// hex digit.
		other += rest - hexDigits(binary.LittleEndian.Uint64(b[n-8:])>>(8*(8-rest)))
	}
	return other <= limit
}

// hexDigits counts the bytes of x that are hex digits: '0'-'9', or
// 'a'-'f' once ASCII letters are lower-cased (x | 0x20 each byte),
// which only 'A'-'F' and 'a'-'f' give.
func hexDigits(x uint64) int {
	return bits.OnesCount64(bytesBetween(x, '0'-1, '9'+1) | bytesBetween(x|0x2020202020202020, 'a'-1, 'f'+1))
}

// bytesBetween flags, in its top bit, each byte b of x with m < b < n
// (m and n at most 127 and 128): "hasbetween" of Bit Twiddling Hacks.
// A byte of 0x80 or more is never flagged.
func bytesBetween(x, m, n uint64) uint64 {
	const ones, low7, top = 0x0101010101010101, 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	return (ones*(127+n) - x&low7) & ^x & (x&low7 + ones*(127-m)) & top
}

// placeIn is the offset of s in raw, or -1: by its address when s is a
// slice of raw's memory (readers cut field values out of the record), else
// by a search.
func placeIn(raw, s string) int {
	if s == "" {
		return -1
	}
	rp := uintptr(unsafe.Pointer(unsafe.StringData(raw)))
	sp := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	if sp >= rp && sp+uintptr(len(s)) <= rp+uintptr(len(raw)) {
		return int(sp - rp)
	}
	return strings.Index(raw, s)
}

// layoutOf is an event's layout column: a JSON array of its field names in
// order, a multivalue field's name in an array of its own (["name"]), a
// field kept as its place in _raw as ["name","r"].
func layoutOf(r *record) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, f := range r.fs {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(f.name)
		switch {
		case f.multi():
			b.WriteByte('[')
			b.Write(name)
			b.WriteByte(']')
		case f.ref >= 0:
			b.WriteByte('[')
			b.Write(name)
			b.WriteString(`,"r"]`)
		default:
			b.Write(name)
		}
	}
	b.WriteByte(']')
	return b.String()
}

// layoutField is one entry of a parsed layout.
type layoutField struct {
	name       string
	multi, ref bool
}

// parseLayout reads a layout column's value.
func parseLayout(s string) ([]layoutField, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, fmt.Errorf("bad layout: %w", err)
	}
	out := make([]layoutField, len(raw))
	for i, m := range raw {
		if len(m) > 0 && m[0] == '[' {
			var one []string
			err := json.Unmarshal(m, &one)
			switch {
			case err == nil && len(one) == 1:
				out[i] = layoutField{name: one[0], multi: true}
			case err == nil && len(one) == 2 && one[1] == "r":
				out[i] = layoutField{name: one[0], ref: true}
			default:
				return nil, fmt.Errorf("bad layout entry %s", m)
			}
			continue
		}
		if err := json.Unmarshal(m, &out[i].name); err != nil {
			return nil, fmt.Errorf("bad layout entry %s", m)
		}
	}
	return out, nil
}

// cellOf is a field's cell: the text, or a multivalue's texts as a JSON
// array.
func cellOf(v value.Value) string {
	if !v.IsMulti() {
		return v.String()
	}
	b, _ := json.Marshal(v.Strings())
	return string(b)
}

// valueOf reads a cell back.
func valueOf(cell string, multi bool) (value.Value, error) {
	if !multi {
		return value.Str(cell), nil
	}
	var ss []string
	if err := json.Unmarshal([]byte(cell), &ss); err != nil || len(ss) < 2 {
		return value.Null, fmt.Errorf("bad multivalue cell %.40q", cell)
	}
	return value.Strs(ss...), nil
}

// micros is _time in microseconds, and whether that gives t back exactly.
func micros(t float64) (int64, bool) {
	if math.IsNaN(t) || math.IsInf(t, 0) || math.Abs(t) > 9e12 {
		return 0, false
	}
	us := int64(math.Round(t * 1e6))
	return us, float64(us)/1e6 == t
}

package store

import (
	"math"
	"runtime"
	"strconv"
	"sync"
	"unsafe"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/value"
)

// Columns are made for the fields a search asks for together
// (engine.ColumnDataset.Columns), in one pass over the rows on every
// core: a column's cost is mostly reading each row's field (a linear
// walk of its encoding), and a search over a dataset usually reads
// several, so one pass for all of them beats a pass for each. Making
// every field's column at once does not pay: the
// ids that are unique to each event (guids, hashes, times) cost most and
// few searches read them.
//
// A column numbers the distinct values of a field in the order rows
// first show them, as Lookup finds the field (its first occurrence in a
// row); values are told apart by kind and text (datamodel.AppendValueKey). Single
// strings are numbered by their text, numbers that print in full by their
// bits (numberKey), other values by datamodel.AppendValueKey's key.

// parallelColumns is how many rows a dataset has for its columns to be
// made on every core (a variable for tests).
var parallelColumns = 16384

// colBuilder numbers the values of some fields over a range of rows.
// Fields are numbered in the dataset's name table; slot[f] is a wanted
// field's place in ids and the dictionaries (-1: not wanted).
type colBuilder struct {
	slot []int
	ids  [][]uint32 // per wanted field, per row of the range
	dict [][]value.Value
	strs []map[string]uint32
	nums []map[uint64]uint32
	keys []map[string]uint32
	kb   []byte
	text arena
}

// arena copies strings next to each other, in chunks.
type arena struct{ buf []byte }

func (a *arena) clone(s string) string {
	if len(s) == 0 {
		return ""
	}
	if len(s) > cap(a.buf)-len(a.buf) {
		a.buf = make([]byte, 0, max(64<<10, len(s)))
	}
	a.buf = append(a.buf, s...)
	b := a.buf[len(a.buf)-len(s):]
	return unsafe.String(&b[0], len(b))
}

func newColBuilder(slot []int, fields, rows int) *colBuilder {
	b := &colBuilder{slot: slot, ids: make([][]uint32, fields), dict: make([][]value.Value, fields),
		strs: make([]map[string]uint32, fields), nums: make([]map[uint64]uint32, fields), keys: make([]map[string]uint32, fields)}
	flat := make([]uint32, fields*rows)
	for f := range b.ids {
		b.ids[f] = flat[f*rows : (f+1)*rows : (f+1)*rows]
	}
	return b
}

// number returns v's number in field f's dictionary, adding it.
func (b *colBuilder) number(f int, v value.Value) uint32 {
	if v.Kind() == value.KindString {
		m := b.strs[f]
		if m == nil {
			m = map[string]uint32{}
			b.strs[f] = m
		}
		id, ok := m[v.String()]
		if !ok {
			// The key, and the value listed, are copied out of the
			// event's text: comparing a key with the text of events
			// spread over hundreds of MB misses the cache at each look-up,
			// while the copies sit together (many times faster for ids).
			k := b.text.clone(v.String())
			b.dict[f] = append(b.dict[f], value.Str(k))
			id = uint32(len(b.dict[f]))
			m[k] = id
		}
		return id
	}
	if n, ok := numberKey(v); ok {
		m := b.nums[f]
		if m == nil {
			m = map[uint64]uint32{}
			b.nums[f] = m
		}
		bits := math.Float64bits(n)
		id, ok := m[bits]
		if !ok {
			b.dict[f] = append(b.dict[f], v)
			id = uint32(len(b.dict[f]))
			m[bits] = id
		}
		return id
	}
	m := b.keys[f]
	if m == nil {
		m = map[string]uint32{}
		b.keys[f] = m
	}
	b.kb = datamodel.AppendValueKey(b.kb[:0], v)
	id, ok := m[string(b.kb)]
	if !ok {
		b.dict[f] = append(b.dict[f], v)
		id = uint32(len(b.dict[f]))
		m[string(b.kb)] = id
	}
	return id
}

// numberKey is the number that stands for a number value's text, when
// one does: a number that prints in full is told apart by its bits; one
// kept with a precision (5.0, 12.50) by the number its text reads as,
// when that number prints as the same text (5 read as 5 prints "5", like
// the exact 5), else not at all (12.50 is keyed by its text). So numbers
// of one text get one key, as datamodel.AppendValueKey gives them.
func numberKey(v value.Value) (float64, bool) {
	if n, ok := v.ExactNumber(); ok {
		return n, true
	}
	if v.Kind() != value.KindNumber {
		return 0, false
	}
	text := v.String()
	n, err := strconv.ParseFloat(text, 64)
	if err != nil || n != n || value.FormatNumber(n) != text {
		return 0, false
	}
	return n, true
}

// lookupID finds v in field f's dictionary.
func (b *colBuilder) lookupID(f int, v value.Value) (uint32, bool) {
	if v.Kind() == value.KindString {
		id, ok := b.strs[f][v.String()]
		return id, ok
	}
	if n, ok := numberKey(v); ok {
		id, ok := b.nums[f][math.Float64bits(n)]
		return id, ok
	}
	b.kb = datamodel.AppendValueKey(b.kb[:0], v)
	id, ok := b.keys[f][string(b.kb)]
	return id, ok
}

// scan numbers the fields of rows[lo:hi].
func (b *colBuilder) scan(d *dataset, lo, hi int) {
	want := make([]bool, len(d.rowNames))
	slots := map[string]int{}
	for id, f := range b.slot {
		if f >= 0 {
			want[id] = true
			slots[d.rowNames[id]] = f
		}
	}
	met := make([]bool, len(b.ids))
	var buf value.Fields
	for i := lo; i < hi; i++ {
		buf, _ = d.rows[i].decodeWant(d.rowNames, want, buf[:0])
		clear(met)
		for _, fv := range buf {
			f := slots[fv.Name]
			if met[f] {
				continue // a later occurrence: Lookup finds the first
			}
			met[f] = true
			if !fv.Value.IsNull() {
				b.ids[f][i-lo] = b.number(f, fv.Value)
			}
		}
	}
}

// buildColumns makes the columns of fields, those of no row field left
// out. The rows never change, so it needs no lock.
func (d *dataset) buildColumns(fields []string) map[string]*column {
	slot := make([]int, len(d.rowNames))
	for f := range slot {
		slot[f] = -1
	}
	var names []string
	for f, name := range d.rowNames {
		for _, want := range fields {
			if name == want && slot[f] < 0 {
				slot[f] = len(names)
				names = append(names, name)
			}
		}
	}
	nf, n := len(names), len(d.rows)
	if nf == 0 {
		return nil
	}
	parts := 1
	if n >= parallelColumns {
		parts = runtime.GOMAXPROCS(0)
	}
	bs := make([]*colBuilder, parts)
	var wg sync.WaitGroup
	for p := range bs {
		lo, hi := p*n/parts, (p+1)*n/parts
		bs[p] = newColBuilder(slot, nf, hi-lo)
		wg.Go(func() { bs[p].scan(d, lo, hi) })
	}
	wg.Wait()
	// The first range's numbers stand; each later range's values are
	// looked up in (or added to) them in that range's order, which is
	// the order one pass over all rows would have met them in.
	all := bs[0]
	ids := all.ids
	if parts > 1 {
		ids = make([][]uint32, nf)
		for f := range ids {
			ids[f] = make([]uint32, n)
			copy(ids[f], all.ids[f])
		}
	}
	for p := 1; p < parts; p++ {
		b, lo := bs[p], p*n/parts
		for f := 0; f < nf; f++ {
			remap := make([]uint32, len(b.dict[f])+1)
			for k, v := range b.dict[f] {
				id, ok := all.lookupID(f, v)
				if !ok {
					id = all.number(f, v)
				}
				remap[k+1] = id
			}
			for i, local := range b.ids[f] {
				ids[f][lo+i] = remap[local]
			}
		}
	}
	out := make(map[string]*column, nf)
	for f, name := range names {
		out[name] = &column{ids: ids[f], dict: all.dict[f]}
	}
	return out
}

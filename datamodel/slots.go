package datamodel

import (
	"sync/atomic"

	"github.com/spelunk-dev/spelunk/value"
)

// fieldSlot finds one named field of rows where it was found last: rows
// of a source mostly share their layout, and a row is a linear list that
// the knowledge and the datasets' calculations look up and set some 100
// times an event. The hint is atomic, as engine's fieldRef's is, so that
// a slot shared between goroutines is only slower, never wrong.
type fieldSlot struct {
	name string
	hint atomic.Int32
}

func newFieldSlot(name string) *fieldSlot { return &fieldSlot{name: name} }

// index is row.Index(s.name).
func (s *fieldSlot) index(row value.Fields) int {
	if h := int(s.hint.Load()); h < len(row) && row[h].Name == s.name {
		return h
	}
	for i := range row {
		if row[i].Name == s.name {
			s.hint.Store(int32(i))
			return i
		}
	}
	return -1
}

// lookup is row.Lookup(s.name).
func (s *fieldSlot) lookup(row value.Fields) (value.Value, bool) {
	if i := s.index(row); i >= 0 {
		return row[i].Value, true
	}
	return value.Null, false
}

// get is row.Get(s.name).
func (s *fieldSlot) get(row value.Fields) value.Value {
	v, _ := s.lookup(row)
	return v
}

// set is row.Set(s.name, v). With names, a filter of the names row
// holds, a name the filter lacks is appended without a scan; set adds
// the names it appends to it.
func (s *fieldSlot) set(row *value.Fields, v value.Value, names *nameFilter) {
	r := *row
	i := -1
	if h := int(s.hint.Load()); h < len(r) && r[h].Name == s.name {
		i = h
	} else if names == nil || names.has(s.name) {
		i = s.index(r)
	}
	switch {
	case i >= 0 && v.IsNull():
		*row = append(r[:i], r[i+1:]...)
	case i >= 0:
		r[i].Value = v
	case !v.IsNull():
		// Stored only when it moved: an atomic store is a barrier.
		if int(s.hint.Load()) != len(r) {
			s.hint.Store(int32(len(r)))
		}
		*row = append(r, value.Field{Name: s.name, Value: v})
		if names != nil {
			names.add(s.name)
		}
	}
}

// nameFilter is a 256-bit Bloom filter of field names (one bit each): a
// name it lacks is in none of the rows' fields it was given.
type nameFilter [4]uint64

func nameBit(name string) uint {
	n := uint(len(name))
	if n == 0 {
		return 0
	}
	return (n*31 + uint(name[0])*7 + uint(name[n-1])*131 + uint(name[n/2])*17 + uint(name[n/3])) & 255
}

func (f *nameFilter) add(name string) {
	b := nameBit(name)
	f[b>>6] |= 1 << (b & 63)
}

func (f *nameFilter) has(name string) bool {
	b := nameBit(name)
	return f[b>>6]&(1<<(b&63)) != 0
}

// filterOf is the filter of row's names.
func filterOf(row value.Fields) nameFilter {
	var f nameFilter
	for i := range row {
		f.add(row[i].Name)
	}
	return f
}

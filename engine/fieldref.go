package engine

import (
	"sync/atomic"

	"github.com/spelunk-dev/spelunk/value"
)

// fieldRef reads one named field of rows. Rows of one source share their
// layout, so the position where the field was last found is tried first;
// a row is a linear list, and a compiled expression reads the same field
// of thousands of rows. The hint is atomic because compiled expressions
// may be shared between goroutines.
type fieldRef struct {
	name string
	hint atomic.Int32
}

func newFieldRef(name string) *fieldRef { return &fieldRef{name: name} }

// get is value.Fields.Get.
func (f *fieldRef) get(r value.Fields) value.Value {
	if h := int(f.hint.Load()); h < len(r) && r[h].Name == f.name {
		return r[h].Value
	}
	for i := range r {
		if r[i].Name == f.name {
			f.hint.Store(int32(i))
			return r[i].Value
		}
	}
	return value.Null
}

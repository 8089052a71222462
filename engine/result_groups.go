package engine

import (
	"github.com/spelunk-dev/spelunk/value"
)

// groupRows is a result kept as the groups of its last command
// (Options.Compact): each group's BY values (their interned ids when
// the grouping numbered them) and aggregation results, in output order.
// A row is made when it is read, in a buffer the reader gives, instead
// of every row at once (for a grouping over every event, about as many
// rows as events).
type groupRows struct {
	names, aggNames []string
	n               int
	// ids are the groups' BY values' numbers in dicts, width to a
	// group; keys their values when the grouping did not number them.
	ids   []int32
	dicts [][]value.Value
	keys  []value.Value
	aggs  []value.Value // len(aggNames) to a group
}

// newGroupRows takes the groups' values in their order. Interned groups
// are read in the order they were made, which is the order of their
// slabs, states and ids, and each is put in its place (as grouper.rows
// does), on two goroutines for many.
func newGroupRows(gr *grouper, names []string, groups []*group) *groupRows {
	width, na := len(names), len(gr.aggs)
	s := &groupRows{names: names, n: len(groups), aggs: make([]value.Value, len(groups)*na)}
	for _, a := range gr.aggs {
		s.aggNames = append(s.aggNames, a.name)
	}
	src, dst := groups, []int32(nil)
	t := gr.shared
	if t != nil && len(t.groups) == len(groups) {
		src, dst = t.groups, make([]int32, len(groups))
		for k, grp := range groups {
			dst[grp.n] = int32(k)
		}
		s.ids, s.dicts = make([]int32, len(groups)*width), t.vals
	} else {
		s.keys = make([]value.Value, len(groups)*width)
	}
	fill := func(from, to int) {
		for k := from; k < to; k++ {
			grp, p := src[k], k
			if dst != nil {
				p = int(dst[k])
				copy(s.ids[p*width:(p+1)*width], t.ids[int(grp.n)*width:int(grp.n+1)*width])
			} else {
				for i := range width {
					s.keys[p*width+i] = gr.keyAt(grp, i)
				}
			}
			for j := range na {
				s.aggs[p*na+j] = grp.states[j].result()
			}
		}
	}
	inHalves(len(groups), fill)
	return s
}

// Len is the number of groups.
func (s *groupRows) Len() int { return s.n }

// Row is group i's row, as grouper.rows makes it, in buf's space.
func (s *groupRows) Row(i int, buf value.Fields) value.Fields {
	buf = buf[:0]
	width := len(s.names)
	for k, n := range s.names {
		var v value.Value
		if s.ids != nil {
			v = s.dicts[k][s.ids[i*width+k]]
		} else {
			v = s.keys[i*width+k]
		}
		buf = append(buf, value.Field{Name: n, Value: v})
	}
	na := len(s.aggNames)
	for j, n := range s.aggNames {
		buf = append(buf, value.Field{Name: n, Value: s.aggs[i*na+j]})
	}
	return buf
}

// Rows makes every group's row, each cut from a slab with its capacity
// ending at its width (as grouper.rows makes them).
func (s *groupRows) Rows() []value.Fields {
	return slabRows(s.n, len(s.names)+len(s.aggNames), s.Row)
}

// slabRows makes n rows of width fields with row, each cut from a slab
// of groupSlab rows with its capacity ending at its width.
func slabRows(n, width int, row func(i int, buf value.Fields) value.Fields) []value.Fields {
	rows := make([]value.Fields, n)
	var slab value.Fields
	for i := range rows {
		if len(slab) < width {
			slab = make(value.Fields, width*min(groupSlab, n-i))
		}
		rows[i] = row(i, slab[:0:width])
		slab = slab[width:]
	}
	return rows
}

// columns are every row's field names, in order.
func (s *groupRows) columns() []string {
	return append(append([]string(nil), s.names...), s.aggNames...)
}

// Len is the number of the result's rows.
func (r *Result) Len() int {
	if r.Compact != nil {
		return r.Compact.Len()
	}
	return len(r.Rows)
}

// Row is row i of the result. A compact result makes it in buf's space
// (valid until buf is used again); otherwise it is Rows[i] and buf is
// not used. Row may be called from several goroutines at once, each
// with its own buf.
func (r *Result) Row(i int, buf value.Fields) value.Fields {
	if r.Compact != nil {
		return r.Compact.Row(i, buf)
	}
	return r.Rows[i]
}

// Materialize makes a compact result's Rows, so that it can be read as
// any other.
func (r *Result) Materialize() {
	if r.Compact != nil {
		r.Rows = r.Compact.Rows()
		r.Compact = nil
	}
}

// emitGroups hands a grouping's groups to next and finishes it: kept as
// they are when next is the run's result and takes them, else as rows
// named by names.
func emitGroups(next stage, gr *grouper, names []string) error {
	groups := gr.sorted()
	last := next
	if g, ok := last.(*guardStage); ok {
		last = g.next // its finish still checks the run
	}
	if c, ok := last.(*limitedCollector); ok && c.takeGroups(gr, names, groups) {
		return next.finish()
	}
	if _, kept := last.(*limitedCollector); !kept && len(groups) > emitChunk {
		// Stages follow, which may drop or remake the rows (a rename, an
		// eval, a where): made a chunk at a time, the rows of many groups
		// are not all held at once, nor each stage's copies of them.
		for lo := 0; lo < len(groups); lo += emitChunk {
			if err := next.push(gr.rows(names, groups[lo:min(lo+emitChunk, len(groups))])); err != nil {
				return err
			}
		}
		return next.finish()
	}
	rows := gr.rows(names, groups)
	if len(rows) > 0 {
		if err := next.push(rows); err != nil {
			return err
		}
	}
	return next.finish()
}

// emitChunk is how many groups' rows emitGroups hands to the stages after
// it at once (a var for tests).
var emitChunk = 8192

// takeGroups keeps a grouping's groups as the result when the run lets
// it (compact), they are every row it gets and all are kept, and every
// row has the same fields in the same order.
func (c *limitedCollector) takeGroups(gr *grouper, names []string, groups []*group) bool {
	if !c.compact || len(c.rows) > 0 || c.groups != nil || len(groups) == 0 || (c.max > 0 && len(groups) > c.max) {
		return false
	}
	if _, ok := gr.plainWidth(names); !ok {
		return false
	}
	c.groups = newGroupRows(gr, names, groups)
	return true
}

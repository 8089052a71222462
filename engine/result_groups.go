package engine

import "github.com/spelunk-dev/spelunk/value"

// groupRows is a result kept as the groups of its last command
// (Options.Compact): each row is made when it is read, in a buffer the
// reader gives, instead of every row at once (for a grouping over every
// event, about as many rows as events).
type groupRows struct {
	gr     *grouper
	names  []string
	groups []*group
}

// Len is the number of groups.
func (s *groupRows) Len() int { return len(s.groups) }

// Rows makes every group's row.
func (s *groupRows) Rows() []value.Fields { return s.gr.rows(s.names, s.groups) }

// Row is group i's row, as grouper.rows makes it, in buf's space.
func (s *groupRows) Row(i int, buf value.Fields) value.Fields {
	grp := s.groups[i]
	buf = buf[:0]
	for k, n := range s.names {
		buf = append(buf, value.Field{Name: n, Value: s.gr.keyAt(grp, k)})
	}
	for k, a := range s.gr.aggs {
		buf = append(buf, value.Field{Name: a.name, Value: grp.states[k].result()})
	}
	return buf
}

// columns are every row's field names, in order.
func (s *groupRows) columns() []string {
	cols := append([]string(nil), s.names...)
	for _, a := range s.gr.aggs {
		cols = append(cols, a.name)
	}
	return cols
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
	rows := gr.rows(names, groups)
	if len(rows) > 0 {
		if err := next.push(rows); err != nil {
			return err
		}
	}
	return next.finish()
}

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
	c.groups = &groupRows{gr: gr, names: names, groups: groups}
	return true
}

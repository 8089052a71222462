package engine

import "github.com/spelunk-dev/spelunk/value"

// chart's functions over wildcard fields, `chart sum(*)` and
// `chart avg(*delay) AS d_* over host by org`: chart's stats-agg-term is
// `<stats-func> ( <evaled-field> | <wc-field> ) [AS <wc-field>]`, "a field
// or set of fields", and its Usage says "you must make the wildcard
// explicit: | chart sum(*)" (Search Reference 10.0, chart). timechart's
// <single-agg> allows none ("No wildcards are allowed"), so only chart
// takes them.
//
// Each field a pattern matches is a data series of its own, named as stats
// names it (sum(bytes), or by the AS pattern), in the order the fields
// first appear. As in stats, the pattern matches neither the row and
// column fields nor internal fields (unless it starts with "_"). Columns
// follow the rule of several functions: "<name>: <series>" under a
// split-by field when there are several data series after the expansion
// [UNCONFIRMED: the pages' sep and format name "multiple data series";
// spelunk counts each matched field as one].

// wildInput is the value of one field a wildcard function matched, in
// one row.
type wildInput struct {
	agg   int
	field string
	v     value.Value
}

// wildFields tracks, per wildcard function, the fields it matched in the
// order they first appeared.
type wildFields struct {
	aggs  []*compiledAgg
	names [][]dynField
	// match caches, per function, a field's output name (nil: the field
	// does not match).
	match []map[string]*dynField
}

// newWildFields returns nil when no function has a wildcard field.
func newWildFields(aggs []*compiledAgg) *wildFields {
	var w *wildFields
	for i, a := range aggs {
		if a.pattern == nil {
			continue
		}
		if w == nil {
			w = &wildFields{aggs: aggs, names: make([][]dynField, len(aggs)), match: make([]map[string]*dynField, len(aggs))}
		}
		w.match[i] = map[string]*dynField{}
	}
	return w
}

// inputs returns the row's values of the fields the wildcard functions
// match, leaving out the chart's row and column fields.
func (w *wildFields) inputs(r value.Fields, rowField, colField string) []wildInput {
	var out []wildInput
	for i, a := range w.aggs {
		if a.pattern == nil {
			continue
		}
		for _, f := range r {
			if f.Value.IsNull() || f.Name == rowField || f.Name == colField {
				continue
			}
			d, seen := w.match[i][f.Name]
			if !seen {
				if name, ok := a.matches(f.Name); ok {
					d = &dynField{field: f.Name, out: name}
					w.names[i] = append(w.names[i], *d)
				}
				w.match[i][f.Name] = d
			}
			if d != nil {
				out = append(out, wildInput{agg: i, field: f.Name, v: f.Value})
			}
		}
	}
	return out
}

// dataCols returns the chart's columns with each wildcard function's
// column replaced by one per field it matched.
func (c *chartCore) dataCols() []chartCol {
	if c.wild == nil {
		return c.cols
	}
	var out []chartCol
	for _, cc := range c.cols {
		if cc.agg < 0 || c.aggs[cc.agg].pattern == nil {
			out = append(out, cc)
			continue
		}
		for _, d := range c.wild.names[cc.agg] {
			out = append(out, chartCol{name: d.out, agg: cc.agg, field: d.field})
		}
	}
	return out
}

// firstSeries is what limit= and a bare where clause rank the series by:
// the first function, or for a wildcard one the first field it matched,
// and that function's input in an entry.
func (c *chartCore) firstSeries() (*compiledAgg, func(chartEntry) value.Value) {
	first := c.aggs[0]
	if first.pattern == nil {
		return first, func(e chartEntry) value.Value { return e.inputs[0] }
	}
	field := ""
	if names := c.wild.names[0]; len(names) > 0 {
		field = names[0].field
	}
	return first, func(e chartEntry) value.Value {
		for _, w := range e.wild {
			if w.agg == 0 && w.field == field {
				return w.v
			}
		}
		return value.Null
	}
}

// chartCell holds the states of one (row, series) cell: one per function,
// and per wildcard function one per field it matched.
type chartCell struct {
	states []aggState
	wild   []map[string]aggState
}

func (c *chartCore) newCell() *chartCell {
	cl := &chartCell{states: make([]aggState, len(c.aggs))}
	for i, a := range c.aggs {
		if a.pattern != nil {
			if cl.wild == nil {
				cl.wild = make([]map[string]aggState, len(c.aggs))
			}
			cl.wild[i] = map[string]aggState{}
			continue
		}
		cl.states[i] = a.newState()
	}
	return cl
}

// add feeds an entry to the cell's states.
func (cl *chartCell) add(aggs []*compiledAgg, e chartEntry) {
	for i, a := range aggs {
		if a.pattern == nil {
			cl.states[i].add(e.inputs[i], e.t)
		}
	}
	for _, w := range e.wild {
		st := cl.wild[w.agg][w.field]
		if st == nil {
			st = aggs[w.agg].newState()
			cl.wild[w.agg][w.field] = st
		}
		st.add(w.v, e.t)
	}
}

package engine

import (
	"sort"

	"github.com/spelunk-dev/spelunk/engine/value"
)

// grouper accumulates aggregation states per combination of BY values,
// for stats, tstats, chart and timechart.
//
// A row whose BY field is null belongs to no group (Splunk drops it:
// security_content writes fillnull before stats for that reason
// [UNCONFIRMED for stats; documented for tstats, SEMANTICS.md §6]). A
// multivalue BY field puts the row in the group of each of its values;
// a value repeated within the field counts again unless dedupSplit
// (stats dedup_splitvals=true).
type grouper struct {
	by         []string
	aggs       []*compiledAgg
	fill       *string                         // tstats fillnull_value
	transform  []func(value.Value) value.Value // per BY field, may be nil
	dedupSplit bool
	groups     map[string]*group
	order      []*group
	keyVals    [][]value.Value
	one        [][1]value.Value // per BY field: a single value as a list, without allocating
	key        []value.Value    // the combination of single values
	kb         []byte
	// dynNames lists, per wildcard aggregation, the fields it met in
	// order of first appearance, with their output names.
	dynNames [][]dynField
	dynSeen  []map[string]bool
	isBy     map[string]bool
}

type dynField struct{ field, out string }

type group struct {
	key    []value.Value
	states []aggState
	dyn    []map[string]aggState // per wildcard aggregation, by field
}

func newGrouper(by []string, aggs []*compiledAgg) *grouper {
	g := &grouper{by: by, aggs: aggs, groups: map[string]*group{}, keyVals: make([][]value.Value, len(by)),
		one: make([][1]value.Value, len(by)), key: make([]value.Value, len(by)),
		dynNames: make([][]dynField, len(aggs)), dynSeen: make([]map[string]bool, len(aggs)), isBy: map[string]bool{}}
	for i := range aggs {
		g.dynSeen[i] = map[string]bool{}
	}
	for _, b := range by {
		g.isBy[b] = true
	}
	return g
}

// keys calls fn with each BY combination the row belongs to.
func (g *grouper) keys(r value.Fields, fn func(key []value.Value) error) error {
	multi := false
	for i, f := range g.by {
		v := r.Get(f)
		if g.transform != nil && g.transform[i] != nil && !v.IsNull() {
			v = g.transform[i](v)
		}
		if v.IsNull() {
			if g.fill == nil {
				return nil
			}
			v = value.Str(*g.fill)
		}
		if !v.IsMulti() {
			// The common case: one value, one combination.
			g.one[i][0] = v
			g.keyVals[i] = g.one[i][:]
			g.key[i] = v
			continue
		}
		multi = true
		vals := v.Values()
		if g.dedupSplit && len(vals) > 1 {
			vals = dedupValues(vals)
		}
		g.keyVals[i] = vals
	}
	if !multi {
		return fn(g.key)
	}
	return forEachCombination(g.keyVals, fn)
}

func dedupValues(vals []value.Value) []value.Value {
	seen := map[string]bool{}
	var out []value.Value
	for _, v := range vals {
		if !seen[v.String()] {
			seen[v.String()] = true
			out = append(out, v)
		}
	}
	return out
}

// keyBytes encodes a combination for the group map, in a buffer reused
// from one row to the next.
func (g *grouper) keyBytes(key []value.Value) []byte {
	g.kb = g.kb[:0]
	for _, k := range key {
		g.kb = append(g.kb, k.String()...)
		g.kb = append(g.kb, 0)
	}
	return g.kb
}

// keyString is keyBytes as a string of its own.
func (g *grouper) keyString(key []value.Value) string { return string(g.keyBytes(key)) }

// group returns the group of a combination, creating it.
func (g *grouper) group(key []value.Value) *group {
	kb := g.keyBytes(key)
	grp := g.groups[string(kb)] // no copy for a lookup
	if grp == nil {
		k := string(kb)
		grp = &group{key: append([]value.Value(nil), key...), states: make([]aggState, len(g.aggs)), dyn: make([]map[string]aggState, len(g.aggs))}
		for i, a := range g.aggs {
			if a.pattern != nil {
				grp.dyn[i] = map[string]aggState{}
				continue
			}
			grp.states[i] = a.newState()
		}
		g.groups[k] = grp
		g.order = append(g.order, grp)
	}
	return grp
}

// add feeds one row to the groups it belongs to.
func (g *grouper) add(r value.Fields) error {
	t := rowTime(r)
	return g.keys(r, func(key []value.Value) error {
		g.feed(g.group(key), r, t)
		return nil
	})
}

// feed adds one row to a group's states.
func (g *grouper) feed(grp *group, r value.Fields, t float64) {
	for i, a := range g.aggs {
		if a.pattern == nil {
			grp.states[i].add(a.input(r), t)
			continue
		}
		for _, f := range r {
			if g.isBy[f.Name] || f.Value.IsNull() {
				continue
			}
			out, ok := a.matches(f.Name)
			if !ok {
				continue
			}
			st := grp.dyn[i][f.Name]
			if st == nil {
				st = a.newState()
				grp.dyn[i][f.Name] = st
			}
			if !g.dynSeen[i][f.Name] {
				g.dynSeen[i][f.Name] = true
				g.dynNames[i] = append(g.dynNames[i], dynField{f.Name, out})
			}
			st.add(f.Value, t)
		}
	}
}

// results lists a group's output fields in order: each aggregation, a
// wildcard one expanded to the fields it met.
func (g *grouper) results(grp *group) []value.Field {
	var out []value.Field
	for i, a := range g.aggs {
		if a.pattern == nil {
			out = append(out, value.Field{Name: a.name, Value: grp.states[i].result()})
			continue
		}
		for _, d := range g.dynNames[i] {
			var v value.Value
			if st := grp.dyn[i][d.field]; st != nil {
				v = st.result()
			} else {
				v = a.newState().result()
			}
			out = append(out, value.Field{Name: d.out, Value: v})
		}
	}
	return out
}

// sorted returns the groups in output order. Without BY there is always
// one group, even over no rows (stats count gives 0).
func (g *grouper) sorted() []*group {
	if len(g.by) == 0 && len(g.order) == 0 {
		g.group(nil)
	}
	out := append([]*group(nil), g.order...)
	sortGroups(out)
	return out
}

// rows renders groups as rows: the BY fields under the names given, then
// every aggregation, null ones included so columns keep their order.
func (g *grouper) rows(names []string, groups []*group) []value.Fields {
	rows := make([]value.Fields, 0, len(groups))
	for _, grp := range groups {
		row := make(value.Fields, 0, len(names)+len(g.aggs))
		for i, n := range names {
			row = append(row, value.Field{Name: n, Value: grp.key[i]})
		}
		for _, f := range g.results(grp) {
			row = setKeep(row, f.Name, f.Value)
		}
		rows = append(rows, row)
	}
	return rows
}

// setKeep sets a field, keeping it as a null column when v is null.
func setKeep(r value.Fields, name string, v value.Value) value.Fields {
	if i := r.Index(name); i >= 0 {
		r[i].Value = v
		return r
	}
	return append(r, value.Field{Name: name, Value: v})
}

// sortGroups orders groups by their BY values, field by field: two
// numbers compare numerically, anything else as text in UTF-8 byte order,
// as sort's automatic collation does [UNCONFIRMED: SEMANTICS.md §6 says
// only "sorted ascending by the BY fields"; Splunk lists hours 0..23 in
// numeric order].
func sortGroups(gs []*group) {
	sort.SliceStable(gs, func(i, j int) bool {
		return compareKeys(gs[i].key, gs[j].key) < 0
	})
}

func compareKeys(a, b []value.Value) int {
	for k := range a {
		if c := value.CompareAuto(a[k], b[k]); c != 0 {
			return c
		}
	}
	return 0
}

// forEachCombination calls fn with every choice of one value per slot.
func forEachCombination(slots [][]value.Value, fn func([]value.Value) error) error {
	key := make([]value.Value, len(slots))
	var rec func(i int) error
	rec = func(i int) error {
		if i == len(slots) {
			return fn(key)
		}
		for _, v := range slots[i] {
			key[i] = v
			if err := rec(i + 1); err != nil {
				return err
			}
		}
		return nil
	}
	return rec(0)
}

package engine

import (
	"sort"
	"strings"

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
	kb         strings.Builder
}

type group struct {
	key    []value.Value
	states []aggState
}

func newGrouper(by []string, aggs []*compiledAgg) *grouper {
	return &grouper{by: by, aggs: aggs, groups: map[string]*group{}, keyVals: make([][]value.Value, len(by))}
}

// keys calls fn with each BY combination the row belongs to.
func (g *grouper) keys(r value.Fields, fn func(key []value.Value) error) error {
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
		vals := v.Values()
		if g.dedupSplit && len(vals) > 1 {
			vals = dedupValues(vals)
		}
		g.keyVals[i] = vals
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

// keyString encodes a combination for the group map.
func (g *grouper) keyString(key []value.Value) string {
	g.kb.Reset()
	for _, k := range key {
		g.kb.WriteString(k.String())
		g.kb.WriteByte(0)
	}
	return g.kb.String()
}

// group returns the group of a combination, creating it.
func (g *grouper) group(key []value.Value) *group {
	k := g.keyString(key)
	grp := g.groups[k]
	if grp == nil {
		grp = &group{key: append([]value.Value(nil), key...), states: make([]aggState, len(g.aggs))}
		for i, a := range g.aggs {
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
		grp := g.group(key)
		for i, a := range g.aggs {
			grp.states[i].add(a.input(r), t)
		}
		return nil
	})
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
		for i, a := range g.aggs {
			row = setKeep(row, a.name, grp.states[i].result())
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

package engine

import (
	"cmp"
	"runtime"
	"slices"
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/value"
)

// grouper accumulates aggregation states per combination of BY values,
// for stats, tstats, chart and timechart.
//
// A row whose BY field is null belongs to no group (Splunk drops it:
// security_content writes fillnull before stats for that reason
// [UNCONFIRMED for stats; documented for tstats, docs/SEMANTICS.md §6]). A
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
	// slabs the next groups are cut from (see newGroup)
	groupSlab []group
	keySlab   []value.Value
	stateSlab []aggState
	// intern, when set, finds groups by their values' numbers
	// (internedKeys) instead of by the map of joined texts.
	intern *internedKeys
	// shared tells the keys of groups without their own once intern is
	// done finding groups.
	shared *internedKeys
	// makers give each aggregation's new states from slabs, by the
	// kind of state (nil: not worked out yet).
	makers []func() aggState
}

type dynField struct{ field, out string }

type group struct {
	// key is nil for a group whose key is its interned ids' values
	// (grouper.keyAt).
	key    []value.Value
	states []aggState
	dyn    []map[string]aggState // per wildcard aggregation, by field (nil without one)
	n      int32                 // the group's number in internedKeys
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
	if g.intern != nil {
		return g.intern.group(g, key)
	}
	kb := g.keyBytes(key)
	grp := g.groups[string(kb)] // no copy for a lookup
	if grp == nil {
		k := string(kb)
		grp = g.newGroup(key)
		g.groups[k] = grp
		g.order = append(g.order, grp)
	}
	return grp
}

// groupSlab is how many groups, keys and states are allocated at once, at
// most: a grouping over every event makes a group of almost each, and one
// allocation per group and per part of it was most of its time. Slabs
// grow with the groups, so that a few groups cost little.
const groupSlab = 256

// newGroup makes a group with its own copy of key, from slabs.
func (g *grouper) newGroup(key []value.Value) *group {
	return g.newGroupWith(key, func(_ int, v value.Value) value.Value { return v.Detach() })
}

// newGroupWith is newGroup, the key's values kept as keep gives them.
func (g *grouper) newGroupWith(key []value.Value, keep func(i int, v value.Value) value.Value) *group {
	slab := min(groupSlab, max(4, len(g.order)))
	if len(g.groupSlab) == 0 {
		g.groupSlab = make([]group, slab)
	}
	grp := &g.groupSlab[0]
	g.groupSlab = g.groupSlab[1:]
	if n := len(key); n > 0 {
		if len(g.keySlab) < n {
			g.keySlab = make([]value.Value, n*slab)
		}
		grp.key = g.keySlab[:n:n]
		g.keySlab = g.keySlab[n:]
		for i, k := range key {
			grp.key[i] = keep(i, k)
		}
	}
	if n := len(g.aggs); n > 0 {
		if len(g.stateSlab) < n {
			g.stateSlab = make([]aggState, n*slab)
		}
		grp.states = g.stateSlab[:n:n]
		g.stateSlab = g.stateSlab[n:]
	}
	for i, a := range g.aggs {
		if a.pattern != nil {
			if grp.dyn == nil {
				grp.dyn = make([]map[string]aggState, len(g.aggs))
			}
			grp.dyn[i] = map[string]aggState{}
			continue
		}
		grp.states[i] = g.newState(i)
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

// sorted returns the groups in output order, once every row is in: the
// grouper lets go of its index of them (200,000 groups' keys are tens of
// MB). Without BY there is always one group, even over no rows (stats
// count gives 0).
func (g *grouper) sorted() []*group {
	if len(g.by) == 0 && len(g.order) == 0 {
		g.group(nil)
	}
	if t := g.intern; t != nil {
		out, ok := t.sorted(len(g.order))
		g.intern, t.slots, t.dicts = nil, nil, nil
		if ok {
			g.order, g.groups, g.shared = nil, nil, t
			return out
		}
		if len(t.groups) == len(g.order) {
			// Sorted as sortGroups sorts, each value's sort key made
			// once, not a key of values made for every group (for
			// 60,000 groups of 7 fields, 16 MB held while they sort
			// and their rows are made).
			out = g.order
			g.order, g.groups, g.shared, t.groups = nil, nil, t, nil
			t.sortGroups(out)
			return out
		}
		t.groups = nil
		t.keys(g.order)
	}
	out := g.order
	g.order, g.groups = nil, nil
	sortGroups(out)
	return out
}

// rows renders groups as rows: the BY fields under the names given, then
// every aggregation, null ones included so columns keep their order.
func (g *grouper) rows(names []string, groups []*group) []value.Fields {
	if width, ok := g.plainWidth(names); ok {
		rows := make([]value.Fields, len(groups))
		// Interned groups are read in the order they were made, which
		// is the order of their slabs, states and ids, and each row is
		// put in its group's place: in sorted order every group was a
		// few cache misses.
		src, dst := groups, []int32(nil)
		if t := g.shared; t != nil && len(t.groups) == len(groups) {
			src, dst = t.groups, make([]int32, len(groups))
			for k, grp := range groups {
				dst[grp.n] = int32(k)
			}
		}
		fill := func(from, to int) {
			// Rows are cut from slabs of 256 (an allocation each was
			// most of this); each row's capacity ends at its width, so
			// a later stage that appends to one copies it first.
			var slab value.Fields
			for k := from; k < to; k++ {
				grp := src[k]
				if len(slab) < width {
					slab = make(value.Fields, width*min(groupSlab, to-k))
				}
				row := slab[:0:width]
				slab = slab[width:]
				for i, n := range names {
					row = append(row, value.Field{Name: n, Value: g.keyAt(grp, i)})
				}
				for i, a := range g.aggs {
					row = append(row, value.Field{Name: a.name, Value: grp.states[i].result()})
				}
				if dst != nil {
					rows[dst[k]] = row
				} else {
					rows[k] = row
				}
			}
		}
		// Each group is read by one goroutine: a half each for many.
		inHalves(len(groups), fill)
		return rows
	}
	rows := make([]value.Fields, 0, len(groups))
	for _, grp := range groups {
		row := make(value.Fields, 0, len(names)+len(g.aggs))
		for i, n := range names {
			row = append(row, value.Field{Name: n, Value: g.keyAt(grp, i)})
		}
		for _, f := range g.results(grp) {
			row = setKeep(row, f.Name, f.Value)
		}
		rows = append(rows, row)
	}
	return rows
}

// plainWidth is the width of every row when no aggregation has a
// wildcard and all output names differ, so that no result replaces
// another and rows need not be searched as they are made.
func (g *grouper) plainWidth(names []string) (int, bool) {
	seen := make(map[string]bool, len(names)+len(g.aggs))
	for _, n := range names {
		if seen[n] {
			return 0, false
		}
		seen[n] = true
	}
	for _, a := range g.aggs {
		if a.pattern != nil || seen[a.name] {
			return 0, false
		}
		seen[a.name] = true
	}
	return len(names) + len(g.aggs), true
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
// as sort's automatic collation does [UNCONFIRMED: docs/SEMANTICS.md §6 says
// only "sorted ascending by the BY fields"; Splunk lists hours 0..23 in
// numeric order].
func sortGroups(gs []*group) {
	if len(gs) < 2 {
		return
	}
	// Each value's numeric reading and text are taken once, not at
	// every comparison (a number's text is made anew each time); the
	// comparison is CompareAuto's, so the order is the same.
	width := len(gs[0].key)
	for _, grp := range gs {
		if len(grp.key) != width {
			sort.SliceStable(gs, func(i, j int) bool { return compareKeys(gs[i].key, gs[j].key) < 0 })
			return
		}
	}
	flat := make([]sortKey, len(gs)*width)
	es := make([]sortEntry, len(gs))
	for i, grp := range gs {
		ks := flat[i*width : (i+1)*width]
		for k, v := range grp.key {
			ks[k] = sortKeyOf(v)
		}
		es[i] = sortEntry{grp, ks, i}
	}
	sortEntries(es, flat, width)
	for i, e := range es {
		gs[i] = e.grp
	}
}

// sortKeyOf is v as sortGroups compares it: its text and numeric reading.
func sortKeyOf(v value.Value) sortKey {
	k := sortKey{s: v.String(), null: v.IsNull()}
	k.n, k.num = v.Number()
	return k
}

// sortEntries orders es, whose keys are flat (width to an entry), as
// sortGroups orders groups.
func sortEntries(es []sortEntry, flat []sortKey, width int) {
	byKeys := func(a, b sortEntry) int {
		for k := range a.keys {
			if c := a.keys[k].compare(&b.keys[k]); c != 0 {
				return c
			}
		}
		return 0
	}
	if consistentColumns(flat, width) {
		// The comparison is then a strict weak order, under which every
		// stable sort gives one result. Sorting by the first column,
		// then each run of equal values by the next, and so on (ties
		// broken by position) gives it with few comparisons past the
		// first columns, which mostly decide.
		rankColumns(flat, width)
		sortRunsParallel(es, width)
	} else {
		// Text and numbers in one column do not order transitively
		// ("9" < "10" < "1a" < "9"), so a stable sort's result depends
		// on where it starts: start from the keys' text order, which
		// the order the rows came in does not change.
		slices.SortFunc(es, byText)
		slices.SortStableFunc(es, byKeys)
	}
}

// consistentColumns reports whether each column of keys (width values a
// row) has only numbers or only non-numbers besides nulls.
func consistentColumns(keys []sortKey, width int) bool {
	for k := range width {
		seenNum, seenText := false, false
		for i := k; i < len(keys); i += width {
			switch {
			case keys[i].null:
			case keys[i].num:
				seenNum = true
			default:
				seenText = true
			}
		}
		if seenNum && seenText {
			return false
		}
	}
	return true
}

// sortEntry is a group with its keys as sortKeys and its position.
type sortEntry struct {
	grp  *group
	keys []sortKey
	pos  int
}

// sortRuns orders es by their keys from column k on, then by position.
func sortRuns(es []sortEntry, k, width int) {
	if len(es) < 2 {
		return
	}
	if k == width {
		slices.SortFunc(es, byText)
		return
	}
	slices.SortFunc(es, func(a, b sortEntry) int {
		if c := a.keys[k].compare(&b.keys[k]); c != 0 {
			return c
		}
		return cmp.Compare(a.pos, b.pos)
	})
	for i := 0; i < len(es); {
		j := i + 1
		for j < len(es) && es[i].keys[k].compare(&es[j].keys[k]) == 0 {
			j++
		}
		sortRuns(es[i:j], k+1, width)
		i = j
	}
}

// parallelSortMin is how many groups make sorting them on two goroutines
// pay (a var for tests).
var parallelSortMin = 1 << 14

// inHalves runs work over [0, n): a half on each of two goroutines when n
// is at least parallelSortMin and there are two cores, else on this one.
func inHalves(n int, work func(lo, hi int)) {
	if n < parallelSortMin || runtime.GOMAXPROCS(0) < 2 {
		work(0, n)
		return
	}
	half := n / 2
	done := make(chan struct{})
	go func() {
		defer close(done)
		work(0, half)
	}()
	work(half, n)
	<-done
}

// sortRunsParallel is sortRuns(es, 0, width) with each half of a large es
// sorted on its own goroutine, then the halves merged: sortRuns' order is
// total (ties end at the position), so the merge gives the same result.
func sortRunsParallel(es []sortEntry, width int) {
	if len(es) < parallelSortMin || runtime.GOMAXPROCS(0) < 2 {
		sortRuns(es, 0, width)
		return
	}
	half := len(es) / 2
	done := make(chan struct{})
	go func() {
		defer close(done)
		sortRuns(es[:half], 0, width)
	}()
	sortRuns(es[half:], 0, width)
	<-done
	merged := make([]sortEntry, 0, len(es))
	a, b := es[:half], es[half:]
	for len(a) > 0 && len(b) > 0 {
		if entryOrder(&b[0], &a[0]) < 0 {
			merged, b = append(merged, b[0]), b[1:]
		} else {
			merged, a = append(merged, a[0]), a[1:]
		}
	}
	merged = append(append(merged, a...), b...)
	copy(es, merged)
}

// entryOrder is sortRuns' order: the keys column by column, then their
// text, then the position.
func entryOrder(a, b *sortEntry) int {
	for k := range a.keys {
		if c := a.keys[k].compare(&b.keys[k]); c != 0 {
			return c
		}
	}
	return byText(*a, *b)
}

// byText orders entries whose keys compare equal (1 and 1.0, or text
// against numbers) by their keys' text, then by position: an order that
// does not depend on the order the rows came in, since a group's text is
// its identity.
func byText(a, b sortEntry) int {
	for k := range a.keys {
		if c := strings.Compare(a.keys[k].s, b.keys[k].s); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.pos, b.pos)
}

// sortKey is a value as value.CompareAuto reads it.
type sortKey struct {
	s         string
	n         float64
	num, null bool
	// ranked says rank orders the key within its column (rankColumns):
	// every key of the column is ranked then.
	ranked bool
	rank   int32
}

func (a *sortKey) compare(b *sortKey) int {
	if a.ranked {
		return cmp.Compare(a.rank, b.rank)
	}
	if a.null || b.null {
		switch {
		case a.null && b.null:
			return 0
		case a.null:
			return -1
		}
		return 1
	}
	if a.num && b.num {
		return cmp.Compare(a.n, b.n)
	}
	return strings.Compare(a.s, b.s)
}

// rankMin is how many groups make ranking their columns pay (a var for
// tests).
var rankMin = 4096

// rankColumns gives the keys of each column of few distinct values their
// rank among the column's values (equal keys, equal ranks), so that the
// sort compares integers rather than text with long common prefixes
// (400 host names over 200,000 groups). A column of mostly distinct
// values is left as it is: hashing them costs more than it saves. The
// columns must be consistent (consistentColumns), so that compare is a
// strict weak order and ranks keep it.
func rankColumns(keys []sortKey, width int) {
	n := 0
	if width > 0 {
		n = len(keys) / width
	}
	if n < rankMin {
		return
	}
	// The columns are shared between two goroutines, each writing only
	// its own columns' keys.
	rankFrom := func(first int) {
		idx := make([]int32, n)
		for k := first; k < width; k += 2 {
			if distinct, ok := columnIDs(keys, width, k, idx); ok {
				rank := ranksOf(distinct)
				for i := range n {
					key := &keys[i*width+k]
					key.rank, key.ranked = rank[idx[i]], true
				}
			}
		}
	}
	if width < 2 || runtime.GOMAXPROCS(0) < 2 {
		rankFrom(0)
		rankFrom(1)
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		rankFrom(1)
	}()
	rankFrom(0)
	<-done
}

// columnIDs numbers the distinct keys of column k in idx and returns
// them; ok is false when they are more than an eighth of the rows, or
// when one text reads as two numbers (a number printed with fewer
// digits than it holds), which the text alone would not tell apart.
func columnIDs(keys []sortKey, width, k int, idx []int32) (distinct []sortKey, ok bool) {
	ids := map[string]int32{}
	null := int32(-1)
	for i := range idx {
		key := &keys[i*width+k]
		switch id, seen := ids[key.s]; {
		case key.null:
			if null < 0 {
				null = int32(len(distinct))
				distinct = append(distinct, *key)
			}
			idx[i] = null
		case seen:
			if d := &distinct[id]; d.num != key.num || d.n != key.n {
				return nil, false
			}
			idx[i] = id
		default:
			if len(distinct) >= len(idx)/8 {
				return nil, false
			}
			id = int32(len(distinct))
			ids[key.s] = id
			distinct = append(distinct, *key)
			idx[i] = id
		}
	}
	return distinct, true
}

// ranksOf ranks keys by compare: rank[i] is the number of distinct
// smaller values than keys[i].
func ranksOf(keys []sortKey) []int32 {
	order := make([]int32, len(keys))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return keys[a].compare(&keys[b]) })
	rank := make([]int32, len(keys))
	r := int32(0)
	for j, d := range order {
		if j > 0 && keys[order[j-1]].compare(&keys[d]) != 0 {
			r++
		}
		rank[d] = r
	}
	return rank
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

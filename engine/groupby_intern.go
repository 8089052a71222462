package engine

import (
	"math/bits"
	"slices"

	"github.com/spelunk-dev/spelunk/value"
)

// internedKeys finds groups by their BY values numbered per column: each
// column's distinct texts get an id on first sight, and a group is found
// by the tuple of its ids in a flat open-addressed table, instead of a
// map keyed by the joined texts (one key string made and hashed per row,
// one copy of each value per group). A group's identity is the same as
// keyBytes gives: the text of each value. Grouping over every event of a
// large dataset makes a group of almost each row, so this is where such
// a grouping spends its time.
type internedKeys struct {
	width int
	dicts []map[string]int32
	// vals are, per column, the value first met with each text, copied
	// out of the row: groups share them instead of copying their own.
	vals [][]value.Value
	// varied is set once a value was met whose text an earlier, different
	// value had (1 and "1"): the columns' values then no longer tell
	// every group's key.
	varied bool
	ids    []int32 // group i's ids at i*width
	groups []*group
	slots  []int32 // 0: empty; else a group's index + 1
	tuple  []int32 // scratch
}

// packedSortBits is how many bits the groups' ranks and index may take
// to sort as one integer (a var for tests).
var packedSortBits = 64

// internKeys makes g find its groups by internedKeys, when it has BY
// fields and has made no group yet.
func (g *grouper) internKeys() {
	if len(g.by) > 0 && len(g.order) == 0 {
		g.intern = newInternedKeys(len(g.by))
	}
}

func newInternedKeys(width int) *internedKeys {
	t := &internedKeys{width: width, dicts: make([]map[string]int32, width), vals: make([][]value.Value, width),
		slots: make([]int32, 1024), tuple: make([]int32, width)}
	for i := range t.dicts {
		t.dicts[i] = map[string]int32{}
	}
	return t
}

// group returns the group of a combination of single values, creating
// it with newGroup.
func (t *internedKeys) group(g *grouper, key []value.Value) *group {
	for i, v := range key {
		t.tuple[i] = t.idOf(i, v)
	}
	return t.lookup(g, key)
}

// idOf is the number of v's text in column i, v becoming the column's
// value for its text when it is the first with it.
func (t *internedKeys) idOf(i int, v value.Value) int32 {
	s := v.String()
	id, ok := t.dicts[i][s]
	if !ok {
		id = int32(len(t.vals[i]))
		d := v.Detach()
		t.dicts[i][d.String()] = id
		t.vals[i] = append(t.vals[i], d)
	} else if !sameText(t.vals[i][id], v) {
		t.varied = true
	}
	return id
}

// lookup returns the group of the ids in t.tuple, whose values are key,
// creating it with newGroup.
func (t *internedKeys) lookup(g *grouper, key []value.Value) *group {
	h := uint64(14695981039346656037)
	for _, id := range t.tuple {
		h = (h ^ uint64(id)) * 1099511628211
		h ^= h >> 29
	}
	mask := uint64(len(t.slots) - 1)
	for s := h & mask; ; s = (s + 1) & mask {
		gi := t.slots[s]
		if gi == 0 {
			grp := t.newGroup(g, key)
			t.slots[s] = int32(len(t.groups))
			if 2*len(t.groups) > len(t.slots) {
				t.grow()
			}
			return grp
		}
		if slices.Equal(t.ids[int(gi-1)*t.width:int(gi)*t.width], t.tuple) {
			return t.groups[gi-1]
		}
	}
}

// newGroup makes the group of the ids in t.tuple: its key shares the
// columns' values where they are the row's own.
func (t *internedKeys) newGroup(g *grouper, key []value.Value) *group {
	own := false
	for i, v := range key {
		own = own || !sameText(t.vals[i][t.tuple[i]], v)
	}
	var grp *group
	if own {
		grp = g.newGroupWith(key, func(i int, v value.Value) value.Value {
			if d := t.vals[i][t.tuple[i]]; sameText(d, v) {
				return d
			}
			return v.Detach()
		})
	} else {
		// The key is the columns' values: the ids tell it.
		grp = g.newGroupWith(nil, nil)
	}
	grp.n = int32(len(t.groups))
	t.ids = append(t.ids, t.tuple...)
	t.groups = append(t.groups, grp)
	g.order = append(g.order, grp)
	return grp
}

// sameText reports whether two values of the same text are the same
// value: two strings of one text are (a string value is its text alone),
// others are compared whole.
func sameText(a, b value.Value) bool {
	if a.Kind() == value.KindString && b.Kind() == value.KindString {
		return true
	}
	return a == b
}

// keyAt is the value of a group's i-th BY field.
func (g *grouper) keyAt(grp *group, i int) value.Value {
	if grp.key != nil {
		return grp.key[i]
	}
	t := g.shared
	return t.vals[i][t.ids[int(grp.n)*t.width+i]]
}

// keys gives the groups without their own key one made of their ids'
// values, for the sort of keys.
func (t *internedKeys) keys(gs []*group) {
	for _, grp := range gs {
		if grp.key == nil {
			grp.key = make([]value.Value, t.width)
			for i, id := range t.ids[int(grp.n)*t.width : int(grp.n+1)*t.width] {
				grp.key[i] = t.vals[i][id]
			}
		}
	}
}

// sortGroups orders gs, t's groups, as sortGroups orders them by their
// keys: a group's key is its own, or its ids' values, whose sort keys are
// made once per value.
func (t *internedKeys) sortGroups(gs []*group) {
	if len(gs) < 2 {
		return
	}
	width := t.width
	cols := make([][]sortKey, width)
	for k, vals := range t.vals {
		cols[k] = make([]sortKey, len(vals))
		for i, v := range vals {
			cols[k][i] = sortKeyOf(v)
		}
	}
	flat := make([]sortKey, len(gs)*width)
	es := make([]sortEntry, len(gs))
	for i, grp := range gs {
		ks := flat[i*width : (i+1)*width]
		if grp.key != nil {
			for k, v := range grp.key {
				ks[k] = sortKeyOf(v)
			}
		} else {
			for k, id := range t.ids[int(grp.n)*width : int(grp.n+1)*width] {
				ks[k] = cols[k][id]
			}
		}
		es[i] = sortEntry{grp, ks, i}
	}
	sortEntries(es, flat, width)
	for i, e := range es {
		gs[i] = e.grp
	}
}

// grow doubles the table and places every group again.
func (t *internedKeys) grow() {
	t.slots = make([]int32, 2*len(t.slots))
	mask := uint64(len(t.slots) - 1)
	for gi := range t.groups {
		h := uint64(14695981039346656037)
		for _, id := range t.ids[gi*t.width : (gi+1)*t.width] {
			h = (h ^ uint64(id)) * 1099511628211
			h ^= h >> 29
		}
		s := h & mask
		for t.slots[s] != 0 {
			s = (s + 1) & mask
		}
		t.slots[s] = int32(gi + 1)
	}
}

// sorted returns the groups in sortGroups' order, and false when it
// cannot tell it from the columns alone: when some column mixes numbers
// and text (sortGroups' stable sort then decides), two of its texts
// compare equal (1 and 1.0: their text then decides), or a group's key
// is not made of the columns' values. Otherwise each column's distinct
// values are ranked once, every two groups differ in some column's rank,
// and the groups sort by their ranks alone, packed into one integer when
// they fit.
func (t *internedKeys) sorted(all int) ([]*group, bool) {
	if t.varied || len(t.groups) != all || all < 2 {
		return nil, false
	}
	ranks := make([][]int32, t.width)
	bitsUsed := bits.Len(uint(len(t.groups)))
	for k, vals := range t.vals {
		keys := make([]sortKey, len(vals))
		seenNum, seenText := false, false
		for i, v := range vals {
			keys[i] = sortKeyOf(v)
			switch {
			case keys[i].null:
			case keys[i].num:
				seenNum = true
			default:
				seenText = true
			}
		}
		if seenNum && seenText {
			return nil, false
		}
		order := make([]int32, len(keys))
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortFunc(order, func(a, b int32) int { return keys[a].compare(&keys[b]) })
		rank := make([]int32, len(keys))
		for j, d := range order {
			if j > 0 && keys[order[j-1]].compare(&keys[d]) == 0 {
				return nil, false
			}
			rank[d] = int32(j)
		}
		ranks[k] = rank
		bitsUsed += bits.Len(uint(len(vals)))
	}
	n := len(t.groups)
	out := make([]*group, n)
	if bitsUsed <= packedSortBits {
		packed := make([]uint64, n)
		idxBits := bits.Len(uint(n))
		for gi := range n {
			var p uint64
			for k, id := range t.ids[gi*t.width : (gi+1)*t.width] {
				p = p<<bits.Len(uint(len(t.vals[k]))) | uint64(ranks[k][id])
			}
			packed[gi] = p<<idxBits | uint64(gi)
		}
		slices.Sort(packed)
		for i, p := range packed {
			out[i] = t.groups[p&(1<<idxBits-1)]
		}
		return out, true
	}
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int {
		return compareRanks(ranks, t.ids[int(a)*t.width:int(a+1)*t.width], t.ids[int(b)*t.width:int(b+1)*t.width])
	})
	for i, gi := range idx {
		out[i] = t.groups[gi]
	}
	return out, true
}

// newState makes aggregation i's state for a new group: count's and
// min's and max's from slabs of their own type (a grouping over every
// event made an allocation per group and function), the others as
// their function makes them.
func (g *grouper) newState(i int) aggState {
	if g.makers == nil {
		g.makers = make([]func() aggState, len(g.aggs))
	}
	if m := g.makers[i]; m != nil {
		return m()
	}
	proto := g.aggs[i].newState()
	switch p := proto.(type) {
	case *countAgg:
		g.makers[i] = slabMaker(*p)
	case *extremeAgg:
		g.makers[i] = slabMaker(*p)
	default:
		g.makers[i] = g.aggs[i].newState
	}
	return proto
}

// slabMaker gives states that start as init, cut from slabs.
func slabMaker[S any, P interface {
	*S
	aggState
}](init S) func() aggState {
	var slab []S
	return func() aggState {
		if len(slab) == 0 {
			slab = make([]S, groupSlab)
		}
		st := P(&slab[0])
		*st = init
		slab = slab[1:]
		return st
	}
}

// compareRanks orders two groups by the ranks of their ids, column by
// column.
func compareRanks(ranks [][]int32, ia, ib []int32) int {
	for k := range ia {
		if ra, rb := ranks[k][ia[k]], ranks[k][ib[k]]; ra != rb {
			if ra < rb {
				return -1
			}
			return 1
		}
	}
	return 0
}

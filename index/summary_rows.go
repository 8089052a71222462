package index

import (
	"cmp"
	"slices"
	"sort"
)

// sortKeys bounds the fields a row group is sorted by, and keyValues the
// distinct values a field may have to be one of them.
const (
	sortKeys  = 3
	keyValues = 64
)

// groupIDs numbers the texts of a row group's cells field by field, in
// the order the rows were made: there a cell mostly repeats the one
// before, and the texts are read in the order they lie in memory. The
// sort then compares numbers, and the columns written with a dictionary
// take each cell's entry by its number, without reading its text again
// in the sorted order (which reads the rows' texts all over memory).
type groupIDs struct {
	fields []*fieldIDs                // in the order met
	slots  map[*sumLayout][]*fieldIDs // each layout's cells' fields
	byName map[string]*fieldIDs
	// ids are the cells' numbers, row after row (-1: not numbered), and
	// start[i] where row i's begin.
	ids   []int32
	start []int32
	// spare are the fields of row groups written, emptied for the next:
	// each group's maps made anew grew (and were rehashed) again.
	spare []*fieldIDs
}

// numberDicts has the columns written with a dictionary take their cells'
// entries by number; tests turn it off to compare the parts with those
// written looking up each text.
var numberDicts = true

// filteredBy are the fields a tenth or more of the corpus's tstats
// searches of a dataset compare with a value without wildcards in their
// where (datasets of 5 searches or more; of Endpoint.Processes' 489:
// process_name 251, parent_process_name 84, original_file_name 49; of
// Web's 49: http_method 31, status 27). Sorted first, the seed
// detection's parent_process_name="wermgr.exe" keeps one run of W1's
// rows a group, where integrity level first (4 values) made four.
var filteredBy = setOf([]string{"action", "analyticstories", "app", "command", "dest_category",
	"dest_port", "file_name", "http_method", "mitre_tactic", "object_category", "original_file_name",
	"parent_process_name", "process_name", "record_type", "registry_value_data", "registry_value_name",
	"result_id", "risk_object_type", "signature", "src_category", "src_ip", "status", "transport"})

// fieldIDs are the texts of a field's cells in a row group: all of them
// for a field written with a dictionary, else only while they are at
// most keyValues (a field with more is no sort key).
type fieldIDs struct {
	name   string
	dict   bool
	capped bool // more than keyValues texts, not numbered further
	byText map[string]int32
	texts  []string // by number
	last   string
	lastID int32
	// pq is each number's entry in the dictionary of the row group's
	// column chunk, -1 before the first cell written (dict only).
	pq []int32
}

// number numbers the cells of batch; dict says which fields are written
// with a dictionary.
func (g *groupIDs) number(batch []sumRow, dict func(name string) bool) {
	g.fields, g.slots, g.byName = g.fields[:0], map[*sumLayout][]*fieldIDs{}, map[string]*fieldIDs{}
	g.ids, g.start = g.ids[:0], g.start[:0]
	var lastLay *sumLayout
	var sl []*fieldIDs
	for i := range batch {
		r := &batch[i]
		if r.lay != lastLay {
			sl = g.layout(r.lay, dict)
			lastLay = r.lay
		}
		g.start = append(g.start, int32(len(g.ids)))
		for k, f := range sl {
			g.ids = append(g.ids, f.id(r.texts[k]))
		}
	}
}

// release drops what refers to the row group's texts (which would keep
// them alive until the next), keeping the numbers' room.
func (g *groupIDs) release() {
	for _, f := range g.fields {
		clear(f.texts)
		*f = fieldIDs{byText: f.byText, texts: f.texts[:0], pq: f.pq[:0]}
		clear(f.byText)
		g.spare = append(g.spare, f)
	}
	clear(g.fields)
	g.fields, g.slots, g.byName = g.fields[:0], nil, nil
}

// layout is the fields of lay's cells, numbering the new ones.
func (g *groupIDs) layout(lay *sumLayout, dict func(string) bool) []*fieldIDs {
	if sl, ok := g.slots[lay]; ok {
		return sl
	}
	sl := make([]*fieldIDs, len(lay.names))
	for k, name := range lay.names {
		f := g.byName[name]
		if f == nil {
			if n := len(g.spare); n > 0 {
				f, g.spare = g.spare[n-1], g.spare[:n-1]
			} else {
				f = &fieldIDs{}
			}
			f.name, f.dict = name, dict(name)
			if f.byText == nil {
				f.byText = map[string]int32{}
			}
			g.byName[name] = f
			g.fields = append(g.fields, f)
		}
		sl[k] = f
	}
	g.slots[lay] = sl
	return sl
}

// id is t's number in f, -1 when f no longer numbers its texts.
func (f *fieldIDs) id(t string) int32 {
	if f.capped {
		return -1
	}
	if len(f.texts) > 0 && t == f.last {
		return f.lastID
	}
	id, ok := f.byText[t]
	if !ok {
		if !f.dict && len(f.texts) >= keyValues {
			f.capped, f.byText, f.texts = true, nil, nil
			return -1
		}
		id = int32(len(f.texts))
		f.byText[t] = id
		f.texts = append(f.texts, t)
		if f.dict {
			f.pq = append(f.pq, -1)
		}
	}
	f.last, f.lastID = t, id
	return id
}

// order is the order of batch's rows (numbered by number) in their row
// group: by the fields with the fewest distinct values (but one) in it,
// those searches filter on (filteredBy) first, then fewest first, then
// newest first and in the order read: the rows a filter on such a field
// keeps then lie together, in few pages, which the page index lets a
// scan read alone.
func (g *groupIDs) order(batch []sumRow) []sortKey {
	var keys []*fieldIDs
	for _, f := range g.fields {
		if !f.capped && len(f.texts) > 1 && len(f.texts) <= keyValues {
			keys = append(keys, f)
		}
	}
	// The fields searches filter on first: a filter on the first key
	// keeps one run of rows a group, on a later one a run per value of
	// those before it.
	sort.SliceStable(keys, func(i, j int) bool {
		if fi, fj := filteredBy[keys[i].name], filteredBy[keys[j].name]; fi != fj {
			return fi
		}
		return len(keys[i].texts) < len(keys[j].texts)
	})
	keys = keys[:min(len(keys), sortKeys)]
	// Each key's numbers by the rank of their texts ("" for a row without
	// the field), packed a byte a key: comparing the packs compares the
	// texts key by key.
	ranks := make([][]uint32, len(keys))
	for j, f := range keys {
		list := []string{""}
		for _, t := range f.texts {
			if t != "" {
				list = append(list, t)
			}
		}
		sort.Strings(list)
		ranks[j] = make([]uint32, len(f.texts))
		for id, t := range f.texts {
			if t != "" {
				n, _ := slices.BinarySearch(list, t)
				ranks[j][id] = uint32(n)
			}
		}
	}
	// Each layout's cells of the keys (-1: none), found once per layout.
	at := make(map[*sumLayout][sortKeys]int, len(g.slots))
	for lay, sl := range g.slots {
		var ks [sortKeys]int
		for j := range ks {
			ks[j] = -1
		}
		for k, f := range sl {
			if j := slices.Index(keys, f); j >= 0 {
				ks[j] = k
			}
		}
		at[lay] = ks
	}
	order := make([]sortKey, len(batch))
	var lastLay *sumLayout
	var ks [sortKeys]int
	for i := range batch {
		r := &batch[i]
		if r.lay != lastLay {
			lastLay, ks = r.lay, at[r.lay]
		}
		pack := uint32(0)
		for j := range keys {
			if k := ks[j]; k >= 0 {
				pack |= ranks[j][g.ids[int(g.start[i])+k]] << (8 * (sortKeys - 1 - j))
			}
		}
		order[i] = sortKey{pack: pack, t: r.t, seq: r.seq, i: int32(i)}
	}
	slices.SortFunc(order, func(x, y sortKey) int {
		switch {
		case x.pack != y.pack:
			return cmp.Compare(x.pack, y.pack)
		case x.t > y.t:
			return -1
		case x.t < y.t:
			return 1
		}
		return cmp.Compare(x.seq, y.seq)
	})
	return order
}

// sortKey is what a row group orders row i by: its keys' ranks, packed,
// then its time (newest first), then its sequence.
type sortKey struct {
	pack uint32
	i    int32
	t    float64
	seq  int64
}

// addDictID adds s, whose entry in c's dictionary is id, as addString
// does: the same entries, statistics and probes of distinct values,
// without comparing or looking up the text.
func (c *pqColumn) addDictID(s string, id int32, f *pqFile) {
	c.present()
	if c.entries == 0 || id != c.lastID {
		c.looked++
		c.unique = c.looked == uniqueProbe && 10*c.entries > 9*c.looked
		c.last, c.lastID = s, id
	}
	c.ids = append(c.ids, id)
	c.pageN += 4
	c.full(f)
}

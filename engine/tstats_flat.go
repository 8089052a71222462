package engine

import (
	"context"
	"errors"
	"math"
	"slices"
	"sync"
	"unsafe"

	"github.com/spelunk-dev/spelunk/value"
)

// Grouping by ids: a tstats over blocks that groups by plain fields and
// counts rows or takes the extremes of _time keeps each group as the ids
// of its BY texts and its aggregations as numbers in flat arrays, one
// table per goroutine of the read, merged at the end. The groups are
// sorted by the ranks of their texts (each column's texts sorted once) and
// kept as the result (flatRows), which CSV writes from the texts without
// making rows. The groups, their values and their order are those of the
// block grouping (tstats_blocks.go): a group is the text of each BY value.

// flatGrouping lets tstats group by ids; tests turn it off to compare with
// the block grouping.
var flatGrouping = true

// SetFlatGrouping turns grouping by ids on or off, for the tests of other
// packages that compare it with the block grouping; it returns the setting
// before.
func SetFlatGrouping(on bool) bool {
	old := flatGrouping
	flatGrouping = on
	return old
}

// errFlatBail says the blocks hold what ids cannot tell (a value that is
// not one string, a row whose types change a value read): the block
// grouping reads them again.
var errFlatBail = errors.New("blocks need the block grouping")

type flatKind uint8

const (
	flatCount     flatKind = iota // count: each row
	flatCountCol                  // count(field): each value of the field
	flatCountTime                 // count(_time): each row with a time
	flatMin                       // min(_time)
	flatMax                       // max(_time)
)

// flatPlan is what a grouping by ids reads and computes.
type flatPlan struct {
	fields []string   // the block's columns (BlockScan.Fields)
	byCol  []int      // per BY field, its column (-1: none)
	kinds  []flatKind // per aggregation
	aggCol []int      // per aggregation, its field's column (-1: none)
	fill   *string
	names  []string // the BY fields' output names
	aggs   []string // the aggregations' output names
}

// flatPlan says how the search groups by ids, or false when it cannot: no
// BY field, an aggregation other than count, count(field), min(_time) and
// max(_time), or output names that repeat (rows would then be searched as
// they are made). A where clause goes to the block grouping, which tests
// it once per dictionary entry (blockWhere) instead of on whole rows.
func (g *tstatsGen) flatPlan() (*flatPlan, bool) {
	if !flatGrouping || len(g.by) == 0 || g.where != nil || slices.Contains(g.by, "_time") {
		return nil, false
	}
	if _, ok := g.ds.(BlockDataset); !ok {
		return nil, false
	}
	fields, ok := g.blockFields()
	if !ok {
		return nil, false
	}
	p := &flatPlan{fields: fields, fill: g.fillnull, names: fieldNames(g.cmd.By)}
	seen := map[string]bool{}
	for i, f := range g.by {
		p.byCol = append(p.byCol, slices.Index(fields, f))
		if seen[p.names[i]] {
			return nil, false
		}
		seen[p.names[i]] = true
	}
	count, lo, hi := aggFuncs["count"], aggFuncs["min"], aggFuncs["max"]
	for _, a := range g.aggs {
		if seen[a.name] || a.allnum || a.per != nil || a.pattern != nil || a.eval != nil {
			return nil, false
		}
		seen[a.name] = true
		var k flatKind
		switch {
		case a.fn == count && a.field == "":
			k = flatCount
		case a.fn == count && a.field == "_time":
			k = flatCountTime
		case a.fn == count:
			k = flatCountCol
		case a.fn == lo && a.field == "_time":
			k = flatMin
		case a.fn == hi && a.field == "_time":
			k = flatMax
		default:
			return nil, false
		}
		p.kinds = append(p.kinds, k)
		p.aggCol = append(p.aggCol, slices.Index(fields, a.field))
		p.aggs = append(p.aggs, a.name)
	}
	return p, true
}

// tryFlat groups the dataset by ids and hands the result on; false when
// the search or the blocks need another grouping (nothing handed on).
func (g *tstatsGen) tryFlat() (bool, error) {
	p, ok := g.flatPlan()
	if !ok {
		return false, nil
	}
	bd := g.ds.(BlockDataset)
	var mu sync.Mutex
	var ws []*flatWorker
	worker := func(i int) (*flatWorker, error) {
		mu.Lock()
		defer mu.Unlock()
		for len(ws) <= i {
			ws = append(ws, nil)
		}
		if ws[i] == nil {
			ws[i] = newFlatWorker(p)
		}
		return ws[i], nil
	}
	req := BlockScan{Fields: p.fields, Texts: true, Concurrent: true}
	err := bd.ScanBlocks(g.rc.ctx, req, func(b *Block) error {
		w, err := worker(b.Worker)
		if err != nil {
			return err
		}
		return w.block(g.rc.ctx, b)
	})
	if errors.Is(err, ErrNoBlocks) || errors.Is(err, errFlatBail) {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	return true, g.emitFlat(finishFlat(ws, p))
}

// emitFlat hands the result to the next stage: kept as it is when that
// is the run's result and takes it (as emitGroups does), else as rows.
func (g *tstatsGen) emitFlat(res *flatRows) error {
	next := g.next
	last := next
	if gs, ok := last.(*guardStage); ok {
		last = gs.next // its finish still checks the run
	}
	n := res.Len()
	if c, ok := last.(*limitedCollector); ok && c.compact && len(c.rows) == 0 && c.groups == nil && n > 0 && (c.max == 0 || n <= c.max) {
		c.groups = res
		return next.finish()
	}
	if n > 0 {
		if err := next.push(res.Rows()); err != nil {
			return err
		}
	}
	return next.finish()
}

// flatWorker is one goroutine's groups: per BY column its texts numbered
// as first met, the groups as tuples of those numbers in an open-addressed
// table, their aggregations in arrays indexed by group. Groups are kept in
// chunks, so that a table growing to many groups never copies them.
type flatWorker struct {
	p     *flatPlan
	width int
	dicts []map[string]int32
	texts [][]string
	arena []byte
	n     int         // groups
	keys  [][]int32   // per chunk, its groups' ids, width to a group
	vals  [][]float64 // per chunk, its groups' aggregations; NaN: no value yet
	// slots hold a group's index + 1 (0: empty) in the low half, the high
	// half of its key's hash in the high half, so that most probes that
	// miss do not read the group's ids.
	slots []uint64
	shift uint // 64 - log2(len(slots))
	tuple []int32
	// per block: the worker's number of each BY column's entries
	// (unmapped until used)
	bmap   [][]int32
	fillID []int32
}

// flatChunk is how many groups a chunk holds.
const flatChunkBits = 12

const flatChunk = 1 << flatChunkBits

func newFlatWorker(p *flatPlan) *flatWorker {
	width := len(p.byCol)
	w := &flatWorker{p: p, width: width, dicts: make([]map[string]int32, width), texts: make([][]string, width),
		slots: make([]uint64, 1024), shift: 64 - 10, tuple: make([]int32, width), bmap: make([][]int32, width),
		fillID: make([]int32, width)}
	for k := range width {
		w.dicts[k] = map[string]int32{}
		w.fillID[k] = unmapped
	}
	return w
}

// key is group gi's ids.
func (w *flatWorker) key(gi int) []int32 {
	o := (gi & (flatChunk - 1)) * w.width
	return w.keys[gi>>flatChunkBits][o : o+w.width : o+w.width]
}

// aggsOf is group gi's aggregations.
func (w *flatWorker) aggsOf(gi int) []float64 {
	na := len(w.p.kinds)
	o := (gi & (flatChunk - 1)) * na
	return w.vals[gi>>flatChunkBits][o : o+na : o+na]
}

// intern is the number of text s in column k; a new text is copied into
// the worker's arena unless owned says it outlives the worker's blocks.
func (w *flatWorker) intern(k int, s string, owned bool) int32 {
	if id, ok := w.dicts[k][s]; ok {
		return id
	}
	if !owned {
		s = w.keep(s)
	}
	id := int32(len(w.texts[k]))
	w.dicts[k][s] = id
	w.texts[k] = append(w.texts[k], s)
	return id
}

// keep copies s into the arena: an allocation per 64 KB of texts rather
// than one per text.
func (w *flatWorker) keep(s string) string {
	if len(s) == 0 {
		return ""
	}
	if len(s) > 4<<10 {
		return string([]byte(s))
	}
	if cap(w.arena)-len(w.arena) < len(s) {
		w.arena = make([]byte, 0, 64<<10)
	}
	at := len(w.arena)
	w.arena = append(w.arena, s...)
	return unsafe.String(&w.arena[at], len(s))
}

// lookup is the group of the ids in w.tuple, made when new. A slot is
// found from the hash's high bits, so that growing the table places the
// groups again from their slots alone, without reading their ids.
func (w *flatWorker) lookup() int {
	h := hashIDs(w.tuple) &^ (1<<32 - 1)
	mask := len(w.slots) - 1
	for s := int(h >> w.shift); ; s = (s + 1) & mask {
		e := w.slots[s]
		if e == 0 {
			gi := w.add()
			w.slots[s] = h | uint64(gi+1)
			if 2*w.n > len(w.slots) {
				w.grow()
			}
			return gi
		}
		if e&^(1<<32-1) == h {
			if gi := int(uint32(e)) - 1; slices.Equal(w.key(gi), w.tuple) {
				return gi
			}
		}
	}
}

// add makes a group of the ids in w.tuple.
func (w *flatWorker) add() int {
	gi := w.n
	if gi&(flatChunk-1) == 0 {
		w.keys = append(w.keys, make([]int32, flatChunk*w.width))
		vals := make([]float64, flatChunk*len(w.p.kinds))
		for i := range vals {
			if k := w.p.kinds[i%len(w.p.kinds)]; k == flatMin || k == flatMax {
				vals[i] = math.NaN()
			}
		}
		w.vals = append(w.vals, vals)
	}
	w.n++
	key := w.key(gi)
	for k, id := range w.tuple {
		key[k] = id
	}
	return gi
}

func hashIDs(ids []int32) uint64 {
	h := uint64(14695981039346656037)
	for _, id := range ids {
		h = (h ^ uint64(id)) * 1099511628211
		h ^= h >> 29
	}
	return h * 0x9e3779b97f4a7c15
}

// grow doubles the table and places every group again.
func (w *flatWorker) grow() {
	old := w.slots
	w.slots = make([]uint64, 2*len(old))
	w.shift--
	mask := len(w.slots) - 1
	for _, e := range old {
		if e == 0 {
			continue
		}
		s := int(e >> w.shift)
		for w.slots[s] != 0 {
			s = (s + 1) & mask
		}
		w.slots[s] = e
	}
}

// block groups a block's rows, as blockGrouper.block does with rows of
// single string values (errFlatBail for any other).
func (w *flatWorker) block(ctx context.Context, b *Block) error {
	p := w.p
	for k, c := range p.byCol {
		n := 0
		if c >= 0 {
			n = blockEntries(b, c)
		}
		w.bmap[k] = slices.Grow(w.bmap[k][:0], n)[:n]
		for i := range w.bmap[k] {
			w.bmap[k][i] = unmapped
		}
	}
	for r := range b.N {
		if r%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if b.Odd != nil && b.Odd[r] {
			return errFlatBail
		}
		grouped, err := w.keyOf(b, r)
		if err != nil {
			return err
		}
		if grouped {
			w.feed(b, r, w.lookup())
		}
	}
	return nil
}

// keyOf puts row r's ids in w.tuple; false when a null BY value (without
// fillnull_value) puts the row in no group.
func (w *flatWorker) keyOf(b *Block, r int) (bool, error) {
	for k, c := range w.p.byCol {
		id := int32(-1)
		if c >= 0 && b.Cols[c] != nil {
			id = b.Cols[c][r]
		}
		if id < 0 {
			if w.p.fill == nil {
				return false, nil
			}
			if w.fillID[k] == unmapped {
				w.fillID[k] = w.intern(k, *w.p.fill, true)
			}
			w.tuple[k] = w.fillID[k]
			continue
		}
		gid := w.bmap[k][id]
		if gid == unmapped {
			s, ok := blockText(b, c, id)
			if !ok {
				return false, errFlatBail
			}
			gid = w.intern(k, s, false)
			w.bmap[k][id] = gid
		}
		w.tuple[k] = gid
	}
	return true, nil
}

// feed adds row r to group gi's aggregations.
func (w *flatWorker) feed(b *Block, r int, gi int) {
	t := b.Times[r]
	acc := w.aggsOf(gi)
	for a, kind := range w.p.kinds {
		switch kind {
		case flatCount:
			acc[a]++
		case flatCountTime:
			if t == t {
				acc[a]++
			}
		case flatCountCol:
			c := w.p.aggCol[a]
			if c < 0 || b.Cols[c] == nil || b.Cols[c][r] < 0 {
				continue
			}
			if b.Dicts != nil && b.Dicts[c] != nil {
				acc[a] += float64(b.Dicts[c][b.Cols[c][r]].Len())
			} else {
				acc[a]++
			}
		case flatMin:
			if cur := acc[a]; t == t && (cur != cur || t < cur) {
				acc[a] = t
			}
		case flatMax:
			if cur := acc[a]; t == t && (cur != cur || t > cur) {
				acc[a] = t
			}
		}
	}
}

// blockEntries is how many entries column c of a block numbers.
func blockEntries(b *Block, c int) int {
	if b.Texts != nil && b.Texts[c] != nil {
		return len(b.Texts[c])
	}
	if b.Dicts != nil {
		return len(b.Dicts[c])
	}
	return 0
}

// blockText is entry id of column c as text; false when the entry is not
// one string (a number's text may not be how it sorts or prints).
func blockText(b *Block, c int, id int32) (string, bool) {
	if b.Texts != nil && b.Texts[c] != nil {
		return b.Texts[c][id], true
	}
	v := b.Dicts[c][id]
	return v.String(), v.Kind() == value.KindString
}

// mergeFlat folds every worker's groups into the first one's.
func mergeFlat(ws []*flatWorker, p *flatPlan) *flatWorker {
	var base *flatWorker
	for _, w := range ws {
		if w == nil {
			continue
		}
		if base == nil {
			base = w
			continue
		}
		remap := make([][]int32, base.width)
		for k, texts := range w.texts {
			remap[k] = make([]int32, len(texts))
			for id, s := range texts {
				// w's texts live as long as its arena, which base's
				// texts then hold.
				remap[k][id] = base.intern(k, s, true)
			}
		}
		for gi := range w.n {
			for k, id := range w.key(gi) {
				base.tuple[k] = remap[k][id]
			}
			dst, src := base.aggsOf(base.lookup()), w.aggsOf(gi)
			for a, kind := range p.kinds {
				dst[a] = foldFlat(kind, dst[a], src[a])
			}
		}
	}
	if base == nil {
		base = newFlatWorker(p)
	}
	return base
}

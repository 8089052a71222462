package engine

import (
	"context"
	"errors"
	"math"
	"slices"

	"github.com/spelunk-dev/spelunk/value"
)

// BlockDataset is a Dataset that can hand over its rows a block at a
// time as numbered columns (a row group of a data model summary), so
// that tstats groups rows by their values' numbers, mapped once per
// block, without making each row.
type BlockDataset interface {
	Dataset
	// ScanBlocks calls fn with blocks holding, between them, every row
	// of the dataset that can meet req.Must (others may be left out),
	// in any order, from one goroutine at a time. A block is valid only
	// until fn returns. It returns ErrNoBlocks, having called fn never,
	// when it cannot give these blocks: the rows are then read as rows.
	ScanBlocks(ctx context.Context, req BlockScan, fn func(*Block) error) error
}

// ErrNoBlocks says that a BlockDataset cannot give the blocks asked for.
var ErrNoBlocks = errors.New("no blocks for this scan")

// BlockScan asks for blocks.
type BlockScan struct {
	// Fields lists the fields a block numbers, in order (never _time,
	// which Block.Times gives), and Row makes.
	Fields []string
	// Must lists what every row kept holds, as EventScan.Must.
	Must []Contains
	// Texts asks for Block.Texts in place of Block.Dicts where every
	// entry of a column is one string (a summary's always are).
	Texts bool
	// Concurrent lets fn be called from several goroutines at once,
	// never twice at once with the same Block.Worker.
	Concurrent bool
}

// Block is some rows of a dataset as numbered columns.
type Block struct {
	// N is the number of rows.
	N int
	// Times is each row's _time, NaN when it has none.
	Times []float64
	// Cols numbers each row's value of BlockScan.Fields[k]: -1 when the
	// row lacks it, else its index in Dicts[k]. A nil column is a field
	// no row has.
	Cols  [][]int32
	Dicts [][]value.Value
	// Texts, when BlockScan.Texts is set and the dataset gives them,
	// are the columns' entries as strings, and Dicts is nil.
	Texts [][]string
	// Worker tells the goroutine that made the block (BlockScan.Concurrent):
	// 0 up to the dataset's number of goroutines.
	Worker int
	// Folded, when set, gives Dicts[k] folded for case-insensitive
	// matching (FoldCase of each string entry; nil: not given), made once
	// for every search over the same values.
	Folded func(k int) []string
	// Odd marks the rows whose _time or values the columns do not give
	// as they are (nil: none); Row gives them.
	Odd []bool
	// Row makes row r as the dataset's Scan would give it, with the
	// fields of BlockScan.Fields and _time, in buf's space.
	Row func(r int, buf value.Fields) (value.Fields, error)
}

// blockGrouping lets tstats group a BlockDataset by blocks; tests turn
// it off to compare with the rows read one by one.
var blockGrouping = true

// SetBlockGrouping turns grouping by blocks on or off, for the tests of
// other packages that compare it with rows read one by one; it returns
// the setting before.
func SetBlockGrouping(on bool) bool {
	old := blockGrouping
	blockGrouping = on
	return old
}

// tryBlocks groups the dataset by blocks when it can give them and the
// search can use them; false when the rows are still to be read.
func (g *tstatsGen) tryBlocks(gr *grouper) (bool, error) {
	bd, ok := g.ds.(BlockDataset)
	if !ok {
		return false, nil
	}
	fields, ok := g.blockFields()
	if !ok {
		return false, nil
	}
	return g.scanBlocks(bd, gr, fields)
}

// blockFields lists the fields a block scan numbers, or false when tstats
// cannot group by blocks: a BY field _time without a span (its buckets
// come from the block's times), wildcard or eval aggregations, or ones
// that depend on the rows' order (they would need the rows sorted); a
// trace counts rows one by one.
func (g *tstatsGen) blockFields() ([]string, bool) {
	if !blockGrouping || g.rc.trace != nil || !orderFree(g.aggs) {
		return nil, false
	}
	read := g.fieldsRead()
	if read == nil || (g.span == nil && slices.Contains(g.by, "_time")) {
		return nil, false
	}
	for _, a := range g.aggs {
		if a.pattern != nil || a.eval != nil {
			return nil, false
		}
	}
	return slices.DeleteFunc(slices.Clone(read), func(f string) bool { return f == "_time" }), true
}

// scanBlocks groups the rows of bd's blocks. It gives up (false) before
// reading anything when bd cannot give them. Rows the where clause
// tests, and odd ones, are made whole and grouped as any row (gr.add);
// the others are grouped by the numbers of their BY values, each block's
// numbers mapped once to the grouper's own, and their aggregations fed
// from the columns: what gr.add would do with the row, since a row of a
// single value per BY field has the one combination of those values.
func (g *tstatsGen) scanBlocks(bd BlockDataset, gr *grouper, fields []string) (bool, error) {
	gr.internKeys()
	t := gr.intern
	if t == nil && len(g.by) > 0 {
		return false, nil
	}
	col := func(f string) int { return slices.Index(fields, f) }
	byCol := make([]int, len(g.by))
	for k, f := range g.by {
		byCol[k] = col(f)
		if f == "_time" {
			byCol[k] = timeCol // blockFields let it in with a span only
		}
	}
	aggCol := make([]int, len(g.aggs))
	for k, a := range g.aggs {
		aggCol[k] = col(a.field)
	}
	bg := &blockGrouper{g: g, gr: gr, byCol: byCol, aggCol: aggCol}
	if g.where != nil {
		bg.pred = g.pred
		bw, err := newBlockWhere(&searchCompiler{rc: g.rc, resolve: g.resolve}, g.where, fields)
		if err != nil {
			return false, err
		}
		bg.where = bw
	}
	if gr.fill != nil {
		fill := value.Str(*gr.fill)
		bg.fillIDs = make([]int32, len(g.by))
		for k := range g.by {
			bg.fillIDs[k] = unmapped // numbered when a row first needs it
		}
		bg.fill = fill
	}
	err := bd.ScanBlocks(g.rc.ctx, BlockScan{Fields: fields, Must: mustContain(g.where, g.resolve)}, bg.block)
	if errors.Is(err, ErrNoBlocks) {
		gr.intern = nil
		return false, nil
	}
	return true, err
}

// blockGrouper groups blocks into a grouper.
type blockGrouper struct {
	g       *tstatsGen
	gr      *grouper
	byCol   []int   // per BY field, its column in the block (-1: none)
	aggCol  []int   // per aggregation, its field's column (-1: none)
	fillIDs []int32 // per BY field, the fill value's number; nil: no fill
	fill    value.Value
	pred    rowPred     // nil: no where clause
	where   *blockWhere // the clause on the numbers; nil: rows are tested whole
	// buckets numbers each _time bucket met (by its bits) in the
	// grouper's column, for every block.
	buckets map[uint64]int32
	// per block: the grouper's number of each BY column's entries
	// (unmapped until used), and the entry's value.
	ids   [][]int32
	entry []int32 // a row's entry of each BY column
	key   []value.Value
	buf   value.Fields
}

const unmapped = -2

// timeCol is the column of a BY field _time bucketed by the span: the
// block's times, not a numbered column.
const timeCol = -2

func (bg *blockGrouper) block(b *Block) error {
	gr := bg.gr
	t := gr.intern
	if len(bg.ids) != len(bg.byCol) {
		bg.ids = make([][]int32, len(bg.byCol))
		bg.entry = make([]int32, len(bg.byCol))
		bg.key = make([]value.Value, len(bg.byCol))
	}
	for k, c := range bg.byCol {
		n := 0
		if c >= 0 {
			n = len(b.Dicts[c])
		}
		bg.ids[k] = slices.Grow(bg.ids[k][:0], n)[:n]
		for i := range bg.ids[k] {
			bg.ids[k][i] = unmapped
		}
	}
	if bg.where != nil {
		bg.where.bind(b)
	}
	one := value.Num(1)
	for r := range b.N {
		if r%4096 == 0 {
			if err := bg.g.rc.ctx.Err(); err != nil {
				return err
			}
		}
		if odd := b.Odd != nil && b.Odd[r]; odd || bg.pred != nil {
			w := triUnknown
			if !odd && bg.where != nil {
				w = bg.where.test(r)
			}
			if w == triFalse {
				continue
			}
			if w == triUnknown {
				if err := bg.rowWise(b, r); err != nil {
					return err
				}
				continue
			}
			// The clause keeps the row: grouped by its numbers.
		}
		// First the row's entries, as gr.keys reads its values: a null
		// one (without fill) makes no group, and numbers nothing.
		grouped, whole := true, false
		for k, c := range bg.byCol {
			id := int32(-1)
			switch {
			case c == timeCol:
				if tm := b.Times[r]; tm == tm { // not NaN: the row has a time
					id = 0 // its bucket is made below
				}
			case c >= 0 && b.Cols[c] != nil:
				id = b.Cols[c][r]
			}
			bg.entry[k] = id
			switch {
			case id < 0:
				grouped = bg.fillIDs != nil
			case c == timeCol:
			case b.Dicts[c][id].IsMulti():
				whole = true // a group per value: as gr.add does
			}
			if !grouped {
				break
			}
		}
		if !grouped {
			continue
		}
		if whole {
			if err := bg.rowWise(b, r); err != nil {
				return err
			}
			continue
		}
		for k, id := range bg.entry {
			if id < 0 {
				if bg.fillIDs[k] == unmapped {
					bg.fillIDs[k] = t.idOf(k, bg.fill)
				}
				t.tuple[k], bg.key[k] = bg.fillIDs[k], bg.fill
				continue
			}
			if bg.byCol[k] == timeCol {
				t.tuple[k], bg.key[k] = bg.bucket(k, b.Times[r])
				continue
			}
			v := b.Dicts[bg.byCol[k]][id]
			gid := bg.ids[k][id]
			if gid == unmapped {
				gid = t.idOf(k, v)
				bg.ids[k][id] = gid
			}
			t.tuple[k], bg.key[k] = gid, v
		}
		var grp *group
		if t != nil {
			grp = t.lookup(gr, bg.key)
		} else {
			grp = gr.group(nil)
		}
		tm := b.Times[r]
		for a, ag := range bg.g.aggs {
			v := one
			switch c := bg.aggCol[a]; {
			case ag.field == "":
			case ag.field == "_time":
				v = value.Null
				if tm == tm { // not NaN: the row has a time
					v = value.Num(tm)
				}
			case c < 0 || b.Cols[c] == nil || b.Cols[c][r] < 0:
				v = value.Null
			default:
				v = b.Dicts[c][b.Cols[c][r]]
			}
			grp.states[a].add(v, tm)
		}
	}
	return nil
}

// bucket is the grouper's number of the span's bucket holding time tm in
// BY column k, and the bucket's value: what gr.keys makes of a row's
// _time, value.Num(tm), numbered by its text as idOf numbers it.
func (bg *blockGrouper) bucket(k int, tm float64) (int32, value.Value) {
	v := value.Num(bg.g.span.floor(tm, bg.g.rc.tz))
	n, _ := v.Number()
	bits := math.Float64bits(n)
	id, ok := bg.buckets[bits]
	if !ok {
		if bg.buckets == nil {
			bg.buckets = map[uint64]int32{}
		}
		id = bg.gr.intern.idOf(k, v)
		bg.buckets[bits] = id
	}
	return id, v
}

// rowWise makes row r whole and groups it as any row, if the where
// clause keeps it.
func (bg *blockGrouper) rowWise(b *Block, r int) error {
	row, err := b.Row(r, bg.buf)
	if err != nil {
		return err
	}
	bg.buf = row
	if bg.pred != nil && !bg.pred(row) {
		return nil
	}
	return bg.gr.add(row)
}

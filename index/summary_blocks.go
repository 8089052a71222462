package index

import (
	"context"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// ScanBlocks implements engine.BlockDataset: each row group of the
// summary's parts is a block, its text columns numbered by their
// dictionaries (or, for a column written plain, by row). Row groups are
// read as ScanFiltered reads them (the columns of req.Must first, then
// only the pages holding candidate rows), in parallel; the blocks are
// handed over one at a time, as they come.
func (d *sumDataset) ScanBlocks(ctx context.Context, req engine.BlockScan, fn func(*engine.Block) error) error {
	s := d.s
	s.Report()
	units := d.units()
	want := wantSet(append([]string{"_time"}, req.Fields...))
	var callMu sync.Mutex // serializes calls of fn unless req.Concurrent
	var errMu sync.Mutex  // guards fnErr
	var fnErr error
	var failed atomic.Bool
	call := func(b *engine.Block) error {
		if !req.Concurrent {
			callMu.Lock()
			defer callMu.Unlock()
		}
		if failed.Load() {
			return errStopped
		}
		if err := fn(b); err != nil {
			errMu.Lock()
			if fnErr == nil {
				fnErr = err
			}
			errMu.Unlock()
			failed.Store(true)
			return errStopped
		}
		return nil
	}
	r, done := s.sumReader()
	defer done()
	err := shareUnits(ctx, s.workers, units, func(w int, next func() (sumUnit, bool)) error {
		bm := &blockMaker{fields: req.Fields, st: sumTypes{}, texts: req.Texts}
		for u, ok := next(); ok; u, ok = next() {
			gr, err := r.group(u, want, req.Must, false)
			if err != nil {
				return err
			}
			if gr == nil {
				continue
			}
			b := bm.block(gr, s.dir+"/"+u.part.Path)
			b.Worker = w
			if err := call(b); err != nil {
				return err
			}
		}
		return nil
	})
	if fnErr != nil {
		return fnErr
	}
	return err
}

// blockMaker makes one goroutine's blocks, reusing their space.
type blockMaker struct {
	fields []string
	st     sumTypes
	texts  bool // engine.BlockScan.Texts
	b      engine.Block
	tbuf   [][]string
	dbuf   [][]value.Value
	buf    value.Fields
	// odd caches, per entry of the types column, whether its cell
	// changes the _time or a field read.
	odd []int8
	// shared holds the cached column of each field of the block, when
	// the reads are shared (nil otherwise): its folded text, asked for
	// by a where clause, is made once for every scan.
	shared []*colEntry
}

// folded implements engine.Block.Folded.
func (bm *blockMaker) folded(k int) []string {
	if k < 0 || k >= len(bm.shared) || bm.shared[k] == nil {
		return nil
	}
	f, _ := bm.shared[k].foldedTexts()
	return f
}

// block makes the block of a row group read by readGroup; it is valid
// until the next call.
func (bm *blockMaker) block(gr *sumGroup, path string) *engine.Block {
	b := &bm.b
	b.N = gr.n // the group holds only its candidate rows
	b.Times = slices.Grow(b.Times[:0], gr.n)[:gr.n]
	for r := range gr.n {
		b.Times[r] = math.NaN()
		if gr.hasT[r] {
			_, b.Times[r] = gr.time(r)
		}
	}
	b.Cols = slices.Grow(b.Cols[:0], len(bm.fields))[:len(bm.fields)]
	b.Dicts, b.Texts, b.Folded = nil, nil, nil
	if bm.texts {
		bm.b.Texts = slices.Grow(bm.tbuf[:0], len(bm.fields))[:len(bm.fields)]
		bm.tbuf = b.Texts
	} else {
		b.Dicts = slices.Grow(bm.dbuf[:0], len(bm.fields))[:len(bm.fields)]
		bm.dbuf = b.Dicts
		b.Folded = bm.folded
	}
	bm.shared = slices.Grow(bm.shared[:0], len(bm.fields))[:len(bm.fields)]
	for k, f := range bm.fields {
		b.Cols[k], bm.shared[k] = nil, nil
		if b.Texts != nil {
			b.Texts[k] = b.Texts[k][:0]
		} else {
			b.Dicts[k] = nil
		}
		i := slices.Index(gr.fields, f)
		if i < 0 {
			continue
		}
		c := gr.cols[i]
		b.Cols[k] = c.ids
		if b.Texts != nil {
			// Views of the column's bytes, reused from block to block.
			texts := slices.Grow(b.Texts[k], c.entries())[:c.entries()]
			for e := range texts {
				texts[e] = c.get(int32(e))
			}
			b.Texts[k] = texts
			continue
		}
		bm.shared[k] = c.shared
		if c.shared != nil {
			// The values (and their folded text) made once for all.
			if b.Dicts[k] = c.shared.values(); b.Dicts[k] != nil {
				continue
			}
		}
		dict := make([]value.Value, c.entries())
		for e := range dict {
			dict[e] = value.Str(c.get(int32(e)))
		}
		b.Dicts[k] = dict
	}
	b.Odd = bm.oddRows(gr, slices.Contains(gr.fields, "_time"), b.Odd)
	b.Row = func(r int, buf value.Fields) (value.Fields, error) {
		row, _, err := gr.row(r, bm.st, buf)
		if err != nil {
			return nil, &CorruptError{Path: path, Err: err}
		}
		return row, nil
	}
	return b
}

// oddRows marks the rows whose types cell gives _time or a field read a
// value other than its cell's text (nil when none does); every row when
// the part has a field named _time, which a row's own _time hides.
func (bm *blockMaker) oddRows(gr *sumGroup, timeField bool, odd []bool) []bool {
	if timeField {
		odd = slices.Grow(odd[:0], gr.n)[:gr.n]
		for r := range odd {
			odd[r] = true
		}
		return odd
	}
	bm.odd = slices.Grow(bm.odd[:0], gr.types.entries())[:gr.types.entries()]
	for e := range bm.odd {
		bm.odd[e] = -1 // not worked out yet
	}
	marked := false
	for r, id := range gr.types.ids {
		if id < 0 {
			continue
		}
		if bm.odd[id] < 0 {
			bm.odd[id] = 0
			types, err := bm.st.of(gr.types.get(id))
			if err != nil {
				bm.odd[id] = 1 // made whole, which tells the error
			}
			for name := range types {
				if name == "_time" || slices.Contains(bm.fields, name) {
					bm.odd[id] = 1
				}
			}
		}
		if bm.odd[id] == 1 {
			if !marked {
				odd = slices.Grow(odd[:0], gr.n)[:gr.n]
				clear(odd)
				marked = true
			}
			odd[r] = true
		}
	}
	if !marked {
		return nil
	}
	return odd
}

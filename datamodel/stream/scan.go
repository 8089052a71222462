package stream

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// errStopped stops the reading of a chunk once fn has failed.
var errStopped = errors.New("the scan stopped")

// unorderedBatch is how many kept events a goroutine gathers before it
// hands them on, when order does not matter.
const unorderedBatch = 256

// eventWorker shapes and filters events on one goroutine.
type eventWorker struct {
	sh   *datamodel.EventShaper
	enc  *store.RowEncoder // an ordered scan's, without Limit
	keep func(value.Fields) bool
	kept []keptRow      // ordered scan: every kept event, until the end
	out  []value.Fields // unordered scan: kept events not yet handed on
	// chunk is the chunk being read and n the events of it so far.
	chunk, n int
}

// eventScan is one Scan of a Source.
type eventScan struct {
	s       *Source
	ctx     context.Context
	req     engine.EventScan
	fn      func(value.Fields) error
	workers []*eventWorker
	// names numbers the fields of the events held encoded.
	names *store.NameTable

	// failed is set once fn has returned an error (fnErr).
	failed atomic.Bool

	mu sync.Mutex // guards what follows, and calls of fn
	// first is the shaper made for req.Must, for the first goroutine;
	// the others make their own on their first event, in parallel.
	first                    *datamodel.EventShaper
	setupErr, fnErr, stopErr error
}

// Scan implements engine.Source: the files are read in parallel chunks,
// each goroutine shapes its events and runs its own filter, and only the
// events kept are held: until the end, to hand them over newest first in
// a Store's order (time, then chunk, then position), or, with
// req.Unordered, a batch at a time as they come. A record that cannot
// hold req.Must is passed over unparsed when the knowledge shows that its
// event could not hold it either (EventShaper.Pieces). Only the fields of
// req.Fields are computed. Partitions (req.Skip) are a Store's: a stream
// has none to skip.
func (s *Source) Scan(ctx context.Context, req engine.EventScan, fn func(value.Fields) error) error {
	if req.NewKeep == nil {
		req.NewKeep = func() func(value.Fields) bool { return func(value.Fields) bool { return true } }
	}
	sc := &eventScan{s: s, ctx: ctx, req: req, fn: fn, workers: make([]*eventWorker, s.workers), names: store.NewNameTable()}
	opt := s.opt
	if len(req.Must) > 0 {
		sh, err := datamodel.NewEventShaper(s.base)
		if err != nil {
			return err
		}
		opt.Need = sh.Pieces(req.Must)
		sc.first = sh
	}
	// The shaper copies an event's fields into its row: the readers may
	// reuse the slice.
	opt.ReuseFields = true
	st, err := s.readChunks(opt, sc.event)
	switch {
	case sc.setupErr != nil:
		return sc.setupErr
	case sc.fnErr != nil:
		// The search stopped the read, not a problem of the files.
		s.done(st, nil)
		return sc.fnErr
	case sc.stopErr != nil:
		s.done(st, nil)
		return &StoppedError{Events: st.Events, Err: sc.stopErr}
	}
	s.done(st, err)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return errRead
	}
	if req.Unordered {
		for _, w := range sc.workers {
			if w != nil {
				if err := sc.handOn(w.out); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return handOverSorted(sc.workers, req.Limit, sc.names, fn)
}

// event shapes, filters and keeps one event (ingest.ReadChunks' fn).
func (sc *eventScan) event(worker, chunk int, ev *ingest.Event) error {
	w := sc.workers[worker]
	if w == nil {
		var err error
		if w, err = sc.setup(); err != nil {
			sc.mu.Lock()
			sc.setupErr = err
			sc.mu.Unlock()
			return err
		}
		sc.workers[worker] = w
	}
	if w.chunk != chunk {
		w.chunk, w.n = chunk, 0
	}
	n := w.n
	w.n++
	if n%256 == 0 {
		if err := sc.ctx.Err(); err != nil {
			return err
		}
		if sc.failed.Load() {
			// fn has failed: the other chunks stop too.
			return errStopped
		}
		if sc.req.Interrupt != nil {
			if err := sc.req.Interrupt(); err != nil {
				sc.mu.Lock()
				sc.stopErr = err
				sc.mu.Unlock()
				return err
			}
		}
	}
	row := w.sh.Row(ev)
	if !w.keep(row) {
		return nil
	}
	if w.enc != nil {
		// Held until the end, so encoded as a Store holds events: a
		// third of the memory of the row.
		w.kept = append(w.kept, keptRow{t: rowTime(row), chunk: chunk, n: n, c: w.enc.Encode(row)})
		return nil
	}
	// The shaper makes the next row in this one's space.
	if sc.req.Limit > 0 && len(w.kept) == sc.req.Limit && !sc.req.Unordered {
		// Not copied if it comes after every event held.
		if !before(keptRow{t: rowTime(row), chunk: chunk, n: n}, w.kept[0]) {
			return nil
		}
	}
	row = row.Clone()
	if sc.req.Unordered {
		w.out = append(w.out, row)
		if len(w.out) >= unorderedBatch {
			err := sc.handOn(w.out)
			w.out = w.out[:0]
			return err
		}
		return nil
	}
	k := keptRow{t: rowTime(row), chunk: chunk, n: n, row: row}
	if limit := sc.req.Limit; limit > 0 {
		// Only the first limit events in order are wanted: each
		// goroutine keeps its own first limit, the last of them on top.
		h := (*keptHeap)(&w.kept)
		if len(w.kept) == limit && !before(k, w.kept[0]) {
			return nil
		}
		heap.Push(h, k)
		if len(w.kept) > limit {
			heap.Pop(h)
		}
		return nil
	}
	w.kept = append(w.kept, k)
	return nil
}

// setup makes a goroutine's worker: its shaper, reduced to what makes
// req.Fields, and its filter.
func (sc *eventScan) setup() (*eventWorker, error) {
	sc.mu.Lock()
	sh := sc.first
	sc.first = nil
	sc.mu.Unlock()
	if sh == nil {
		var err error
		if sh, err = datamodel.NewEventShaper(sc.s.base); err != nil {
			return nil, err
		}
	}
	sh.Reduce(sc.req.Fields)
	sc.mu.Lock()
	defer sc.mu.Unlock()
	w := &eventWorker{sh: sh, keep: sc.req.NewKeep(), chunk: -1}
	if !sc.req.Unordered && sc.req.Limit == 0 {
		w.enc = store.NewRowEncoder(sc.names)
	}
	return w, nil
}

// handOn gives fn a batch of kept events, one goroutine at a time.
func (sc *eventScan) handOn(rows []value.Fields) error {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.fnErr != nil {
		return sc.fnErr
	}
	for _, r := range rows {
		if err := sc.fn(r); err != nil {
			sc.fnErr = err
			sc.failed.Store(true)
			return err
		}
	}
	return nil
}

// handOverSorted calls fn with the workers' kept events newest first, as
// a Store orders them: the first limit of them when limit is above 0.
func handOverSorted(workers []*eventWorker, limit int, names *store.NameTable, fn func(value.Fields) error) error {
	var kept []keptRow
	for _, w := range workers {
		if w != nil {
			kept = append(kept, w.kept...)
			w.kept = nil
		}
	}
	sort.Slice(kept, func(i, j int) bool { return before(kept[i], kept[j]) })
	if limit > 0 && len(kept) > limit {
		kept = kept[:limit]
	}
	for i, k := range kept {
		kept[i].row, kept[i].c = nil, nil // fn owns it now
		row := k.row
		if k.c != nil {
			row = k.c.Decode(names)
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	return nil
}

// StoppedError is a read of the files that a scan's Interrupt stopped,
// after Events events.
type StoppedError struct {
	Events int
	Err    error
}

func (e *StoppedError) Error() string {
	n := fmt.Sprintf("%d events", e.Events)
	if e.Events == 1 {
		n = "1 event"
	}
	return fmt.Sprintf("while reading the data (%s so far): %v", n, e.Err)
}

func (e *StoppedError) Unwrap() error { return e.Err }

// before reports whether a comes before b in a Store's order: newest
// first, then by chunk, then by position in the chunk.
func before(a, b keptRow) bool {
	if a.t != b.t {
		return a.t > b.t
	}
	if a.chunk != b.chunk {
		return a.chunk < b.chunk
	}
	return a.n < b.n
}

// keptHeap is a heap of kept events with the last in order on top.
type keptHeap []keptRow

func (h keptHeap) Len() int           { return len(h) }
func (h keptHeap) Less(i, j int) bool { return before(h[j], h[i]) }
func (h keptHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *keptHeap) Push(x any)        { *h = append(*h, x.(keptRow)) }
func (h *keptHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// rowTime is what orders an event: its _time, -Inf when not a number.
func rowTime(row value.Fields) float64 {
	t, isNum := row.Get("_time").Number()
	if !isNum {
		return math.Inf(-1)
	}
	return t
}

// Package stream searches log files as they are read, for one search
// (spelunk run) rather than many: its Source builds a data model dataset
// or a leading search's events on the reading goroutines, with the
// knowledge of package datamodel, and keeps only what the search keeps.
// Its results are those of a store.Store over the same files.
package stream

import (
	"context"
	"errors"
	"math"
	"sort"
	"sync"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// Source is an engine.Source over files that are read when a search asks
// for them, for one search (spelunk run) rather than many: a data model
// dataset is built event by event while the files are read in parallel,
// a tstats filter is applied to each row as it is made, and only the rows
// that pass are kept, so memory follows the result rather than the input.
// Only the fields the search reads are computed. A leading
// search reads the events the same way (Scan). Only what wants a
// dataset's events (`| from datamodel`, `| datamodel ... search`) gets a
// Store, loaded on first use. Results are those of a Store over the same
// files.
type Source struct {
	base    *datamodel.Base
	paths   []string
	opt     ingest.Options
	workers int
	report  func(ingest.Stats)
	// Keep, when set before a search, is asked about each event read,
	// from the reading goroutines; false leaves the event out, as
	// store.Store.AddPaths' keep does. It keeps no part of the event: a
	// dataset's read may reuse it and leave its Raw a view of the input
	// (ingest.Options.RawView).
	Keep func(*ingest.Event) bool

	mu       sync.Mutex
	read     bool // the files were read once (stats reported)
	readErr  error
	store    *store.Store
	storeErr error
}

// New makes a Source over paths (as ingest.ReadPaths takes them),
// reading with up to workers goroutines; b nil means the built-in
// knowledge. report gets the read's stats once, after the first read of
// the files.
func New(b *datamodel.Base, paths []string, opt ingest.Options, workers int, report func(ingest.Stats)) (*Source, error) {
	if b == nil {
		var err error
		if b, err = datamodel.Builtin(); err != nil {
			return nil, err
		}
	}
	if report == nil {
		report = func(ingest.Stats) {}
	}
	return &Source{base: b, paths: paths, opt: opt, workers: max(workers, 1), report: report}, nil
}

// ReadErr is the error that stopped a read of the files (unreadable or
// corrupt input), if any.
func (s *Source) ReadErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.readErr
}

// Finish reads the files if no search did, so that their problems are
// reported as loading them would have.
func (s *Source) Finish() {
	s.mu.Lock()
	read := s.read
	s.mu.Unlock()
	if !read {
		st, err := s.readChunks(s.opt, func(int, int, *ingest.Event) error { return nil })
		s.done(st, err)
	}
}

// readChunks reads the files as ingest.ReadChunks does, leaving out the
// events Keep refuses.
func (s *Source) readChunks(opt ingest.Options, fn func(worker, chunk int, ev *ingest.Event) error) (ingest.Stats, error) {
	if s.Keep != nil {
		inner := fn
		fn = func(worker, chunk int, ev *ingest.Event) error {
			if !s.Keep(ev) {
				return nil
			}
			return inner(worker, chunk, ev)
		}
	}
	return ingest.ReadChunks(s.paths, opt, s.workers, fn)
}

// done records the end of a read: the first one reports its stats.
func (s *Source) done(st ingest.Stats, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.read {
		return
	}
	s.read, s.readErr = true, err
	s.report(st)
}

// errRead stops a search whose files could not be read; the caller
// reports ReadErr.
var errRead = errors.New("the data could not be read")

// loadStore loads every event into a Store, once.
func (s *Source) loadStore() (*store.Store, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.store != nil || s.storeErr != nil {
		return s.store, s.storeErr
	}
	loaded, err := store.NewWith(s.base)
	if err != nil {
		s.storeErr = err
		return nil, err
	}
	var keep func(*ingest.Event) (bool, error)
	if s.Keep != nil {
		keep = func(ev *ingest.Event) (bool, error) { return s.Keep(ev), nil }
	}
	st, err := loaded.AddPaths(s.paths, s.opt, s.workers, keep)
	if !s.read {
		s.read, s.readErr = true, err
		s.report(st)
	}
	if err != nil {
		s.storeErr = errRead
		return nil, errRead
	}
	s.store = loaded
	return loaded, nil
}

// Dataset implements engine.Source.
func (s *Source) Dataset(name string) (engine.Dataset, error) {
	def, err := datamodel.CheckedDataset(s.base, name)
	if err != nil {
		return nil, err
	}
	return &streamDataset{s: s, def: def}, nil
}

// streamDataset is a dataset built from the files each time it is read.
type streamDataset struct {
	s   *Source
	def *datamodel.DatasetDef
}

func (d *streamDataset) Name() string   { return d.def.Name() }
func (d *streamDataset) Object() string { return d.def.Object() }

// Scan implements engine.Dataset: every row is kept until the scan ends,
// to hand them over in search order.
func (d *streamDataset) Scan(ctx context.Context, fn func(value.Fields) error) error {
	return d.ScanFiltered(ctx, engine.EventScan{NewKeep: func() func(value.Fields) bool { return func(value.Fields) bool { return true } }}, fn)
}

// Events implements engine.Dataset through a Store.
func (d *streamDataset) Events(ctx context.Context, fn func(event, row value.Fields) error) error {
	loaded, err := d.s.loadStore()
	if err != nil {
		return err
	}
	ds, err := loaded.Dataset(d.def.Name())
	if err != nil {
		return err
	}
	return ds.Events(ctx, fn)
}

// keptRow is a row that passed the filter, with what orders it: newest
// first, then in the order a Store would hold it (chunk, then position).
type keptRow struct {
	t     float64
	chunk int
	n     int
	row   value.Fields
	// c is the row encoded, in place of row, for a scan that holds
	// every event it keeps (Source.Scan).
	c *store.CompactRow
}

// streamWorker builds rows on one goroutine: its own compiled knowledge,
// dataset and filter, since compiled expressions are not meant to be
// shared between goroutines.
type streamWorker struct {
	sh   *datamodel.DatasetShaper
	keep func(value.Fields) bool
	kept []keptRow
	// buf is the space of the last row, for an unordered scan, whose
	// fn keeps no row.
	buf value.Fields
	// batch holds an unordered scan's rows not yet handed to fn, copied
	// into slab: fn is called a batch at a time, under one lock taken
	// per batch rather than per row.
	batch []value.Fields
	slab  value.Fields
	// chunk is the chunk being read and n the events of it so far.
	chunk, n int
}

// ScanFiltered implements engine.FilteredDataset.
func (d *streamDataset) ScanFiltered(ctx context.Context, rs engine.EventScan, fn func(value.Fields) error) error {
	s := d.s
	fields, must, newKeep := rs.Fields, rs.Must, rs.NewKeep
	// The text an event must hold to give a row that passes
	// (DatasetShaper.Pieces), and the fields of the events that the
	// reduced knowledge and dataset read, which the readers alone then
	// extract. The knowledge and dataset compiled for that go to the
	// first goroutine; the others compile their own on their first
	// event, so that their compiling (some 25 ms) runs in parallel.
	first, err := datamodel.NewDatasetShaper(s.base, d.def)
	if err != nil {
		return err
	}
	opt := s.opt
	if len(must) > 0 {
		opt.Need = first.Pieces(must)
	}
	first.Reduce(fields)
	opt.Fields = first.EventFields()
	// The rows are made during the callback and keep no part of _raw
	// when the projection leaves it out: the reader need not copy it.
	opt.RawView = true
	workers := make([]*streamWorker, s.workers)
	var mu sync.Mutex   // guards newKeep, first and setupErr
	var fnMu sync.Mutex // fn is called from one goroutine at a time
	var fnErr error     // what fn returned, when it stopped the read
	var setupErr error
	// handOnBatch gives fn a worker's batch, one goroutine at a time,
	// and empties it; fn keeps no row, so the slab is used again.
	handOnBatch := func(w *streamWorker) error {
		fnMu.Lock()
		defer fnMu.Unlock()
		for _, r := range w.batch {
			if fnErr != nil {
				break
			}
			fnErr = fn(r)
		}
		clear(w.batch)
		w.batch, w.slab = w.batch[:0], w.slab[:0]
		return fnErr
	}
	setup := func() (*streamWorker, error) {
		mu.Lock()
		sh := first
		first = nil
		mu.Unlock()
		if sh == nil {
			var err error
			if sh, err = datamodel.NewDatasetShaper(s.base, d.def); err != nil {
				return nil, err
			}
			// Compute only what the fields read need.
			sh.Reduce(fields)
		}
		mu.Lock()
		defer mu.Unlock()
		return &streamWorker{sh: sh, keep: newKeep(), chunk: -1}, nil
	}
	// The shaper copies an event's fields into its row: the readers may
	// reuse the slice.
	opt.ReuseFields = true
	st, err := s.readChunks(opt, func(worker, chunk int, ev *ingest.Event) error {
		w := workers[worker]
		if w == nil {
			var err error
			if w, err = setup(); err != nil {
				mu.Lock()
				setupErr = err
				mu.Unlock()
				return err
			}
			workers[worker] = w
		}
		if w.chunk != chunk {
			w.chunk, w.n = chunk, 0
		}
		n := w.n
		w.n++
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		evRow := w.sh.Event(ev)
		// Ordered as a Store orders events: by the event's _time.
		t, isNum := evRow.Get("_time").Number()
		if !isNum {
			t = math.Inf(-1)
		}
		// The event row is not kept: the dataset's calculations may
		// work on it in place.
		var row value.Fields
		var ok bool
		if rs.Unordered {
			row, ok = w.sh.RowInto(evRow, w.buf)
			if ok {
				w.buf = row
			}
		} else {
			row, ok = w.sh.Row(evRow)
		}
		if !ok || !w.keep(row) {
			return nil
		}
		if rs.Unordered {
			if cap(w.slab)-len(w.slab) < len(row) {
				w.slab = make(value.Fields, 0, max(unorderedBatch*len(row), len(row)))
			}
			at := len(w.slab)
			w.slab = append(w.slab, row...)
			w.batch = append(w.batch, w.slab[at:len(w.slab):len(w.slab)])
			if len(w.batch) < unorderedBatch {
				return nil
			}
			return handOnBatch(w)
		}
		w.kept = append(w.kept, keptRow{t: t, chunk: chunk, n: n, row: row})
		return nil
	})
	if setupErr != nil {
		return setupErr
	}
	if fnErr != nil {
		// The search stopped the read: not a problem of the data.
		s.done(st, nil)
		return fnErr
	}
	s.done(st, err)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return errRead
	}
	if rs.Unordered {
		for _, w := range workers {
			if w != nil {
				if err := handOnBatch(w); err != nil {
					return err
				}
			}
		}
		return nil
	}
	var kept []keptRow
	for _, w := range workers {
		if w != nil {
			kept = append(kept, w.kept...)
		}
	}
	sort.Slice(kept, func(i, j int) bool {
		a, b := kept[i], kept[j]
		if a.t != b.t {
			return a.t > b.t
		}
		if a.chunk != b.chunk {
			return a.chunk < b.chunk
		}
		return a.n < b.n
	})
	for _, k := range kept {
		if err := fn(k.row); err != nil {
			return err
		}
	}
	return nil
}

// Knowledge implements engine.KnowledgeSource.
func (s *Source) Knowledge() (engine.Knowledge, error) { return datamodel.SearchKnowledge(s.base) }

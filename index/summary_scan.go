package index

import (
	"context"
	"os"
	"sync"
	"sync/atomic"

	"github.com/parquet-go/parquet-go"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// sumDataset is a dataset read from its summary parts: the rows the
// indexing built, as the events would build them with the knowledge of
// the search (their fingerprint says so).
type sumDataset struct {
	s     *Source
	def   *datamodel.DatasetDef
	parts []SummaryPart
	// events is the dataset built from the events, for Events (whole
	// events are not in the summary).
	events *dataset
}

func (d *sumDataset) Name() string   { return d.def.Name() }
func (d *sumDataset) Object() string { return d.def.Object() }

// Scan implements engine.Dataset.
func (d *sumDataset) Scan(ctx context.Context, fn func(value.Fields) error) error {
	return d.ScanFiltered(ctx, engine.EventScan{}, fn)
}

// Events implements engine.Dataset with the events the rows were built
// from, read from the index's events.
func (d *sumDataset) Events(ctx context.Context, fn func(event, row value.Fields) error) error {
	return d.events.Events(ctx, fn)
}

// sumUnit is one row group of one summary part.
type sumUnit struct {
	part *SummaryPart
	g    int
}

// ScanFiltered implements engine.FilteredDataset. Of each row group, the
// columns of the fields rs.Must names are read first, and a row group
// none of whose values can meet them is left there; then the columns of
// rs.Fields, and rows are made only of the candidates. Row groups are
// read in parallel; the kept rows are handed over in a store's order
// (newest first, then as read) unless rs.Unordered.
func (d *sumDataset) ScanFiltered(ctx context.Context, rs engine.EventScan, fn func(value.Fields) error) error {
	s := d.s
	s.Report()
	newKeep := rs.NewKeep
	if newKeep == nil {
		newKeep = func() func(value.Fields) bool { return func(value.Fields) bool { return true } }
	}
	units := d.units()
	want := wantSet(rs.Fields)
	var mu sync.Mutex // guards calls of fn and fnErr
	var fnErr error
	handOn := func(rows []value.Fields) error {
		mu.Lock()
		defer mu.Unlock()
		for _, r := range rows {
			if fnErr != nil {
				return fnErr
			}
			fnErr = fn(r)
		}
		return fnErr
	}
	kepts := make([][]kept, s.workers)
	r, done := s.sumReader()
	defer done()
	err := shareUnits(ctx, s.workers, units, func(w int, next func() (sumUnit, bool)) error {
		keep := newKeep()
		st := sumTypes{}
		var buf value.Fields
		var out []value.Fields
		for u, ok := next(); ok; u, ok = next() {
			full := s.dir + "/" + u.part.Path
			gr, err := r.group(u, want, rs.Must, !rs.Unordered)
			if err != nil || gr == nil {
				if err != nil {
					return err
				}
				continue
			}
			for row := range gr.n {
				var t float64
				if buf, t, err = gr.row(row, st, buf); err != nil {
					return &CorruptError{Path: full, Err: err}
				}
				if !keep(buf) {
					continue
				}
				if !rs.Unordered {
					kepts[w] = append(kepts[w], kept{t: t, seq: gr.seq[row], row: buf.Clone()})
					continue
				}
				out = append(out, buf.Clone())
				if len(out) >= unorderedBatch {
					if err := handOn(out); err != nil {
						return errStopped
					}
					out = out[:0]
				}
			}
		}
		if rs.Unordered && len(out) > 0 && ctx.Err() == nil {
			if err := handOn(out); err != nil {
				return errStopped
			}
		}
		return nil
	})
	if fnErr != nil {
		return fnErr
	}
	if err != nil {
		return err
	}
	if rs.Unordered {
		return nil
	}
	var all []kept
	for _, k := range kepts {
		all = append(all, k...)
	}
	sortKept(all)
	for _, k := range all {
		if err := fn(k.row); err != nil {
			return err
		}
	}
	return nil
}

// units lists the dataset's row groups: the units its scans share out.
func (d *sumDataset) units() []sumUnit {
	var units []sumUnit
	for i := range d.parts {
		for g := range d.parts[i].RowGroups {
			units = append(units, sumUnit{part: &d.parts[i], g: g})
		}
	}
	return units
}

// shareUnits runs worker on up to workers goroutines (one per unit at
// most); each takes units from next until they run out, ctx is done or
// another worker failed. It returns the first worker's error in worker
// order, as the goroutines' own errors come before errStopped's cause.
func shareUnits(ctx context.Context, workers int, units []sumUnit, worker func(w int, next func() (sumUnit, bool)) error) error {
	var at atomic.Int64
	var stop atomic.Bool
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range min(workers, len(units)) {
		wg.Go(func() {
			next := func() (sumUnit, bool) {
				if stop.Load() {
					return sumUnit{}, false
				}
				i := int(at.Add(1) - 1)
				if i >= len(units) {
					return sumUnit{}, false
				}
				if err := ctx.Err(); err != nil {
					errs[w] = err
					return sumUnit{}, false
				}
				return units[i], true
			}
			if err := worker(w, next); err != nil {
				errs[w] = err
				stop.Store(true)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// sumReader opens each summary part once for every goroutine of a scan
// (a parquet.File serves concurrent readers; its metadata and page
// index are then decoded once).
type sumReader struct {
	dir   string
	mu    sync.Mutex
	parts map[string]*openSum
	cache *colCache // nil: each scan decodes its own columns
	// places reads the summaries' copies back from the event parts.
	places *eventPlaces
}

// openSum is a part opened, or being opened, for a scan.
type openSum struct {
	once sync.Once
	f    *os.File
	sp   *sumPart
	err  error
}

func newSumReader(dir string) *sumReader {
	return &sumReader{dir: dir, parts: map[string]*openSum{}, places: newEventPlaces(dir)}
}

// group reads u's row group (nil when no row of it can be kept), with
// the rows' reading order when seq is set.
func (r *sumReader) group(u sumUnit, want map[string]bool, must []engine.Contains, seq bool) (*sumGroup, error) {
	full := r.dir + "/" + u.part.Path
	r.mu.Lock()
	o := r.parts[u.part.Path]
	if o == nil {
		o = &openSum{}
		r.parts[u.part.Path] = o
	}
	r.mu.Unlock()
	o.once.Do(func() {
		o.f, o.sp, o.err = openSumPart(r.dir, u.part.Path)
		if o.sp != nil {
			o.sp.cache, o.sp.path, o.sp.places = r.cache, u.part.Path, r.places
		}
	})
	if o.err != nil {
		return nil, o.err
	}
	return guard(full, func() (*sumGroup, error) { return o.sp.readGroup(u.g, want, must, seq) })
}

// close closes the parts opened, once the scan's goroutines are done.
func (r *sumReader) close() {
	for _, o := range r.parts {
		if o.f != nil {
			o.f.Close()
		}
	}
	r.parts = nil
	r.places.close()
}

// openSumPart opens a summary part: from its footer as readSumMeta reads
// it, or by parquet-go when readSumMeta refuses it (whose errors then
// name what is wrong).
func openSumPart(dir, rel string) (*os.File, *sumPart, error) {
	full := dir + "/" + rel
	if path, err := safeJoin(dir, rel); err == nil && !pqPagesOnly {
		if f, err := os.Open(path); err == nil {
			sp, err := guard(full, func() (*sumPart, error) {
				st, err := f.Stat()
				if err != nil {
					return nil, err
				}
				m, err := readSumMeta(f, st.Size())
				if err != nil {
					return nil, err
				}
				return newSumPartMeta(m)
			})
			if err == nil {
				return f, sp, nil
			}
			f.Close()
		}
	}
	f, pf, err := openSummary(dir, rel)
	if err != nil {
		return nil, nil, err
	}
	sp, err := guard(full, func() (*sumPart, error) { return newSumPart(pf) })
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, sp, nil
}

// openSummary opens a summary part. The page index, which lets a scan
// read only the pages holding the rows it keeps, is read a column chunk
// at a time when a scan first seeks in it (pageFirsts), not whole: a
// search reads a few of a part's columns.
func openSummary(dir, rel string) (*os.File, *parquet.File, error) {
	return openParquet(dir, rel, parquet.SkipBloomFilters(true), parquet.SkipPageIndex(true))
}

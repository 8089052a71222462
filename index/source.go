package index

import (
	"context"
	"fmt"
	"math"
	"os"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/parquet-go/parquet-go"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// Source is an engine.Source over an index folder. A search reads only the
// parts its Skip and the dataset's constraints leave, only the columns
// the fields it reads are made from, row groups in parallel; each event
// gets the add-on knowledge as it is read, as a search over the raw files
// gives it, so the results are theirs.
type Source struct {
	dir     string
	m       *Manifest
	base    *datamodel.Base
	workers int
	report  func(ingest.Stats)
	// Keep, when set, is asked about each event read (its fields limited
	// to those the search reads); false leaves it out, as
	// store.Store.AddPaths' keep does. WithKeep sets it for one use.
	Keep func(*ingest.Event) bool
	sh   *shared
}

// shared is what the copies WithKeep makes share.
type shared struct {
	once  sync.Once
	mu    sync.Mutex
	store *store.Store
	sums  *sumReader // the summary scans' shared reader (ShareSummaryReads)
}

// WithKeep is s reading only the events keep lets through, for one
// search while others read s.
func (s *Source) WithKeep(keep func(*ingest.Event) bool) *Source {
	c := *s
	c.Keep = keep
	return &c
}

// Open makes a Source over the index folder dir, reading with up to
// workers goroutines; b nil means the built-in knowledge. report gets,
// once, what reading the indexed files found (as a read of the files
// would report it).
func Open(dir string, b *datamodel.Base, workers int, report func(ingest.Stats)) (*Source, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	if b == nil {
		if b, err = datamodel.Builtin(); err != nil {
			return nil, err
		}
	}
	if report == nil {
		report = func(ingest.Stats) {}
	}
	return &Source{dir: dir, m: m, base: b, workers: max(workers, 1), report: report, sh: &shared{}}, nil
}

// Manifest is the index's manifest.
func (s *Source) Manifest() *Manifest { return s.m }

// Report gives report the stats of the indexed files' reads, once.
func (s *Source) Report() { s.sh.once.Do(func() { s.report(s.m.Stats()) }) }

// Stats merges what the runs' reads found, as one read of every indexed
// file would report it.
func (m *Manifest) Stats() ingest.Stats {
	total := ingest.Stats{BySourcetype: map[string]int{}}
	for _, r := range m.Runs {
		st := r.Stats
		total.Events += st.Events
		total.Bad += st.Bad
		total.Files += st.Files
		total.InvalidUTF8 += st.InvalidUTF8
		for _, p := range st.Problems {
			if len(total.Problems) < 20 {
				total.Problems = append(total.Problems, p)
			}
		}
		for _, p := range st.Notes {
			if len(total.Notes) < 20 {
				total.Notes = append(total.Notes, p)
			}
		}
		for k, v := range st.BySourcetype {
			total.BySourcetype[k] += v
		}
	}
	return total
}

// End is the latest event time of the index, and false when it has none.
func (m *Manifest) End() (float64, bool) {
	end, ok := math.Inf(-1), false
	for _, p := range m.Parts {
		if p.Events > 0 && p.MaxTime > end {
			end, ok = p.MaxTime, true
		}
	}
	return end, ok
}

// Knowledge implements engine.KnowledgeSource.
func (s *Source) Knowledge() (engine.Knowledge, error) { return datamodel.SearchKnowledge(s.base) }

// partInfo is what a part tells of its events without reading them
// (engine.Partition): its index and sourcetype, when no knowledge changes
// them.
type partInfo struct {
	p     *PartEntry
	known map[string]bool
}

func (pi partInfo) Known(field string) bool { return pi.known[field] }

func (pi partInfo) Values(field string) ([]value.Value, bool, bool) {
	switch {
	case !pi.known[field]:
		return nil, false, false
	case field == "index":
		return []value.Value{value.Str(pi.p.Index)}, false, true
	default:
		return []value.Value{value.Str(pi.p.Sourcetype)}, false, true
	}
}

// Len is the part's events, for a trace's count of the events skipped.
func (pi partInfo) Len() int { return int(pi.p.Events) }

// unit is one row group of one part: what one goroutine reads at a time.
type unit struct {
	part *PartEntry
	g    int
}

// units lists the row groups of the parts that skip does not rule out.
func (s *Source) units(sh *datamodel.EventShaper, skip func(engine.Partition) bool) []unit {
	known := map[string]bool{}
	for _, f := range []string{"index", "sourcetype"} {
		known[f] = !sh.Sets(f)
	}
	var out []unit
	for i := range s.m.Parts {
		p := &s.m.Parts[i]
		if skip != nil && skip(partInfo{p: p, known: known}) {
			continue
		}
		for g := range p.RowGroups {
			out = append(out, unit{part: p, g: g})
		}
	}
	return out
}

// inSpan keeps the units of parts whose events' times may lie in span.
func inSpan(units []unit, span timeSpan) []unit {
	if !span.bounded() {
		return units
	}
	out := units[:0:0]
	for _, u := range units {
		if u.part.Events > 0 && span.overlaps(u.part.MinTime, u.part.MaxTime) {
			out = append(out, u)
		}
	}
	return out
}

// openParts opens each part a scan reads once for all its goroutines,
// and closes it when its last row group has been read.
type openParts struct {
	dir   string
	mu    sync.Mutex
	parts map[string]*partRead
	// meta opens a part from its footer as readSumMeta reads it, when
	// it reads it (partRead.meta), not by parquet-go: the reads of a
	// hunt take their row groups from rowGroup.
	meta bool
}

// partRead is a part open for reading, and how many of its row groups
// are still to be read.
type partRead struct {
	once sync.Once
	f    *os.File
	pf   *parquet.File
	meta *sumMeta // the footer, when read by readSumMeta (pf nil then)
	cols map[string]int
	err  error
	left int
}

func newOpenParts(dir string, units []unit) *openParts {
	o := &openParts{dir: dir, parts: map[string]*partRead{}}
	for _, u := range units {
		op := o.parts[u.part.Path]
		if op == nil {
			op = &partRead{}
			o.parts[u.part.Path] = op
		}
		op.left++
	}
	return o
}

// acquire opens u's part, once.
func (o *openParts) acquire(u unit) (*partRead, error) {
	o.mu.Lock()
	op := o.parts[u.part.Path]
	o.mu.Unlock()
	op.once.Do(func() {
		if o.meta && op.openMeta(o.dir, u.part.Path) {
			return
		}
		op.f, op.pf, op.err = openPart(o.dir, u.part.Path)
		if op.err == nil {
			full := o.dir + "/" + u.part.Path
			op.cols, op.err = guard(full, func() (map[string]int, error) { return partColumns(op.pf) })
		}
	})
	return op, op.err
}

// openMeta opens the part at rel from its footer as readSumMeta reads
// it: false when it cannot (parquet-go opens it then, its errors naming
// what is wrong).
func (op *partRead) openMeta(dir, rel string) bool {
	path, err := safeJoin(dir, rel)
	if err != nil || pqPagesOnly {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	m, err := guard(path, func() (*sumMeta, error) {
		st, err := f.Stat()
		if err != nil {
			return nil, err
		}
		return readSumMeta(f, st.Size())
	})
	if err != nil {
		f.Close()
		return false
	}
	op.f, op.meta, op.cols = f, m, make(map[string]int, len(m.cols))
	for i, name := range m.cols {
		op.cols[name] = i
	}
	return true
}

// rowGroup is row group g of the part, open.
func (op *partRead) rowGroup(g int) (sumRG, error) {
	if op.meta != nil {
		if g >= len(op.meta.groups) {
			return sumRG{}, fmt.Errorf("row group %d missing (%d)", g, len(op.meta.groups))
		}
		return sumRG{meta: op.meta, g: g}, nil
	}
	if g >= len(op.pf.RowGroups()) {
		return sumRG{}, fmt.Errorf("row group %d missing (%d)", g, len(op.pf.RowGroups()))
	}
	return sumRG{pq: op.pf.RowGroups()[g]}, nil
}

// release tells that u has been read: its part is closed after its last
// row group.
func (o *openParts) release(u unit) {
	o.mu.Lock()
	defer o.mu.Unlock()
	op := o.parts[u.part.Path]
	op.left--
	if op.left == 0 && op.f != nil {
		op.f.Close()
		op.f, op.pf, op.meta = nil, nil, nil
	}
}

// closeAll closes the parts a stopped scan left open.
func (o *openParts) closeAll() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, op := range o.parts {
		if op.f != nil {
			op.f.Close()
			op.f, op.pf, op.meta = nil, nil, nil
		}
	}
}

// readSpec is what a scan reads of each row group: _raw or not, the
// fields of want (nil: all), and only the rows that pass tests and whose
// _time may lie in span.
type readSpec struct {
	withRaw bool
	want    map[string]bool
	tests   []colTest
	span    timeSpan
}

// group reads u's row group: the tested columns first, then the others
// at the rows that passed.
func (o *openParts) group(u unit, spec readSpec, lay layouts) (*group, error) {
	op, err := o.acquire(u)
	if err != nil {
		return nil, err
	}
	full := o.dir + "/" + u.part.Path
	return guard(full, func() (*group, error) {
		if u.g >= len(op.pf.RowGroups()) {
			return nil, fmt.Errorf("row group %d missing (%d)", u.g, len(op.pf.RowGroups()))
		}
		tests, none := partTests(spec.tests, op.cols)
		if none {
			return &group{}, nil
		}
		sel, all, err := selectRows(op.pf, op.cols, u.g, tests, spec.span)
		if err != nil {
			return nil, err
		}
		if !all && len(sel) == 0 {
			return &group{}, nil
		}
		return readGroup(sumRG{pq: op.pf.RowGroups()[u.g]}, op.cols, spec.withRaw, spec.want, sel, nil, lay)
	})
}

// eachEvent reads the units on the Source's goroutines and calls fn with
// each event that Keep lets through, its order key (_spelunk_seq) and the
// goroutine's number. An error from fn stops the read.
func (s *Source) eachEvent(ctx context.Context, units []unit, withRaw bool, want map[string]bool,
	interrupt func() error, fn func(worker int, ev *ingest.Event, seq int64) error) error {
	return s.eachRead(ctx, units, readSpec{withRaw: withRaw, want: want, span: allTime}, interrupt, fn)
}

// eachRead is eachEvent reading as spec says: an event whose row fails
// spec's tests is never made.
func (s *Source) eachRead(ctx context.Context, units []unit, spec readSpec,
	interrupt func() error, fn func(worker int, ev *ingest.Event, seq int64) error) error {
	var next, events atomic.Int64
	var stop atomic.Bool
	errs := make([]error, s.workers)
	parts := newOpenParts(s.dir, units)
	defer parts.closeAll()
	var wg sync.WaitGroup
	for w := range min(s.workers, len(units)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lay := layouts{}
			var ev ingest.Event
			n := 0 // events this goroutine has read
			for !stop.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(units) {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[w] = err
					stop.Store(true)
					return
				}
				gr, err := parts.group(units[i], spec, lay)
				parts.release(units[i])
				if err != nil {
					errs[w] = err
					stop.Store(true)
					return
				}
				full := s.dir + "/" + units[i].part.Path
				for row := range gr.n {
					if err := gr.event(row, lay, &ev); err != nil {
						errs[w] = &CorruptError{Path: full, Err: err}
						stop.Store(true)
						return
					}
					read := events.Add(1)
					if n%256 == 0 && interrupt != nil {
						if err := interrupt(); err != nil {
							errs[w] = &StoppedError{Events: int(read), Err: err}
							stop.Store(true)
							return
						}
					}
					n++
					if s.Keep != nil && !s.Keep(&ev) {
						continue
					}
					if err := fn(w, &ev, gr.seq.ints[row]); err != nil {
						errs[w] = err
						stop.Store(true)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil && err != errStopped {
			return err
		}
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// StoppedError is a read of the index that the scan's Interrupt stopped,
// after Events events.
type StoppedError struct {
	Events int
	Err    error
}

func (e *StoppedError) Error() string {
	return fmt.Sprintf("while reading the index (%d events so far): %v", e.Events, e.Err)
}

func (e *StoppedError) Unwrap() error { return e.Err }

// errStopped stops the other goroutines once fn has failed on one.
var errStopped = fmt.Errorf("the scan stopped")

// kept is an event or row kept until the scan ends, with what orders it.
type kept struct {
	t   float64
	seq int64
	row value.Fields
	c   *store.CompactRow
	ev  *ingest.Event
}

// sortKept orders kept rows as a store orders events: newest first, then
// in the order they were read.
func sortKept(k []kept) {
	sort.Slice(k, func(i, j int) bool {
		if k[i].t != k[j].t {
			return k[i].t > k[j].t
		}
		return k[i].seq < k[j].seq
	})
}

func rowTime(row value.Fields) float64 {
	t, ok := row.Get("_time").Number()
	if !ok {
		return math.Inf(-1)
	}
	return t
}

// wantSet is the set of event fields to read; nil for all.
func wantSet(fields []string) map[string]bool {
	if fields == nil {
		return nil
	}
	out := map[string]bool{}
	for _, f := range fields {
		out[f] = true
	}
	return out
}

// needsRaw reports whether the events must have their _raw: something
// reads it, or linecount, which is counted from it.
func needsRaw(want map[string]bool) bool {
	return want == nil || want["_raw"] || want["linecount"]
}

// holdsAll reports whether s holds every piece.
func holdsAll(s string, pieces []string) bool {
	for _, p := range pieces {
		if engine.IndexFoldASCII(s, p) < 0 {
			return false
		}
	}
	return true
}

// AddSieved adds the index's events to st as st.AddPathsSieved adds a
// read of the indexed files (the one-read hunt): read on every goroutine,
// each event shaped, kept by keep and sieved there, and held in the order
// the files give. The sieve's chunk is the chunk of the files' read the
// event came from (its _spelunk_seq's high half). Events whose _time lies
// outside [lo, hi), which keep must refuse, are left unread.
func (s *Source) AddSieved(ctx context.Context, st *store.Store, keep func(*ingest.Event) (bool, error), sieve store.Sieve, other *store.Store, lo, hi float64) error {
	s.Report()
	es, err := datamodel.NewEventShaper(s.base)
	if err != nil {
		return err
	}
	span := timeSpan{lo, hi}
	units := inSpan(s.units(es, nil), span)
	return st.AddEventsSieved(s.workers, func(fn func(worker, chunk int, pos int64, ev *ingest.Event) error) error {
		return s.eachRead(ctx, units, readSpec{withRaw: true, span: span}, nil, func(w int, ev *ingest.Event, seq int64) error {
			return fn(w, int(seq>>32), seq&(1<<32-1), ev)
		})
	}, keep, sieve, other)
}

// LoadRange is LoadInto leaving unread the events whose _time lies
// outside [lo, hi), which keep must refuse (--earliest, --latest).
func (s *Source) LoadRange(ctx context.Context, st *store.Store, keep func(*ingest.Event) (bool, error), lo, hi float64) error {
	s.Report()
	es, err := datamodel.NewEventShaper(s.base)
	if err != nil {
		return err
	}
	span := timeSpan{lo, hi}
	var mu sync.Mutex
	var all []kept
	err = s.eachRead(ctx, inSpan(s.units(es, nil), span), readSpec{withRaw: true, span: span}, nil, func(_ int, ev *ingest.Event, seq int64) error {
		if keep != nil {
			ok, err := keep(ev)
			if err != nil || !ok {
				return err
			}
		}
		c := *ev
		c.Fields = append(value.Fields(nil), ev.Fields...)
		mu.Lock()
		all = append(all, kept{seq: seq, ev: &c})
		mu.Unlock()
		return nil
	})
	if err != nil {
		return err
	}
	sort.Slice(all, func(i, j int) bool { return all[i].seq < all[j].seq })
	for i := range all {
		st.Add(all[i].ev)
		all[i].ev = nil
	}
	return nil
}

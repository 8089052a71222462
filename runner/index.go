package runner

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/index"
	"github.com/spelunk-dev/spelunk/ingest"
)

// indexState is the index folder Config.Data names, opened once.
type indexState struct {
	once sync.Once
	src  *index.Source
	err  error
}

// IndexDir is the index folder (spelunk index) Config.Data names, and
// whether it names one: then searches read it instead of log files.
func (r *Runner) IndexDir() (string, bool) {
	if len(r.cfg.Data) != 1 || !index.IsIndex(r.cfg.Data[0]) {
		return "", false
	}
	return r.cfg.Data[0], true
}

// indexSource opens the index folder once. What reading its files found
// is reported by each use, as each read of the files reports it.
func (r *Runner) indexSource() (*index.Source, error) {
	r.idx.once.Do(func() {
		dir, _ := r.IndexDir()
		// How to read the files was settled when they were indexed.
		in := r.cfg.Ingest
		for _, o := range []struct{ flag, val string }{{"--sourcetype", in.Sourcetype}, {"--source", in.Source},
			{"--host", in.Host}, {"--index", in.Index}} {
			if o.val != "" {
				r.idx.err = &ConfigError{Setting: o.flag, Value: o.val,
					Err: fmt.Errorf("applies when indexing (spelunk index); %s is an index folder", dir)}
				return
			}
		}
		kb, err := r.Base()
		if err != nil {
			r.idx.err = err
			return
		}
		src, err := index.Open(dir, kb, r.cfg.Workers, nil)
		if err != nil {
			r.idx.err = &DataError{Err: err}
			return
		}
		r.idx.src = src
	})
	return r.idx.src, r.idx.err
}

// IndexSource is the index folder Config.Data names, opened once, and
// false when it names log files.
func (r *Runner) IndexSource() (*index.Source, bool, error) {
	if _, ok := r.IndexDir(); !ok {
		return nil, false, nil
	}
	src, err := r.indexSource()
	return src, true, err
}

// addData adds Config.Data to st, from the log files or the index
// folder, and returns what reading the files found.
func (r *Runner) addData(st *store.Store, keep func(*ingest.Event) (bool, error), sieve store.Sieve, other *store.Store, narrow *index.Narrow) (ingest.Stats, error) {
	if _, ok := r.IndexDir(); !ok {
		return st.AddPathsSieved(r.cfg.Data, r.cfg.Ingest, r.cfg.Workers, keep, sieve, other)
	}
	src, err := r.indexSource()
	if err != nil {
		return ingest.Stats{}, err
	}
	lo, hi, err := r.indexWindow()
	if err != nil {
		return ingest.Stats{}, err
	}
	// The stats are reported by the caller, as a read's.
	if sieve != nil {
		return src.Manifest().Stats(), src.AddNarrowed(context.Background(), st, keep, sieve, other, lo, hi, narrow)
	}
	return src.Manifest().Stats(), src.LoadRange(context.Background(), st, keep, lo, hi)
}

// indexWindow is the range of _time a load keeps (--earliest, --latest),
// worked out as keep works it out, so that the index's reader leaves what
// lies outside unread. The data's end is taken from the manifest first,
// as a read of every event would see it.
func (r *Runner) indexWindow() (lo, hi float64, err error) {
	if !r.HasWindow() {
		return math.Inf(-1), math.Inf(1), nil
	}
	if _, _, err := r.scanEnd(); err != nil {
		return 0, 0, err
	}
	now := r.cfg.Now
	if now.IsZero() && r.WindowNeedsNow() {
		now = time.Now()
		if end, ok := r.end.get(); ok {
			now = endTime(end)
		}
	}
	return r.Window(now)
}

// dataEndOf is ScanEnd of Config.Data: for an index, its manifest's.
func (r *Runner) dataEndOf() (float64, bool, error) {
	if _, ok := r.IndexDir(); !ok {
		return ScanEnd(r.cfg.Data, r.cfg.Ingest)
	}
	src, err := r.indexSource()
	if err != nil {
		return 0, false, err
	}
	end, ok := src.Manifest().End()
	return end, ok, nil
}

// runIndexed runs a search that streams (see streams) over the index
// folder: what it reports is what streaming the indexed files reports,
// in the same order (the data's problems, then the search's notices).
func (r *Runner) runIndexed(ctx context.Context, s *Search, o RunOptions) (*engine.Result, error) {
	pacer := NewGCPacer(streamGCHeadroom, 400)
	pacer.Adjust()
	defer pacer.Stop()
	src, err := r.indexSource()
	if err != nil {
		return nil, err
	}
	r.problems(src.Manifest().Stats())
	if o.Now.IsZero() && r.cfg.Now.IsZero() && usesNow(s) {
		if o.Now, err = r.Now(s, nil); err != nil {
			return nil, err
		}
	}
	src = src.WithKeep(func(ev *ingest.Event) bool {
		pacer.Tick()
		return r.cfg.Keep == nil || r.cfg.Keep(ev)
	})
	opt, err := r.EngineOptions(s, o)
	if err != nil {
		return nil, err
	}
	res, runErr := engine.Run(ctx, s.Pipeline, src, opt)
	var ce *index.CorruptError
	if errors.As(runErr, &ce) {
		return nil, &DataError{Err: ce}
	}
	var se *index.StoppedError
	var ie *Interrupted
	if errors.As(runErr, &se) && errors.As(runErr, &ie) {
		// A read stopped says how far it got, as a read of the files does.
		return nil, &Interrupted{Err: ie.Err, Reading: true, Events: se.Events}
	}
	if o.Trace != nil && runErr == nil {
		o.Trace.Plan.Streamed = true
	}
	return res, r.runError(s, runErr)
}

// checkIndexData refuses an index folder given with other data.
func (r *Runner) checkIndexData() error {
	if len(r.cfg.Data) < 2 {
		return nil
	}
	for _, d := range r.cfg.Data {
		if index.IsIndex(d) {
			return &DataError{Err: fmt.Errorf("%s is an index folder: give it alone as --data", d)}
		}
	}
	return nil
}

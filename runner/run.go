package runner

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/datamodel/stream"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/macros"
	"github.com/spelunk-dev/spelunk/spl"
)

// RunOptions change one run from what the Config says.
type RunOptions struct {
	// Now, when set, replaces Config.Now.
	Now time.Time
	// Trace, when set, counts rows through the pipeline.
	Trace *engine.Trace
	// Quiet drops the run's notices instead of giving them to
	// Config.Notice.
	Quiet bool
	// Compact lets the result be compact (engine.Options.Compact): the
	// caller reads it with Len and Row, or calls Materialize.
	Compact bool
}

// Run runs a prepared search over Config.Data. A search that starts with
// tstats over a data model streams the data (see streams) unless
// Config.Strict must judge the data first; any other loads it into the
// runner's store once. Errors: *SearchError for the search itself,
// *DataError, *StrictError, *ConfigError, *Interrupted.
func (r *Runner) Run(ctx context.Context, s *Search) (*engine.Result, error) {
	return r.RunWith(ctx, s, RunOptions{})
}

// RunWith is Run with o: the same choice of streaming or loading, so that
// a trace (spelunk explain) counts the rows of the plan Run runs, and
// says in its Plan which was chosen.
func (r *Runner) RunWith(ctx context.Context, s *Search, o RunOptions) (*engine.Result, error) {
	if len(r.cfg.Data) > 0 && !r.ReadsData(s) {
		return r.runWithoutData(ctx, s, o)
	}
	if _, ok := r.IndexDir(); ok && r.Streams(s) {
		return r.runIndexed(ctx, s, o)
	}
	if r.Streams(s) {
		if err := r.checkIndexData(); err != nil {
			return nil, err
		}
		return r.runStreamed(ctx, s, o)
	}
	store, _, err := r.Store()
	if err != nil {
		return nil, err
	}
	src, err := r.withCollected(store)
	if err != nil {
		return nil, err
	}
	if o.Now.IsZero() && src != engine.Source(store) {
		// The data's end, not the collected events', is the search's now.
		if o.Now, err = r.Now(s, store); err != nil {
			return nil, err
		}
	}
	return r.RunOn(ctx, s, src, o)
}

// runWithoutData runs a search that reads no event over an empty store
// rather than loading the data; its now is still the data's end when its
// first command would take it from there (Runner.Now).
func (r *Runner) runWithoutData(ctx context.Context, s *Search, o RunOptions) (*engine.Result, error) {
	kb, err := r.Base()
	if err != nil {
		return nil, err
	}
	empty, err := store.NewWith(kb)
	if err != nil {
		return nil, err
	}
	if o.Now.IsZero() {
		if o.Now, err = r.Now(s, nil); err != nil {
			return nil, err
		}
	}
	return r.RunOn(ctx, s, empty, o)
}

// RunDetection loads a detection, prepares its search and runs it over
// Config.Data.
func (r *Runner) RunDetection(ctx context.Context, path string) (*engine.Result, error) {
	d, err := content.LoadDetection(path)
	if err != nil {
		return nil, &DataError{Err: err}
	}
	s, err := r.PrepareDetection(d)
	if err != nil {
		return nil, err
	}
	return r.Run(ctx, s)
}

// RunOn runs a prepared search over src (a store, a stream, crafted rows).
func (r *Runner) RunOn(ctx context.Context, s *Search, src engine.Source, o RunOptions) (*engine.Result, error) {
	if o.Now.IsZero() {
		now, err := r.Now(s, src)
		if err != nil {
			return nil, err
		}
		o.Now = now
	}
	opt, err := r.EngineOptions(s, o)
	if err != nil {
		return nil, err
	}
	res, err := engine.Run(ctx, s.Pipeline, src, opt)
	return res, r.runError(s, err)
}

// runError sorts a run's error: the interrupt as itself, the rest
// positioned in the search.
func (r *Runner) runError(s *Search, err error) error {
	if err == nil {
		return nil
	}
	var ie *Interrupted
	if errors.As(err, &ie) {
		// A streamed read says how far it got, as a load does.
		var se *stream.StoppedError
		if errors.As(err, &se) {
			return &Interrupted{Err: ie.Err, Reading: true, Events: se.Events}
		}
		return ie
	}
	return s.errorOf(err)
}

// EngineOptions are the engine options of a run of s: the Config's time
// zone, limits, GeoIP and interrupt, s's lookups, and macros for searches
// parsed while it runs (map).
func (r *Runner) EngineOptions(s *Search, o RunOptions) (engine.Options, error) {
	reg, err := r.Lookups(s.from)
	if err != nil {
		return engine.Options{}, err
	}
	geo, err := r.GeoIP()
	if err != nil {
		return engine.Options{}, err
	}
	folders, err := r.Folders()
	if err != nil {
		return engine.Options{}, err
	}
	now := r.cfg.Now
	if !o.Now.IsZero() {
		now = o.Now
	}
	if now.IsZero() && ReadsEvents(s.Pipeline) {
		// The data's end, when it has been read (Runner.Now).
		if end, ok := r.end.get(); ok {
			now = endTime(end)
		}
	}
	opt := engine.Options{
		TZ:        r.cfg.TZ,
		Now:       now,
		Trace:     o.Trace,
		Lookups:   reg,
		GeoIP:     geo,
		Folders:   folders,
		Limits:    r.cfg.Limits,
		Interrupt: r.Interrupt,
		Compact:   o.Compact,
	}
	if !o.Quiet {
		opt.Notice = r.notice
	}
	if set := s.macros; set != nil {
		opt.Expand = func(text string) (string, error) {
			x, err := set.Expand(text, macros.Options{})
			if err != nil {
				return "", err
			}
			return x.Text, nil
		}
	}
	return opt, nil
}

// streamGCHeadroom bounds how far a streamed search's heap may grow past
// what it keeps (GCPacer).
const streamGCHeadroom = 96 << 20

// runStreamed runs a search over a stream.Source. What it reports is
// what loading the data first reports, in the same order: the data's
// problems, then the search's notices or errors.
func (r *Runner) runStreamed(ctx context.Context, s *Search, o RunOptions) (*engine.Result, error) {
	// A streamed search makes much short-lived garbage and often keeps
	// little (compiled knowledge, the rows or groups that pass, read
	// buffers), so the collector may let the heap grow well past what it
	// keeps (GOGC up to 400: at the default a fifth of the CPU goes to
	// collection), but by no more than streamGCHeadroom once what it
	// keeps grows (many groups, many kept events).
	pacer := NewGCPacer(streamGCHeadroom, 400)
	pacer.Adjust()
	defer pacer.Stop()
	kb, err := r.Base()
	if err != nil {
		return nil, err
	}
	if o.Now.IsZero() && r.cfg.Now.IsZero() && usesNow(s) {
		// The data's end comes first: read its times alone, and stream
		// it after.
		if o.Now, err = r.Now(s, nil); err != nil {
			return nil, err
		}
	}
	// The records the stream passes over unparsed are known once it has
	// been read, when it reports what it read.
	unparsed := 0
	src, err := stream.New(kb, r.cfg.Data, r.cfg.Ingest, r.cfg.Workers, func(st ingest.Stats) {
		unparsed = st.Unparsed
		r.problems(st)
	})
	if err != nil {
		return nil, err
	}
	src.Keep = func(ev *ingest.Event) bool {
		pacer.Tick()
		return r.cfg.Keep == nil || r.cfg.Keep(ev)
	}
	// Loading the data comes first when the data is loaded into a store:
	// its problems and errors come before those of lookups.
	readErr := func() error {
		src.Finish()
		if err := src.ReadErr(); err != nil {
			return &DataError{Err: err}
		}
		return nil
	}
	opt, err := r.EngineOptions(s, o)
	if err != nil {
		if rerr := readErr(); rerr != nil {
			return nil, rerr
		}
		return nil, err
	}
	// Notices wait for the data's problems, which come out once the data
	// has been read.
	var mu sync.Mutex
	var notices []string
	if opt.Notice != nil {
		opt.Notice = func(n string) {
			mu.Lock()
			notices = append(notices, n)
			mu.Unlock()
		}
	}
	res, runErr := engine.Run(ctx, s.Pipeline, src, opt)
	if err := readErr(); err != nil {
		return nil, err
	}
	if o.Trace != nil && runErr == nil {
		o.Trace.Plan.Streamed = true
		o.Trace.AddUnparsed(unparsed)
	}
	for _, n := range notices {
		r.notice(n)
	}
	return res, r.runError(s, runErr)
}

// Streams reports whether Run reads Config.Data for s as a stream rather
// than loading it: with data, a search that streams, no Strict, no Load,
// no time range (a stream reads every event) and no collect folder
// (whose events are searched with the data's, from a store).
func (r *Runner) Streams(s *Search) bool {
	return len(r.cfg.Data) > 0 && streams(s.Pipeline) && !r.cfg.Strict && !r.cfg.Load && !r.HasWindow() && r.cfg.CollectDir == ""
}

// ReadsEvents reports whether a search reads events (or data model
// datasets): a search that starts with makeresults, rest or inputcsv
// does not.
func ReadsEvents(p *spl.Pipeline) bool {
	if len(p.Commands) == 0 {
		return true
	}
	switch p.Commands[0].CommandName() {
	case "makeresults", "rest", "inputcsv":
		return false
	}
	return true
}

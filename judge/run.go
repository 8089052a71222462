package judge

import (
	"context"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/spelunk-dev/spelunk/attackdata"
	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/runner"
)

// Case is one test of one detection, ready to run.
type Case struct {
	Detection *content.Detection
	Test      content.Test
	// Skip says why the test cannot run (its data file is missing or
	// could not be downloaded), if so.
	Skip string
	keys []dataKey
}

// dataKey identifies one ingested file: the same file read with another
// source or sourcetype is another store.
type dataKey struct{ path, source, sourcetype string }

// Options say where Plan finds the tests' data.
type Options struct {
	// DataDir is a local copy of splunk/attack_data; an attack_data URL
	// whose file is there is read from it.
	DataDir string
	// Sidecars is a folder of DETECTION.spelunk.yml files.
	Sidecars string
	// Cache downloads the data files named by URL; nil means no download,
	// and a test whose data is only at a URL is skipped.
	Cache *attackdata.Cache
	// Jobs is how many files are downloaded at once (at least one).
	Jobs int
	// MediaBase, when set, takes the place of attackdata.MediaPrefix in
	// the URLs fetched: a mirror of splunk/attack_data, or a test server.
	MediaBase string
}

// Plan loads detections and resolves each test's data files, downloading
// those named by URL in one go. A detection that cannot be loaded becomes
// an error result. Macros and lookups load once per repository (the
// runner keeps them).
func Plan(ctx context.Context, r *runner.Runner, files []string, opt Options) ([]*Case, []Result, error) {
	var cases []*Case
	var errs []Result
	var fetches []fetch
	for _, f := range files {
		d, err := content.LoadDetectionWith(f, opt.Sidecars)
		if err != nil {
			errs = append(errs, Result{Detection: runner.RelName(f), Path: f, Verdict: Error, Reason: err.Error()})
			continue
		}
		if _, err := r.Macros(f); err != nil {
			return nil, nil, err
		}
		if _, err := r.Lookups(f); err != nil {
			return nil, nil, err
		}
		if len(d.Tests) == 0 {
			errs = append(errs, Result{Detection: d.Name, ID: d.ID, Path: f, Verdict: Skip, Reason: "no tests"})
			continue
		}
		for _, t := range d.Tests {
			tc := &Case{Detection: d, Test: t}
			fetches = append(fetches, locateData(tc, opt)...)
			cases = append(cases, tc)
		}
	}
	fetchData(ctx, fetches, opt)
	return cases, errs, nil
}

// storeCache ingests each data file once and drops it when the last test
// using it is done, so memory holds only what running tests need.
type storeCache struct {
	mu      sync.Mutex
	entries map[dataKey]*cacheEntry
	r       *runner.Runner // its knowledge, Strict, Problems and Interrupt apply
}

type cacheEntry struct {
	once  sync.Once
	store *store.Store
	err   error
	users int
	// read counts the file's events and end is the latest one's time,
	// whether or not the time range kept them.
	read int
	end  float64
}

func (c *storeCache) get(k dataKey) (*cacheEntry, error) {
	c.mu.Lock()
	e := c.entries[k]
	c.mu.Unlock()
	e.once.Do(func() {
		kb, err := c.r.Base()
		if err != nil {
			e.err = err
			return
		}
		e.store, e.err = store.NewWith(kb)
		if e.err != nil {
			return
		}
		opt := ingest.Options{Sourcetype: k.sourcetype, Source: k.source}
		lo, hi, err := c.window(k.path, opt)
		if err != nil {
			e.err = err
			return
		}
		var st ingest.Stats
		st, e.err = ingest.ReadPaths([]string{k.path}, opt, func(ev *ingest.Event) error {
			if e.read == 0 || ev.Time > e.end {
				e.end = ev.Time
			}
			e.read++
			if ev.Time >= lo && ev.Time < hi {
				e.store.Add(ev)
			}
			return c.r.Interrupt()
		})
		if report := c.r.Config().Problems; report != nil {
			c.mu.Lock()
			report(st)
			c.mu.Unlock()
		}
		if e.err == nil && c.r.Config().Strict && st.Bad > 0 {
			e.err = &runner.StrictError{Stats: st, Path: k.path}
		}
	})
	return e, e.err
}

// window is the runner's time range for the data file path: relative
// bounds count back from --now, else from one second after the file's
// latest event.
func (c *storeCache) window(path string, opt ingest.Options) (lo, hi float64, err error) {
	if !c.r.HasWindow() {
		return math.Inf(-1), math.Inf(1), nil
	}
	now := c.r.Config().Now
	if now.IsZero() && c.r.WindowNeedsNow() {
		now = time.Now()
		end, ok, err := runner.ScanEnd([]string{path}, opt)
		if err != nil {
			return 0, 0, err
		}
		if ok {
			now = time.Unix(0, int64(end*1e9)).Add(time.Second)
		}
	}
	return c.r.Window(now)
}

func (c *storeCache) release(k dataKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[k]; e != nil {
		e.users--
		if e.users == 0 {
			delete(c.entries, k)
		}
	}
}

// Run runs the cases on jobs workers and returns results in case order;
// progress, when set, is called after each. Cases are started grouped by
// data file so each file's store is built once and freed early. Tests run
// as if right after their data was written, unless the runner's Config
// sets Now.
func Run(r *runner.Runner, cases []*Case, jobs int, progress func(name string)) []Result {
	jobs = max(jobs, 1)
	cache := &storeCache{entries: map[dataKey]*cacheEntry{}, r: r}
	for _, tc := range cases {
		for _, k := range tc.keys {
			if cache.entries[k] == nil {
				cache.entries[k] = &cacheEntry{}
			}
			cache.entries[k].users++
		}
	}
	order := make([]int, len(cases))
	for i := range order {
		order[i] = i
	}
	firstKey := func(tc *Case) string {
		if len(tc.keys) == 0 {
			return ""
		}
		return tc.keys[0].path
	}
	sort.SliceStable(order, func(a, b int) bool { return firstKey(cases[order[a]]) < firstKey(cases[order[b]]) })

	results := make([]Result, len(cases))
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i] = runCase(cases[i], r, cache)
				if progress != nil {
					progress(cases[i].Detection.Name)
				}
			}
		}()
	}
	for _, i := range order {
		work <- i
	}
	close(work)
	wg.Wait()
	return results
}

// runCase runs one test and judges it; its duration covers reading the
// test's data (when this test is the first to need it), preparing the
// search and judging it.
func runCase(tc *Case, run *runner.Runner, cache *storeCache) Result {
	r := Result{Detection: tc.Detection.Name, ID: tc.Detection.ID, Path: tc.Detection.Path, Test: tc.Test.Name}
	start := time.Now()
	judgeCase(&r, tc, run, cache)
	for _, k := range tc.keys {
		cache.release(k)
	}
	r.Duration = time.Since(start)
	return r
}

func judgeCase(r *Result, tc *Case, run *runner.Runner, cache *storeCache) {
	if tc.Skip != "" {
		r.Verdict, r.Reason = Skip, tc.Skip
		return
	}
	stores := make([]*store.Store, 0, len(tc.keys))
	read, kept, end := 0, 0, 0.0
	for _, k := range tc.keys {
		e, err := cache.get(k)
		if err != nil {
			r.Verdict, r.Reason = Error, err.Error()
			return
		}
		stores = append(stores, e.store)
		if e.read > 0 && (read == 0 || e.end > end) {
			end = e.end
		}
		read, kept = read+e.read, kept+e.store.Len()
	}
	p, err := run.PrepareDetection(tc.Detection)
	if err != nil {
		r.Verdict, r.Reason = Error, runner.Reason(err)
		return
	}
	// The test's now is the runner's rule over the test's data: one
	// second after its latest event, kept by the time range or not.
	now := run.Config().Now
	if now.IsZero() {
		now = time.Now()
		if read > 0 {
			now = time.Unix(0, int64(end*1e9)).Add(time.Second)
		}
	}
	judge(r, tc, run, p, store.Union(stores...), now)
	if n := run.WindowNotice(read, kept, end); n != "" && r.Verdict != Pass {
		r.Reason += "; " + n
		r.Details = append(r.Details, n)
	}
}

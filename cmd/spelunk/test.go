package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/runner"
)

const testUsage = `Usage: spelunk test [flags] DETECTION.yml|DIR...

Runs each detection's tests: ingests the attack data a test names (with its
source and sourcetype), runs the detection's search and checks the result.
A test passes when the search returns at least one row (contentctl's rule),
every field the detection names as an observable or in its risk message has
a value in some row, and every field in its required_fields has a value
somewhere in the data; spelunk's own expectations (min_rows, max_rows,
negative, fields_not_null, rows) can be added to a test entry or to a
sidecar file DETECTION.spelunk.yml (see the README).

An attack_data URL https://media.githubusercontent.com/media/splunk/attack_data/master/<path>
is read from <data-dir>/<path>. Each data file is ingested once and shared by
every test that uses it. Exit status 1 if any test fails or errors.

Flags:
`

// testCase is one test of one detection, ready to run.
type testCase struct {
	det  *content.Detection
	test content.Test
	keys []dataKey
	skip string // why the test cannot run, if so
}

// dataKey identifies one ingested file: the same file read with another
// source or sourcetype is another store.
type dataKey struct{ path, source, sourcetype string }

func cmdTest(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, testUsage+fs.FlagUsages()) }
	dataDir := fs.String("data-dir", "", "local copy of splunk/attack_data that test URLs map into")
	common := addCommonFlags(fs, searchFlags)
	jobs := fs.Int("jobs", runtime.NumCPU(), "tests to run at once")
	junit := fs.String("junit", "", "write a JUnit XML report to this file")
	jsonOut := fs.String("json", "", "write a JSON report to this file")
	changed := fs.String("changed-since", "", "only test detections changed since this git ref, and those using changed macros or lookups")
	sidecars := fs.String("sidecars", "", "folder of DETECTION.spelunk.yml files with spelunk's tests for detections kept elsewhere")
	showRisk := fs.Bool("risk", false, "show the risk events each passing test raises (as Enterprise Security's risk action would)")
	cfg, done, err := common.parse(fs, args)
	if done {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageErr("no detections given")
	}
	if *jobs < 1 {
		return usageErr("--jobs must be at least 1")
	}
	// Notices are dropped: a test's report says why it failed.
	cfg.QuietFilters, cfg.Notice, cfg.Interrupt = true, nil, budget.err
	r := runner.New(cfg)
	if _, err := r.Base(); err != nil {
		return failed(err, stderr)
	}
	files, err := content.FindDetections(fs.Args())
	if err != nil {
		return usageErr("%v", err)
	}
	if *changed != "" {
		if files, err = changedDetections(files, fs.Args(), *changed); err != nil {
			return usageErr("--changed-since %s: %v", *changed, err)
		}
	}
	if _, err := r.GeoIP(); err != nil {
		return failed(err, stderr)
	}
	cases, loadErrs, err := planTests(files, r, *dataDir, *sidecars)
	if err != nil {
		return failed(err, stderr)
	}
	results := runTests(cases, *jobs, r, stderr)
	results = append(loadErrs, results...)
	sum := summarize(results)
	for _, r := range results {
		fmt.Fprintln(stdout, r.line())
		if *showRisk && r.Verdict == verdictPass {
			writeRiskTable(stdout, r.risks)
		}
	}
	fmt.Fprintf(stdout, "\n%d passed, %d failed, %d errors, %d skipped\n", sum.Passed, sum.Failed, sum.Errors, sum.Skipped)
	if *junit != "" {
		if err := writeJUnit(*junit, results, sum); err != nil {
			return usageErr("--junit: %v", err)
		}
	}
	if *jsonOut != "" {
		if err := writeJSONReport(*jsonOut, results, sum); err != nil {
			return usageErr("--json: %v", err)
		}
	}
	if sum.Failed > 0 || sum.Errors > 0 {
		return searchFailed
	}
	return nil
}

// planTests loads detections and resolves each test's data files. A
// detection that cannot be loaded becomes an error result. Macros and
// lookups load once per repository (the runner keeps them).
func planTests(files []string, r *runner.Runner, dataDir, sidecars string) ([]*testCase, []testResult, error) {
	var cases []*testCase
	var errs []testResult
	for _, f := range files {
		d, err := content.LoadDetectionWith(f, sidecars)
		if err != nil {
			errs = append(errs, testResult{Detection: relName(f), Path: f, Verdict: verdictError, Reason: err.Error()})
			continue
		}
		if _, err := r.Macros(f); err != nil {
			return nil, nil, err
		}
		if _, err := r.Lookups(f); err != nil {
			return nil, nil, err
		}
		if len(d.Tests) == 0 {
			errs = append(errs, testResult{Detection: d.Name, ID: d.ID, Path: f, Verdict: verdictSkip, Reason: "no tests"})
			continue
		}
		for _, t := range d.Tests {
			tc := &testCase{det: d, test: t}
			for _, ad := range t.AttackData {
				p, err := content.DataPath(ad.Data, dataDir, d.Path)
				if err != nil {
					tc.skip = err.Error()
					break
				}
				if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
					tc.skip = "data file missing: " + p
					break
				}
				tc.keys = append(tc.keys, dataKey{path: p, source: ad.Source, sourcetype: ad.Sourcetype})
			}
			if len(t.AttackData) == 0 {
				tc.skip = "the test names no attack data"
			}
			cases = append(cases, tc)
		}
	}
	return cases, errs, nil
}

// storeCache ingests each data file once and drops it when the last test
// using it is done, so memory holds only what running tests need.
type storeCache struct {
	mu      sync.Mutex
	entries map[dataKey]*cacheEntry
	r       *runner.Runner // its knowledge, --strict and interrupt apply
	stderr  io.Writer
}

type cacheEntry struct {
	once  sync.Once
	store *datamodel.Store
	err   error
	users int
}

func (c *storeCache) get(k dataKey) (*datamodel.Store, error) {
	c.mu.Lock()
	e := c.entries[k]
	c.mu.Unlock()
	e.once.Do(func() {
		kb, err := c.r.Base()
		if err != nil {
			e.err = err
			return
		}
		e.store, e.err = datamodel.NewStoreWith(kb)
		if e.err != nil {
			return
		}
		var st ingest.Stats
		st, e.err = ingest.ReadPaths([]string{k.path}, ingest.Options{Sourcetype: k.sourcetype, Source: k.source}, func(ev *ingest.Event) error {
			e.store.Add(ev)
			return c.r.Interrupt()
		})
		c.mu.Lock()
		reportProblems(c.stderr, st)
		c.mu.Unlock()
		if e.err == nil && c.r.Config().Strict && st.Bad > 0 {
			e.err = &runner.StrictError{Stats: st, Path: k.path}
		}
	})
	return e.store, e.err
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

// runTests runs the cases on jobs workers and returns results in case
// order. Cases are started grouped by data file so each file's store is
// built once and freed early.
func runTests(cases []*testCase, jobs int, r *runner.Runner, stderr io.Writer) []testResult {
	cache := &storeCache{entries: map[dataKey]*cacheEntry{}, r: r, stderr: stderr}
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
	firstKey := func(tc *testCase) string {
		if len(tc.keys) == 0 {
			return ""
		}
		return tc.keys[0].path
	}
	sort.SliceStable(order, func(a, b int) bool { return firstKey(cases[order[a]]) < firstKey(cases[order[b]]) })

	results := make([]testResult, len(cases))
	work := make(chan int)
	var wg sync.WaitGroup
	prog := newProgress(stderr, len(cases))
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i] = runCase(cases[i], r, cache)
				prog.step(cases[i].det.Name)
			}
		}()
	}
	for _, i := range order {
		work <- i
	}
	close(work)
	wg.Wait()
	prog.done()
	return results
}

// runCase runs one test and judges it.
func runCase(tc *testCase, run *runner.Runner, cache *storeCache) testResult {
	r := testResult{Detection: tc.det.Name, ID: tc.det.ID, Path: tc.det.Path, Test: tc.test.Name}
	start := time.Now()
	defer func() { r.Duration = time.Since(start) }()
	defer func() {
		for _, k := range tc.keys {
			cache.release(k)
		}
	}()
	if tc.skip != "" {
		r.Verdict, r.Reason = verdictSkip, tc.skip
		return r
	}
	stores := make([]*datamodel.Store, 0, len(tc.keys))
	for _, k := range tc.keys {
		s, err := cache.get(k)
		if err != nil {
			r.Verdict, r.Reason = verdictError, err.Error()
			return r
		}
		stores = append(stores, s)
	}
	p, err := run.PrepareDetection(tc.det)
	if err != nil {
		r.Verdict, r.Reason = verdictError, firstMessage(prepareMessage(err))
		return r
	}
	now := run.Config().Now
	if now.IsZero() {
		now = runner.DataEnd(stores...)
	}
	judge(&r, tc, run, p, datamodel.Union(stores...), now)
	return r
}

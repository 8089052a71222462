package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/attackdata"
	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/judge"
	"github.com/spelunk-dev/spelunk/output"
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
is read from <data-dir>/<path> when that file is there; otherwise it is
downloaded over verified HTTPS into --cache-dir, as is any other https URL,
and later runs read it from there (--offline: never download; a file not in
the cache skips its test). Each data file is ingested once and shared by
every test that uses it. Four or more SKIPs with the same reason but for
their file print as one line (-v lists them). Exit status 1 if any test
fails or errors, and when no test ran (no detections, every test skipped,
--changed-since selected nothing) unless --allow-skip; 2 for a --data-dir
that does not exist.

Flags:
`

// fetchClient downloads attack data; nil is attackdata's default client,
// which verifies TLS. Tests set one that never reaches the network.
var fetchClient *http.Client

// cacheDirDefault is --cache-dir's default; tests point it elsewhere.
var cacheDirDefault = func() string {
	d, _ := attackdata.DefaultDir() // none: Fetch says to give --cache-dir
	return d
}

func cmdTest(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, testUsage+fs.FlagUsages()) }
	dataDir := fs.String("data-dir", "", "local copy of splunk/attack_data that test URLs map into (a file found there is not downloaded)")
	common := addCommonFlags(fs, searchFlags)
	jobs := fs.Int("jobs", runtime.NumCPU(), "tests to run, and attack data files to download, at once")
	junit := fs.String("junit", "", "write a JUnit XML report to this file")
	jsonOut := fs.String("json", "", "write a JSON report to this file")
	changed := fs.String("changed-since", "", "only test detections changed since this git ref, and those using changed macros or lookups")
	sidecars := fs.String("sidecars", "", "folder of DETECTION.spelunk.yml files with spelunk's tests for detections kept elsewhere")
	showRisk := fs.Bool("risk", false, "show the risk events each passing test raises (as Enterprise Security's risk action would)")
	allowSkip := fs.Bool("allow-skip", false, "exit 0 when no test ran (no detections, all skipped, --changed-since selected none)")
	quiet := fs.Bool("quiet", false, "print only the tests that fail or error, and the summary")
	verbose := fs.BoolP("verbose", "v", false, "print every SKIP on its own line, instead of grouping those that differ only by their data file")
	cacheDir := fs.String("cache-dir", cacheDirDefault(), "folder where attack data downloaded by URL is kept")
	offline := fs.Bool("offline", false, "never download: a test whose data is neither in --data-dir nor in --cache-dir is skipped")
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
	if *dataDir != "" {
		if st, err := os.Stat(*dataDir); err != nil || !st.IsDir() {
			return usageErr("--data-dir %s: no such folder", *dataDir)
		}
	}
	// Notices are dropped: a test's report says why it failed.
	cfg.QuietFilters, cfg.Notice, cfg.Interrupt = true, nil, budget.err
	live := newLiveLine(stderr)
	cfg.Problems = func(st ingest.Stats) { reportProblems(live.writer(), st) }
	r := runner.New(cfg)
	if _, err := r.Base(); err != nil {
		return failed(err, stderr)
	}
	files, err := content.FindDetections(fs.Args())
	if err != nil {
		return usageErr("%v", err)
	}
	none := "no detections found in " + strings.Join(fs.Args(), ", ")
	if *changed != "" {
		if files, err = changedDetections(files, fs.Args(), *changed); err != nil {
			return usageErr("--changed-since %s: %v", *changed, err)
		}
		none = "--changed-since " + *changed + " selected no detection"
	}
	if _, err := r.GeoIP(); err != nil {
		return failed(err, stderr)
	}
	cache := &attackdata.Cache{Dir: *cacheDir, Offline: *offline, Client: fetchClient}
	if live.on {
		cache.Progress = newFetchProgress(live).update
	}
	opt := judge.Options{DataDir: *dataDir, Sidecars: *sidecars, Cache: cache, Jobs: *jobs}
	cases, loadErrs, err := judge.Plan(context.Background(), r, files, opt)
	live.clear()
	if err != nil {
		return failed(err, stderr)
	}
	prog := newStepProgress(live, "tests", len(cases))
	results := judge.Run(r, cases, *jobs, prog.step)
	prog.done()
	results = append(loadErrs, results...)
	sum := judge.Summarize(results)
	shown := results
	if *quiet {
		shown = nil
		for _, r := range results {
			if r.Verdict != judge.Pass && r.Verdict != judge.Skip {
				shown = append(shown, r)
			}
		}
	}
	for _, it := range reportItems(shown, *verbose) {
		fmt.Fprintln(stdout, it.line)
		if r := it.result; *showRisk && r != nil && r.Verdict == judge.Pass {
			output.RiskTable(stdout, r.RiskEvents)
		}
	}
	if len(shown) > 0 {
		fmt.Fprintln(stdout)
	}
	fmt.Fprintf(stdout, "%d passed, %d failed, %d errors, %d skipped\n", sum.Passed, sum.Failed, sum.Errors, sum.Skipped)
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
	if sum.Passed == 0 && !*allowSkip {
		// A CI job whose tests all went missing must not pass silently.
		if sum.Skipped > 0 {
			none = fmt.Sprintf("no test ran: %s skipped", quantity(sum.Skipped, "test"))
		}
		return &exitError{code: 1, msg: none + " (--allow-skip accepts this)"}
	}
	return nil
}

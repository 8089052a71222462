package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/hunt"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/output"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/value"
)

const huntUsage = `Usage: spelunk hunt --data PATH... [flags]

Runs every detection of a content repository over a pile of logs, the way
hayabusa and chainsaw run Sigma rules: each detection is planned before the
data is read (the events its searches can keep, the data model datasets it
reads), the data is read once and only what some plan wants is held (the
data models' events with only the fields their datasets read), the data
models are built once, and the detections run in parallel against them. The
report starts with a summary (events per sourcetype; detections run, fired,
not applicable because no ingested event is of a data source they need,
unsupported with the feature named) and the hosts with the most risk, then
one section per detection that fired, most severe first, with its result
rows (or, with --timeline, every fired result in time order).

Examples:
  spelunk hunt --data ../shared/realdata --macros ../shared/corpus/security_content
  spelunk hunt --data logs/ --detections my_repo/detections/endpoint --format jsonl --out hits.jsonl
  spelunk hunt --data logs/ --macros security_content --timeline

Flags:
`

func cmdHunt(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("hunt", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, huntUsage+fs.FlagUsages()) }
	common := addCommonFlags(fs, dataFlags|searchFlags)
	dets := fs.StringArray("detections", nil, "detection files or folders (default: the detections/ folder of the --macros repository)")
	format := fs.String("format", "table", "report format: table, csv, json or jsonl")
	outPath := fs.String("out", "", "write the report to this file instead of standard output")
	jobs := fs.Int("jobs", runtime.NumCPU(), "detections to run at once")
	maxRows := fs.Int("max-rows", 20, "rows shown per detection in the table report (0: all)")
	showRisk := fs.Bool("risk", false, "show the risk events each detection raises (as Enterprise Security's risk action would)")
	riskOut := fs.String("risk-out", "", "write every risk event to this file as a Splunk HTTP Event Collector event, one JSON object a line")
	timeline := fs.Bool("timeline", false, "list the fired results in time order (time, host, risk score, detection) instead of a section per detection")
	color := fs.String("color", "auto", "colour the table by severity: auto (on a terminal, unless NO_COLOR is set), always or never")
	budget := fs.String("memory-budget", "600MB", "the memory the hunt aims to stay within (e.g. 600MB, 2GB; 0: none, nothing spilled): the collector works harder as the heap nears it and once half of it is held, held event text is compressed past a sixteenth of it and spilled to a temporary file in --spill-dir past a third of it; should the heap still pass four fifths of it, a notice says so and the hunt goes on past it")
	spillDir := fs.String("spill-dir", "", "the folder in which the hunt makes its temporary folder for the events it holds past a third of --memory-budget (default: the system's temporary folder); the files are readable by their owner only and removed when the hunt ends")
	loadAll := fs.Bool("load-all", false, "load every event before running the detections, instead of holding only the events their searches can keep (more memory; the same results)")
	cfg, done, err := common.parse(fs, args)
	if done {
		return err
	}
	if len(cfg.Data) == 0 {
		fs.Usage()
		return usageErr("give the logs to hunt through with --data")
	}
	if !output.ValidFormat(*format) {
		return usageErr("--format %s: use table, csv, json or jsonl", *format)
	}
	if *timeline && *format != "table" {
		return usageErr("--timeline is a table report; --format %s lists every row already", *format)
	}
	if *color != "auto" && *color != "always" && *color != "never" {
		return usageErr("--color %s: use auto, always or never", *color)
	}
	tz := cfg.TZ
	detPaths := *dets
	if len(detPaths) == 0 {
		for _, m := range cfg.Macros {
			if isDirPath(m + "/detections") {
				detPaths = append(detPaths, m+"/detections")
			}
		}
		if len(detPaths) == 0 {
			return usageErr("give --detections, or --macros with a repository root that has a detections/ folder")
		}
	}
	files, err := content.FindDetections(detPaths)
	if err != nil {
		return usageErr("%v", err)
	}
	limit, err := parseBytes(*budget)
	if err != nil {
		return usageErr("--memory-budget %s: %v", *budget, err)
	}
	start := time.Now()
	headroom := int64(huntGCHeadroom)
	var over *overBudget
	if limit > 0 {
		headroom = min(headroom, limit/8)
		over = newOverBudget(limit, stderr)
		defer over.stop()
	}
	pacer := runner.NewGCPacer(headroom, 100)
	if limit > 0 {
		// Past half the budget live, the heap may grow by a sixteenth
		// of it (GOGC 10 or so) rather than an eighth, and free pages
		// past that go back to the system: realdata twice holds about
		// 360 MB at its peak, and its RSS went 180 MB above it.
		pacer.TightenPast(limit/huntTightShare, limit/huntTightHeadroomShare)
	}
	defer pacer.Stop()
	cfg.QuietFilters = true
	// A hunt holds much data at once: packed, realdata's _raw takes
	// about 0.5 GB instead of 1.2, for a few seconds of unpacking spread
	// over the detections and the data model builds. The first
	// huntPackAfter bytes (a sixteenth of the budget, when smaller) stay
	// as they are, so that smaller data is not slowed down for memory it
	// does not need. Over an index the read holds realdata's events past
	// their first 37 MB (of about 100) packed: 60 MB less at the peak, for
	// about 0.3 s of packing.
	cfg.PackRawAfter = huntPackAfter
	if limit > 0 {
		cfg.PackRawAfter = min(cfg.PackRawAfter, limit/huntPackShare)
	}
	// What a detection's expansion says is shown only when it fails.
	cfg.Notice = func(string) {}
	// Progress, on a terminal only: the reading of the data, then the
	// detections; the other messages clear its line first.
	live := newLiveLine(stderr)
	stderr = live.writer()
	load := newLoadProgress(live, cfg.Data)
	cfg.Keep = func(ev *ingest.Event) bool {
		pacer.Tick()
		over.tick()
		load.event(ev)
		return true
	}
	r := newRunner(cfg, stderr)
	// Settings are checked before the data is read.
	first := ""
	if len(files) > 0 {
		first = files[0]
	}
	if _, err := r.Macros(first); err != nil {
		return failed(err, stderr)
	}
	if _, err := r.Lookups(first); err != nil {
		return failed(err, stderr)
	}
	if _, err := r.GeoIP(); err != nil {
		return failed(err, stderr)
	}
	// Data sources come from the --macros repository, else from the
	// repository the detections sit in, as macros and lookups do.
	var sources map[string]content.DataSource
	root := ""
	if len(cfg.Macros) > 0 {
		root = cfg.Macros[0]
	} else if first != "" {
		root = content.RepoRoot(first)
	}
	if root != "" {
		sources, _ = content.LoadDataSources(root)
	}
	// Searches run as if right after the data was written (unless --now
	// says otherwise): now() and relative times (earliest=-24h) count
	// back from the last event.
	hopt := hunt.Options{Jobs: *jobs, Sources: sources, Now: cfg.Now, WantRisks: *showRisk || *riskOut != "",
		Pace: func() { pacer.Adjust(); over.check() }, Times: detectionTimes(), Plan: detectionPlans(), SpillDir: *spillDir}
	if limit > 0 {
		hopt.SpillAfter = limit / huntSpillShare
	}
	var res *hunt.Hunt
	var st ingest.Stats
	var loaded time.Duration
	if *loadAll {
		var store *store.Store
		store, st, err = r.Store()
		load.done()
		if err != nil {
			return failed(err, stderr)
		}
		store.Seal() // time order and partitions: part of loading
		if n := r.DataNotice(); n != "" {
			fmt.Fprintf(stderr, "spelunk: notice: %s\n", n)
		}
		loaded = time.Since(start)
		pacer.Adjust()
		live.draw(true, func() string { return "preparing the detections and building the data models they read" })
		prog := newStepProgress(live, "detections", len(files))
		hopt.Progress = prog.step
		res = hunt.Run(r, store, files, hopt)
		prog.done()
	} else {
		prog := newStepProgress(live, "detections", len(files))
		hopt.Progress = prog.step
		read := false
		hopt.Read = func() {
			read = true
			load.done()
			if n := r.DataNotice(); n != "" {
				fmt.Fprintf(stderr, "spelunk: notice: %s\n", n)
			}
			pacer.Adjust()
			live.draw(true, func() string { return "building the data models the detections read" })
		}
		live.draw(true, func() string { return "preparing the detections" })
		var rd *hunt.Read
		res, rd, err = hunt.RunOnce(r, files, hopt)
		if !read {
			load.done()
		}
		if err != nil {
			return failed(err, stderr)
		}
		prog.done()
		st, loaded = rd.Stats, rd.Loaded
		if hopt.Times != nil {
			hopt.Times(fmt.Sprintf("reading the data: of %d events, %d held (%d whole, the others with the fields their detections read; indexed by %d prefilters, %d in their lists), %d for the data models, %d spilled (%d MB); read again in full: %v", rd.Stats.Events, rd.Held, rd.Whole, rd.Lists, rd.Listed, rd.Modelled, rd.Spilled, rd.SpilledBytes>>20, rd.Again), rd.Loaded)
		}
	}
	if *riskOut != "" {
		if err := writeRiskEvents(*riskOut, res.Risks); err != nil {
			return usageErr("--risk-out: %v", err)
		}
	}

	var w io.Writer = stdout
	if *outPath != "" {
		f, err := os.Create(*outPath)
		if err != nil {
			return usageErr("--out: %v", err)
		}
		defer f.Close()
		w = f
	}
	rep := &hunt.Report{Store: res.Events, Files: st, Results: res.Results, Loaded: loaded, Models: res.Models, Total: time.Since(start), TZ: tz, MaxRows: *maxRows, ShowRisk: *showRisk,
		Timeline: *timeline, Color: useColor(*color, w)}
	return rep.Write(w, *format)
}

// writeRiskEvents writes risk events as HEC events to path.
func writeRiskEvents(path string, evs []value.Fields) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return hunt.WriteRiskEvents(f, evs)
}

// useColor decides --color: auto colours a terminal unless NO_COLOR is
// set to anything (no-color.org); always and never are the user's word.
func useColor(mode string, w io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	return os.Getenv("NO_COLOR") == "" && isTerminal(w)
}

func isDirPath(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// huntGCHeadroom is how far the heap may grow past what the last
// collection kept, while the hunt holds the data in memory: the store
// keeps its events as text without pointers, so a collection costs little
// however much data there is, while the default GOGC of 100 made
// realdata's 1.7 GB of live data a 4 GB peak RSS.
const huntGCHeadroom = 256 << 20

// huntTightShare is the share of --memory-budget (its inverse) of live
// heap past which the collector's headroom is a huntTightHeadroomShare of
// the budget instead of an eighth.
const (
	huntTightShare         = 2
	huntTightHeadroomShare = 16
)

// huntPackAfter is how much _raw a hunt without a budget keeps unpacked:
// realdata's peak RSS with the first 512 MB unpacked is measured in
// docs/PERFORMANCE.md (item 28).
const huntPackAfter = 512 << 20

// huntPackShare is the share of --memory-budget (its inverse) of _raw a
// hunt keeps unpacked.
const huntPackShare = 16

// huntSpillShare is the share of --memory-budget (its inverse) the text
// of the events a hunt holds may take in memory before the rest is
// spilled: realdata holds about 190 MB, so a 600 MB budget spills none
// of it, and the data twice about 150 MB (docs/PERFORMANCE.md).
const huntSpillShare = 3

// overBudget holds a hunt to its --memory-budget: the runtime's soft
// memory limit is the budget less a tenth (unless GOMEMLIMIT says
// otherwise), so that the collector works harder as the heap nears it.
// Should what the hunt holds outgrow the limit although its events past
// a third of the budget are spilled, the collector would run without end
// for little: the limit is lifted and a notice says so; the hunt goes on.
type overBudget struct {
	budget int64
	w      io.Writer
	old    int64
	set    bool
	n      atomic.Int64
	mu     sync.Mutex
	sample []metrics.Sample
}

func newOverBudget(budget int64, w io.Writer) *overBudget {
	o := &overBudget{budget: budget, w: w, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	if os.Getenv("GOMEMLIMIT") == "" {
		o.old = debug.SetMemoryLimit(budget - budget/10)
		o.set = true
	}
	return o
}

// tick is called once per event read; it checks every 16384 events.
func (o *overBudget) tick() {
	if o != nil && o.n.Add(1)%16384 == 0 {
		o.check()
	}
}

// check lifts the limit once the live heap of the last collection is
// past four fifths of the budget.
func (o *overBudget) check() {
	if o == nil {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.set {
		return
	}
	metrics.Read(o.sample)
	if o.sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	if live := o.sample[0].Value.Uint64(); live > uint64(o.budget/5*4) {
		debug.SetMemoryLimit(o.old)
		o.set = false
		fmt.Fprintf(o.w, "spelunk: notice: the hunt holds %d MB, past four fifths of --memory-budget %d MB: it goes on past the budget\n", live>>20, o.budget>>20)
	}
}

// stop restores the limit from before.
func (o *overBudget) stop() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.set {
		debug.SetMemoryLimit(o.old)
		o.set = false
	}
}

// parseBytes reads a size: a number of bytes, or one with KB, MB or GB
// (powers of 1024); 0 means none.
func parseBytes(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.m
			break
		}
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("not a size: give bytes, or a number with KB, MB or GB")
	}
	return int64(n * float64(mult)), nil
}

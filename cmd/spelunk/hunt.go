package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/risk"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/timefmt"
	"github.com/spelunk-dev/spelunk/value"
)

const huntUsage = `Usage: spelunk hunt --data PATH... [flags]

Runs every detection of a content repository over a pile of logs, the way
hayabusa and chainsaw run Sigma rules: the data is ingested once, the data
models built once, and the detections run in parallel against them. The
report starts with a summary (events per sourcetype; detections run, fired,
not applicable because no ingested event is of a data source they need,
unsupported with the feature named), then one section per detection that
fired, most severe first, with its result rows.

Examples:
  spelunk hunt --data ../shared/realdata --macros ../shared/corpus/security_content
  spelunk hunt --data logs/ --detections my_repo/detections/endpoint --format jsonl --out hits.jsonl

Flags:
`

// huntResult is what one detection did.
type huntResult struct {
	det    *content.Detection
	status string // fired, quiet, not applicable, unsupported
	reason string
	rows   []value.Fields
	cols   []string
	risks  []value.Fields // the risk events its rows raise
}

const (
	huntFired         = "fired"
	huntQuiet         = "no result"
	huntNotApplicable = "not applicable"
	huntUnsupported   = "unsupported"
)

func cmdHunt(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("hunt", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, huntUsage+fs.FlagUsages()) }
	common := addCommonFlags(fs, dataFlags|searchFlags)
	dets := fs.StringArray("detections", nil, "detection files or folders (default: the detections/ folder of the --macros repository)")
	format := fs.String("format", "table", "report format: table, csv, json or jsonl")
	outPath := fs.String("out", "", "write the report to this file instead of standard output")
	jobs := fs.Int("jobs", runtime.NumCPU(), "detections to run at once")
	earliest := fs.String("earliest", "", "only events at or after this time (e.g. -7d@d, 0, 10/19/2023:00:00:00)")
	latest := fs.String("latest", "", "only events before this time")
	maxRows := fs.Int("max-rows", 20, "rows shown per detection in the table report (0: all)")
	showRisk := fs.Bool("risk", false, "show the risk events each detection raises (as Enterprise Security's risk action would)")
	riskOut := fs.String("risk-out", "", "write every risk event as a JSON line to this file")
	cfg, done, err := common.parse(fs, args)
	if done {
		return err
	}
	if len(cfg.Data) == 0 {
		fs.Usage()
		return usageErr("give the logs to hunt through with --data")
	}
	if !validFormat(*format) {
		return usageErr("--format %s: use table, csv, json or jsonl", *format)
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
	start := time.Now()
	keep, err := timeFilter(*earliest, *latest, tz)
	if err != nil {
		return err
	}
	pacer := newGCPacer()
	defer pacer.stop()
	cfg.QuietFilters = true
	// A hunt holds all the data at once: packed, realdata's _raw takes
	// about 0.5 GB instead of 1.2, for a few seconds of unpacking spread
	// over the detections and the data model builds. The first
	// huntPackAfter bytes stay as they are, so that smaller data is not
	// slowed down for memory it does not need.
	cfg.PackRawAfter = huntPackAfter
	// What a detection's expansion says is shown only when it fails.
	cfg.Notice = func(string) {}
	cfg.Keep = func(ev *ingest.Event) bool {
		pacer.tick()
		return keep(ev.Time)
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
	store, st, err := r.Store()
	if err != nil {
		return failed(err, stderr)
	}
	store.Seal() // time order and partitions: part of loading
	loaded := time.Since(start)

	var sources map[string]content.DataSource
	if len(cfg.Macros) > 0 {
		sources, _ = content.LoadDataSources(cfg.Macros[0])
	}
	present := indexSources(store)
	// Searches run as if right after the data was written: now() and
	// relative times (earliest=-24h) count back from the last event.
	now := time.Now()
	if _, hi, ok := store.TimeRange(); ok {
		now = time.Unix(0, int64(hi*1e9)).Add(time.Second)
	}
	pacer.adjust()
	if !cfg.Now.IsZero() {
		now = cfg.Now
	}
	h := &hunter{r: r, store: store, sources: sources, idx: present, now: now, jobs: *jobs, stderr: stderr, pacer: pacer}
	h.times = detectionTimes()
	h.wantRisks = *showRisk || *riskOut != ""
	results, risks := h.run(files)
	if *riskOut != "" {
		if err := writeRiskEvents(*riskOut, risks, tz); err != nil {
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
	rep := &huntReport{store: store, files: st, results: results, loaded: loaded, models: h.models, total: time.Since(start), tz: tz, maxRows: *maxRows, showRisk: *showRisk}
	return rep.write(w, *format)
}

func isDirPath(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// timeFilter keeps events inside [earliest, latest).
func timeFilter(earliest, latest string, tz *time.Location) (func(float64) bool, error) {
	now := float64(time.Now().UnixNano()) / 1e9
	lo, hi := -1e18, 1e18
	if earliest != "" {
		t, err := timefmt.ParseTimeArg(earliest, now, tz)
		if err != nil {
			return nil, usageErr("--earliest %s: %v", earliest, err)
		}
		lo = t
	}
	if latest != "" {
		t, err := timefmt.ParseTimeArg(latest, now, tz)
		if err != nil {
			return nil, usageErr("--latest %s: %v", latest, err)
		}
		hi = t
	}
	return func(t float64) bool { return t >= lo && t < hi }, nil
}

// sourceIndex records which sourcetype/source pairs occur, and for each the
// values of the fields that tell data sources apart.
type sourceIndex map[string]map[string]map[string]bool // "st\x00src" -> field -> values

var separatorFields = []string{"EventCode", "eventName", "Operation", "operationName", "event_simpleName", "eventtype"}

func indexSources(s *datamodel.Store) sourceIndex {
	idx := sourceIndex{}
	for _, sf := range s.SourceValues(separatorFields) {
		k := strings.ToLower(sf.Sourcetype) + "\x00" + strings.ToLower(sf.Source)
		m := idx[k]
		if m == nil {
			m = map[string]map[string]bool{}
			idx[k] = m
		}
		for f, vals := range sf.Values {
			if m[f] == nil {
				m[f] = map[string]bool{}
			}
			for _, v := range vals {
				m[f][v] = true
			}
		}
	}
	return idx
}

// has reports whether any ingested event is of data source d.
func (idx sourceIndex) has(d content.DataSource) bool {
	st, src := strings.ToLower(d.Sourcetype), strings.ToLower(d.Source)
	sep, val := d.Separator, d.SeparatorValue()
	if sep == "EventID" {
		sep = "EventCode"
	}
	for k, fields := range idx {
		kst, ksrc, _ := strings.Cut(k, "\x00")
		if st != "" && kst != st {
			continue
		}
		if src != "" && ksrc != src {
			continue
		}
		if val == "" || fields[sep] == nil || fields[sep][val] {
			return true
		}
	}
	return false
}

// applicable says whether some ingested event is of a data source the
// detection names; detections that name none, or whose data sources are
// not described in the repository, always run.
func applicable(d *content.Detection, sources map[string]content.DataSource, idx sourceIndex) (bool, string) {
	if len(d.DataSource) == 0 || len(sources) == 0 {
		return true, ""
	}
	known := 0
	var names []string
	for _, n := range d.DataSource {
		// contentctl allows "A AND B" for detections that need both.
		for _, part := range strings.Split(n, " AND ") {
			names = append(names, strings.TrimSpace(part))
		}
	}
	for _, name := range names {
		ds, ok := sources[name]
		if !ok {
			continue
		}
		known++
		if idx.has(ds) {
			return true, ""
		}
	}
	if known == 0 {
		return true, ""
	}
	return false, "no event of " + strings.Join(d.DataSource, ", ")
}

// huntPackAfter is how much _raw a hunt keeps unpacked: realdata's
// peak RSS with the first 512 MB unpacked is measured in
// docs/PERFORMANCE.md (item 28).
const huntPackAfter = 512 << 20

// hunter runs detections over one store.
type hunter struct {
	r       *runner.Runner
	store   *datamodel.Store
	sources map[string]content.DataSource
	idx     sourceIndex
	now     time.Time // the searches' start time
	jobs    int
	stderr  io.Writer
	pacer   *gcPacer // adjusted as datasets are built
	times   func(name string, d time.Duration)
	preps   []prepResult  // per detection file, made before the data models
	models  time.Duration // building the data models the detections read
	// wantRisks: the risk events are shown or written.
	wantRisks bool
}

// prepResult is a detection's search, expanded and parsed, or why not.
type prepResult struct {
	p   *runner.Search
	err error
}

// run runs the detections in two rounds, as Enterprise Security does over
// time: first every detection but the Correlation ones; then their risk
// events go to the risk index (the Risk data model), and the Correlation
// detections run over them.
func (h *hunter) run(files []string) ([]huntResult, []value.Fields) {
	dets := make([]*content.Detection, len(files))
	results := make([]huntResult, len(files))
	var first, second []int
	for i, f := range files {
		d, err := content.LoadDetection(f)
		if err != nil {
			results[i] = huntResult{det: &content.Detection{Name: relName(f), Path: f}, status: huntUnsupported, reason: err.Error()}
			continue
		}
		dets[i] = d
		if strings.EqualFold(d.Type, "Correlation") {
			second = append(second, i)
		} else {
			first = append(first, i)
		}
	}
	h.prepare(first, dets)
	prog := newProgress(h.stderr, len(first)+len(second))
	h.parallel(first, dets, results, prog)
	var risks []value.Fields
	nowSecs := float64(h.now.UnixNano()) / 1e9
	for _, i := range first {
		if results[i].status != huntFired || !h.wantRisks && len(second) == 0 {
			// Nobody reads them: no --risk, no --risk-out, no
			// Correlation detection.
			continue
		}
		for _, row := range results[i].rows {
			evs := risk.Events(dets[i], row, nowSecs)
			results[i].risks = append(results[i].risks, evs...)
			risks = append(risks, evs...)
		}
	}
	if len(second) > 0 {
		// Only the Correlation detections read the risk index; storing
		// tens of thousands of risk events for nobody took seconds.
		for _, ev := range risks {
			h.store.Add(riskIngestEvent(ev))
		}
		h.parallel(second, dets, results, prog)
	}
	prog.done()
	return results, risks
}

// prepare expands and parses the detections' searches, then builds the
// data model datasets their tstats read, and the columns of the fields
// they name, before any runs (engine.Accelerate): as Splunk's
// accelerated data models are built ahead of the searches that read them
// (summariesonly), and so that the time a detection takes is its own.
func (h *hunter) prepare(which []int, dets []*content.Detection) {
	h.preps = make([]prepResult, len(dets))
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < h.jobs; w++ {
		wg.Go(func() {
			for i := range work {
				if ok, _ := applicable(dets[i], h.sources, h.idx); !ok {
					continue
				}
				p, err := h.r.PrepareDetection(dets[i])
				h.preps[i] = prepResult{p: p, err: err}
			}
		})
	}
	for _, i := range which {
		work <- i
	}
	close(work)
	wg.Wait()
	var pipes []*spl.Pipeline
	for _, pr := range h.preps {
		if pr.p != nil {
			pipes = append(pipes, pr.p.Pipeline)
		}
	}
	start := time.Now()
	engine.Accelerate(h.store, pipes, func(name string, took time.Duration) {
		if h.times != nil {
			h.times("data model "+name, took)
		}
		h.pacer.adjust()
	})
	h.models = time.Since(start)
}

func (h *hunter) parallel(which []int, dets []*content.Detection, results []huntResult, prog *progress) {
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < h.jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				t0 := time.Now()
				results[i] = h.one(i, dets[i])
				if h.times != nil {
					h.times(results[i].name(), time.Since(t0))
				}
				h.pacer.adjust()
				prog.step(results[i].name())
			}
		}()
	}
	for _, i := range which {
		work <- i
	}
	close(work)
	wg.Wait()
}

// riskIngestEvent stores a risk event the way the risk index holds it:
// sourcetype stash, source the search name.
func riskIngestEvent(r value.Fields) *ingest.Event {
	t, _ := r.Get("_time").Number()
	ev := &ingest.Event{Time: t, Source: r.Get("source").String(), Sourcetype: "stash", Index: "risk", Host: r.Get("host").String()}
	if ev.Host == "" {
		ev.Host = "spelunk"
	}
	for _, f := range r {
		switch f.Name {
		case "_time", "_raw", "source", "sourcetype", "index", "host", "linecount", "tag", "eventtype":
			continue
		}
		ev.Fields = append(ev.Fields, f)
	}
	ev.Raw = r.Get("risk_message").String()
	return ev
}

func (h *hunter) one(i int, d *content.Detection) huntResult {
	r := huntResult{det: d}
	if ok, why := applicable(d, h.sources, h.idx); !ok {
		r.status, r.reason = huntNotApplicable, why
		return r
	}
	var pr prepResult
	if i < len(h.preps) && (h.preps[i].p != nil || h.preps[i].err != nil) {
		pr = h.preps[i]
	} else {
		pr.p, pr.err = h.r.PrepareDetection(d)
	}
	p := pr.p
	if pr.err != nil {
		r.status, r.reason = huntUnsupported, firstMessage(prepareMessage(pr.err))
		return r
	}
	var res *engine.Result
	var err error
	// Labelled, so that a CPU profile (SPELUNK_CPUPROFILE) can be read
	// detection by detection: go tool pprof -tagfocus detection=NAME.
	pprof.Do(context.Background(), pprof.Labels("detection", d.Name), func(ctx context.Context) {
		res, err = h.r.RunOn(ctx, p, h.store, runner.RunOptions{Now: h.now, Quiet: true})
	})
	if err != nil {
		r.status, r.reason = huntUnsupported, firstMessage(message(err))
		return r
	}
	r.rows, r.cols = res.Rows, res.Columns
	if len(res.Rows) > 0 {
		r.status = huntFired
	} else {
		r.status = huntQuiet
	}
	return r
}

func (r huntResult) name() string { return r.det.Name }

// riskScore is the detection's risk score: tags.risk_score, else impact ×
// confidence / 100 as Enterprise Security computes it.
func riskScore(d *content.Detection) int {
	if d.Tags.RiskScore > 0 {
		return d.Tags.RiskScore
	}
	return d.Tags.Impact * d.Tags.Confidence / 100
}

// sortFired orders fired detections most severe first, then by name.
func sortFired(rs []huntResult) []huntResult {
	var fired []huntResult
	for _, r := range rs {
		if r.status == huntFired {
			fired = append(fired, r)
		}
	}
	sort.SliceStable(fired, func(i, j int) bool {
		a, b := riskScore(fired[i].det), riskScore(fired[j].det)
		if a != b {
			return a > b
		}
		return fired[i].det.Name < fired[j].det.Name
	})
	return fired
}

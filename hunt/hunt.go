// Package hunt runs every detection of a content repository over one
// store of logs, the way hayabusa and chainsaw run Sigma rules: the data
// models are built once, the detections run in parallel, Correlation
// detections run last over the risk events the others raised, and each
// detection is accounted for (fired, no result, not applicable,
// unsupported).
package hunt

import (
	"context"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/risk"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// Result is what one detection did.
type Result struct {
	Detection *content.Detection
	Status    string // Fired, Quiet, NotApplicable or Unsupported
	Reason    string // why not applicable or unsupported
	Rows      []value.Fields
	Columns   []string
	Risks     []value.Fields // the risk events its rows raise
	// Unfiltered is set when the detection's <name>_filter macro is not
	// defined, so that search * stands in for it (content repositories
	// ship none: it is the place for local tuning).
	Unfiltered bool
}

// The statuses of a Result.
const (
	Fired         = "fired"
	Quiet         = "no result"
	NotApplicable = "not applicable"
	Unsupported   = "unsupported"
)

// Options say how a hunt runs.
type Options struct {
	// Jobs is how many detections run at once (at least 1).
	Jobs int
	// Sources are the repository's data sources: a detection none of
	// whose data sources has an event in the store is not applicable.
	// nil runs every detection.
	Sources map[string]content.DataSource
	// Now is the searches' start time; zero means the runner's
	// (Runner.Now): one second after the latest event of the data read.
	Now time.Time
	// WantRisks makes the risk events of every fired detection, even
	// when no Correlation detection reads them.
	WantRisks bool
	// Progress, when set, is called after each detection.
	Progress func(name string)
	// Pace, when set, is called as the heap grows: after each data model
	// build and each detection (the command's garbage collector pacing).
	Pace func()
	// Times, when set, receives each detection's and data model's run
	// time.
	Times func(name string, d time.Duration)
	// Plan, when set, receives what each detection reads, as RunOnce
	// plans it before reading the data.
	Plan func(name, reads string)
	// Read, when set, is called once RunOnce has read the data.
	Read func()
	// SpillAfter, above 0, is how many bytes of events' text RunOnce
	// holds in memory; the text of the events held past it is spilled to
	// a temporary file in a new folder under SpillDir (os.TempDir() when
	// empty), removed when RunOnce returns. The results are the same.
	SpillAfter int64
	SpillDir   string
}

// Hunt is a finished hunt: a result per detection file, in their order,
// and every risk event raised.
type Hunt struct {
	Results []Result
	Risks   []value.Fields
	// Models is the time building the data models took.
	Models time.Duration
	// Events counts every event read (and the risk events added for the
	// Correlation detections), as the report describes them.
	Events Counter
}

// Counter is what a report says of the events: how many, and how many
// of each sourcetype (store.Store's Len and Describe).
type Counter interface {
	Len() int
	Describe() string
}

// Run runs the detections of files over store (sealed), each prepared
// and run by r.
func Run(r *runner.Runner, store *store.Store, files []string, opt Options) *Hunt {
	if opt.Jobs < 1 {
		opt.Jobs = 1
	}
	now := opt.Now
	if now.IsZero() {
		now, _ = r.Now(nil, store)
	}
	h := &hunter{r: r, store: store, sources: opt.Sources, idx: indexSources(store), now: now, opt: opt}
	dets, results, first, second := loadDetections(files, opt.Jobs)
	h.prepare(first, dets)
	h.accelerate(first)
	results, risks := h.run(dets, results, first, second)
	return &Hunt{Results: results, Risks: risks, Models: h.models, Events: store}
}

func (h *hunter) pace() {
	if h.opt.Pace != nil {
		h.opt.Pace()
	}
}

// sourceIndex records which sourcetype/source pairs occur, and for each the
// values of the fields that tell data sources apart.
type sourceIndex map[string]map[string]map[string]bool // "st\x00src" -> field -> values

var separatorFields = []string{"EventCode", "eventName", "Operation", "operationName", "event_simpleName", "eventtype"}

func indexSources(s *store.Store) sourceIndex {
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

// hunter runs detections over one store.
type hunter struct {
	r       *runner.Runner
	store   *store.Store
	sources map[string]content.DataSource
	idx     sourceIndex
	now     time.Time // the searches' start time
	opt     Options
	tally   *tally // the events read, when the hunt read them itself
	// full holds every event, for the detections of fullFor, when a
	// hunt that read the data itself has some that need every event.
	full    *store.Store
	fullFor map[int]bool
	// dm holds, in a hunt that read the data itself, the events of the
	// datasets tstats reads, with the fields their rows are made of; the
	// datasets whole names are read from store, as events.
	dm     *store.Store
	whole  map[string]bool
	sums   *summaries    // over an index folder, what its summaries serve
	preps  []prepResult  // per detection file, made before the data models
	models time.Duration // building the data models the detections read
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
func (h *hunter) run(dets []*content.Detection, results []Result, first, second []int) ([]Result, []value.Fields) {
	h.parallel(first, dets, results)
	var risks []value.Fields
	nowSecs := float64(h.now.UnixNano()) / 1e9
	for _, i := range first {
		if results[i].Status != Fired || !h.opt.WantRisks && len(second) == 0 {
			// Nobody reads them: no --risk, no --risk-out, no
			// Correlation detection.
			continue
		}
		for _, row := range results[i].Rows {
			evs := risk.Events(dets[i], row, nowSecs)
			results[i].Risks = append(results[i].Risks, evs...)
			risks = append(risks, evs...)
		}
	}
	if len(second) > 0 {
		// Only the Correlation detections read the risk index; storing
		// tens of thousands of risk events for nobody took seconds.
		for _, ev := range risks {
			iev := risk.IngestEvent(ev)
			h.store.Add(iev)
			if h.full != nil {
				h.full.Add(iev)
			}
			if h.dm != nil {
				h.dm.Add(iev)
			}
			if h.tally != nil {
				h.tally.addN(iev.Sourcetype, 1)
			}
		}
		h.parallel(second, dets, results)
	}
	return results, risks
}

// loadDetections loads the detection files, on up to jobs goroutines
// (1,613 YAML files take about 0.3 s, before anything else can start):
// Correlation detections run in the second round, the others in the
// first.
func loadDetections(files []string, jobs int) (dets []*content.Detection, results []Result, first, second []int) {
	dets = make([]*content.Detection, len(files))
	results = make([]Result, len(files))
	errs := make([]error, len(files))
	work := make(chan int)
	var wg sync.WaitGroup
	for range max(jobs, 1) {
		wg.Go(func() {
			for i := range work {
				dets[i], errs[i] = content.LoadDetection(files[i])
			}
		})
	}
	for i := range files {
		work <- i
	}
	close(work)
	wg.Wait()
	for i, f := range files {
		if errs[i] != nil {
			dets[i] = nil
			results[i] = Result{Detection: &content.Detection{Name: runner.RelName(f), Path: f}, Status: Unsupported, Reason: errs[i].Error()}
			continue
		}
		d := dets[i]
		if strings.EqualFold(d.Type, "Correlation") {
			second = append(second, i)
		} else {
			first = append(first, i)
		}
	}
	return dets, results, first, second
}

// prepare expands and parses the searches of the detections which,
// leaving out those not applicable when the data has been read (h.idx
// set).
func (h *hunter) prepare(which []int, dets []*content.Detection) {
	if h.preps == nil {
		h.preps = make([]prepResult, len(dets))
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < h.opt.Jobs; w++ {
		wg.Go(func() {
			for i := range work {
				if h.idx != nil {
					if ok, _ := applicable(dets[i], h.sources, h.idx); !ok {
						continue
					}
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
}

// accelerate builds the data model datasets the tstats of the detections
// which read, and the columns of the fields they name, before any runs
// (engine.Accelerate): as Splunk's accelerated data models are built
// ahead of the searches that read them (summariesonly), and so that the
// time a detection takes is its own.
func (h *hunter) accelerate(which []int) {
	var pipes []*spl.Pipeline
	for _, i := range which {
		if pr := h.preps[i]; pr.p != nil {
			if ok, _ := applicable(pr.p.Origin.Detection, h.sources, h.idx); ok {
				pipes = append(pipes, pr.p.Pipeline)
			}
		}
	}
	start := time.Now()
	engine.Accelerate(h.source(), pipes, func(name string, took time.Duration) {
		if h.opt.Times != nil {
			h.opt.Times("data model "+name, took)
		}
		h.pace()
	})
	h.models = time.Since(start)
}

func (h *hunter) parallel(which []int, dets []*content.Detection, results []Result) {
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < h.opt.Jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				t0 := time.Now()
				results[i] = h.one(i, dets[i])
				if h.opt.Times != nil {
					h.opt.Times(results[i].name(), time.Since(t0))
				}
				h.pace()
				if h.opt.Progress != nil {
					h.opt.Progress(results[i].name())
				}
			}
		}()
	}
	for _, i := range which {
		work <- i
	}
	close(work)
	wg.Wait()
}

func (h *hunter) one(i int, d *content.Detection) Result {
	r := Result{Detection: d}
	if ok, why := applicable(d, h.sources, h.idx); !ok {
		r.Status, r.Reason = NotApplicable, why
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
		r.Status, r.Reason = Unsupported, runner.Reason(pr.err)
		return r
	}
	r.Unfiltered = undefinedFilter(p)
	var res *engine.Result
	var err error
	// Labelled, so that a CPU profile (SPELUNK_CPUPROFILE) can be read
	// detection by detection: go tool pprof -tagfocus detection=NAME.
	pprof.Do(context.Background(), pprof.Labels("detection", d.Name), func(ctx context.Context) {
		src := h.source()
		if h.fullFor[i] {
			src = h.full
		}
		res, err = h.r.RunOn(ctx, p, src, runner.RunOptions{Now: h.now, Quiet: true})
	})
	if err != nil {
		r.Status, r.Reason = Unsupported, runner.Reason(err)
		return r
	}
	r.Rows, r.Columns = res.Rows, res.Columns
	if len(res.Rows) > 0 {
		r.Status = Fired
	} else {
		r.Status = Quiet
	}
	return r
}

// undefinedFilter reports whether the expansion of p stood search * in
// for an undefined _filter macro.
func undefinedFilter(p *runner.Search) bool {
	if p.Expansion == nil {
		return false
	}
	for _, n := range p.Expansion.Notices {
		if strings.Contains(n.Msg, `_filter" is not defined`) {
			return true
		}
	}
	return false
}

func (r Result) name() string { return r.Detection.Name }

// RiskScore is the detection's risk score: tags.risk_score, else impact ×
// confidence / 100 as Enterprise Security computes it.
func RiskScore(d *content.Detection) int {
	if d.Tags.RiskScore > 0 {
		return d.Tags.RiskScore
	}
	return d.Tags.Impact * d.Tags.Confidence / 100
}

// SortFired orders fired detections most severe first, then by name.
func SortFired(rs []Result) []Result {
	var fired []Result
	for _, r := range rs {
		if r.Status == Fired {
			fired = append(fired, r)
		}
	}
	sort.SliceStable(fired, func(i, j int) bool {
		a, b := RiskScore(fired[i].Detection), RiskScore(fired[j].Detection)
		if a != b {
			return a > b
		}
		return fired[i].Detection.Name < fired[j].Detection.Name
	})
	return fired
}

// source is what the detections search: the store, or in a hunt that
// read the data itself, its events and its data models' store (split).
func (h *hunter) source() engine.Source {
	if h.dm == nil {
		return h.store
	}
	return split{events: h.store, models: h.dm, whole: h.whole, sums: h.sums}
}

// split searches the events of one store and the datasets tstats reads
// in another, which holds only the fields their rows are made of; the
// datasets whose events are read whole (from, datamodel) come from the
// first.
type split struct {
	events, models *store.Store
	whole          map[string]bool
	sums           *summaries // over an index folder: what its summaries serve
}

func (s split) Scan(ctx context.Context, req engine.EventScan, fn func(value.Fields) error) error {
	return s.events.Scan(ctx, req, fn)
}

func (s split) Dataset(name string) (engine.Dataset, error) {
	if s.whole[name] {
		return s.events.Dataset(name)
	}
	return s.models.Dataset(name)
}

// Knowledge implements engine.KnowledgeSource.
func (s split) Knowledge() (engine.Knowledge, error) { return s.events.Knowledge() }

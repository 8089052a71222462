package hunt

import (
	"fmt"
	"strings"
	"time"

	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/index"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/spl"
)

// Read is what a hunt that read the data itself (RunOnce) read.
type Read struct {
	// Stats are the read's, as loading every event gives them.
	Stats ingest.Stats
	// Held is how many of the events read the hunt held for its
	// detections, Whole how many of those with every field (the others
	// with the fields their detections read); Loaded the time reading took. Again is set when some
	// detection needed every event, so that the data was read a second
	// time, in full, for it.
	Held, Whole int
	Loaded      time.Duration
	Again       bool
	// Modelled is how many events the hunt held for the data models
	// alone: with only the fields their datasets' rows are made of.
	Modelled int
	// Spilled is how many of the events held (whole or for the data
	// models) were spilled to disk, and SpilledBytes their text.
	Spilled, SpilledBytes int64
	// Lists and Listed are the prefilters the held events are indexed
	// by, and the events in their lists (with repeats).
	Lists, Listed int
}

// RunOnce runs the detections of files over the runner's data, read once:
// before any is read, each detection is prepared and planned (what its
// search reads: the events its leading search's prefilter passes, data
// model datasets, lookups only, or everything), then the files are read
// in parallel chunks and each event is held only when some detection's
// plan wants it; the others are counted, for the report, the data's end
// (the searches' now) and the applicability index, and dropped. Each
// detection gets the results it gets over every event (Run), as its
// search cannot keep an event its plan does not want.
func RunOnce(r *runner.Runner, files []string, opt Options) (*Hunt, *Read, error) {
	if opt.Jobs < 1 {
		opt.Jobs = 1
	}
	start := time.Now()
	h := &hunter{r: r, sources: opt.Sources, opt: opt}
	dets, results, first, second := loadDetections(files, opt.Jobs)
	all := append(append([]int(nil), first...), second...)
	h.prepare(all, dets)
	kb, err := r.Base()
	if err != nil {
		return nil, nil, err
	}
	eopt := engine.Options{TZ: r.Config().TZ}
	var plans, late []reads
	var everything []int // the detections that need every event
	isSecond := map[int]bool{}
	for _, i := range second {
		isSecond[i] = true
	}
	for _, i := range all {
		pr := h.preps[i]
		if pr.p == nil {
			continue // unsupported: it reads nothing
		}
		from := dets[i].Path
		rd := planReads(pr.p.Pipeline, eopt, func(text string) (*spl.Pipeline, error) {
			s, err := r.Prepare("", text, from)
			if err != nil {
				return nil, err
			}
			return s.Pipeline, nil
		})
		rd.name = dets[i].Name
		rd.late = isSecond[i]
		if opt.Plan != nil {
			opt.Plan(dets[i].Name, rd.describe())
		}
		if rd.all != "" {
			everything = append(everything, i)
			continue
		}
		plans = append(plans, rd)
		if isSecond[i] {
			late = append(late, rd)
		}
	}
	idx, isIndex, err := r.IndexSource()
	if err != nil {
		return nil, nil, err
	}
	var sums *summaries
	if isIndex {
		sums = newSummaries(idx, kb, plans, late)
		plans = sums.narrowed(plans)
		// The tstats detections read the same few summaries: each
		// column of a row group is decoded once for all of them.
		stop := idx.ShareSummaryReads(summaryCacheBytes)
		defer stop()
	}
	sv := newSieve(plans, kb, r.Config().Workers)
	if sieveHook != nil {
		sieveHook(sv)
	}
	dm, err := store.NewWith(kb)
	if err != nil {
		return nil, nil, err
	}
	if n := r.Config().PackRawAfter; n > 0 {
		dm.PackRawAfter(n)
	}
	var sp *store.Spill
	if opt.SpillAfter > 0 {
		if sp, err = store.NewSpill(opt.SpillDir, opt.SpillAfter); err != nil {
			return nil, nil, err
		}
		// The rows read back are copies: nothing needs the file after.
		defer sp.Close()
		dm.SpillTo(sp)
	}
	var narrow *index.Narrow
	if isIndex {
		narrow = sv.narrow(opt.Sources, kb, eopt)
	}
	st, stats, err := r.StoreNarrowed(sv.keep, dm, sp, narrow)
	if err != nil {
		return nil, nil, err
	}
	if err := st.Index(sv.postings()); err != nil {
		return nil, nil, err
	}
	dm.Seal()
	h.store, h.dm, h.whole, h.sums = st, dm, sv.wholeNames, sums
	h.idx, h.tally = sv.index(), sv.tally()
	read := &Read{Stats: stats, Held: h.tally.held, Whole: h.tally.whole, Modelled: h.tally.modelled}
	if sp != nil {
		read.Spilled, read.SpilledBytes = sp.Spilled()
	}
	read.Lists, read.Listed = st.Indexed()
	// A detection whose reads could not be narrowed gets every event, if
	// the data has some of its data sources: the data is read again, in
	// full, for those alone.
	for _, i := range everything {
		if ok, _ := applicable(dets[i], h.sources, h.idx); !ok {
			continue
		}
		if h.full == nil {
			full, _, err := r.StoreSieved(nil, nil, false)
			if err != nil {
				return nil, nil, err
			}
			full.Seal()
			h.full, h.fullFor = full, map[int]bool{}
			read.Again = true
		}
		h.fullFor[i] = true
	}
	read.Loaded = time.Since(start)
	if opt.Read != nil {
		opt.Read()
	}
	h.now = opt.Now
	if h.now.IsZero() {
		if h.now, err = r.Now(nil, nil); err != nil {
			return nil, nil, err
		}
	}
	h.pace()
	h.accelerate(first)
	if opt.Times != nil {
		for _, x := range []*store.Store{st, dm} {
			f := x.Footprint()
			opt.Times(fmt.Sprintf("held in memory: %d events, %d MB of their text, %d MB of data model rows", f.Events, f.EventsText>>20, f.Datasets>>20), 0)
		}
	}
	results, risks := h.run(dets, results, first, second)
	if isIndex && opt.Times != nil {
		cs := idx.SummaryCacheStats()
		opt.Times(fmt.Sprintf("summary columns: %d decoded, %d reads served again, cache peak %d MB", cs.Misses, cs.Hits, cs.Peak>>20), 0)
	}
	return &Hunt{Results: results, Risks: risks, Models: h.models, Events: h.tally}, read, nil
}

// summaryCacheBytes caps the decoded summary columns a hunt over an
// index keeps for its tstats detections (ShareSummaryReads): realdata's
// take 30 MB, served about 12,000 times, which saves about 1 s of CPU
// over a 16 MB cap (the tstats by _time buckets read blocks from it too)
// for about 5 MB more peak RSS.
const summaryCacheBytes = 32 << 20

// sieveHook, when set (by a test), changes the sieve before the data is
// read.
var sieveHook func(*sieve)

// describe says what a plan reads, for people (SPELUNK_TIMES).
func (rd reads) describe() string {
	switch {
	case rd.all != "":
		return "every event: " + rd.all
	case rd.fails != "":
		return "no events: it fails (" + rd.fails + ")"
	}
	var parts []string
	if len(rd.pres) > 0 {
		parts = append(parts, fmt.Sprintf("events (%d searches)", len(rd.pres)))
	}
	for _, d := range rd.datasets {
		parts = append(parts, "dataset "+d)
	}
	for _, d := range rd.whole {
		parts = append(parts, "dataset "+d+" (whole events)")
	}
	if len(parts) == 0 {
		return "no events"
	}
	return strings.Join(parts, ", ")
}

package hunt

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// sieve decides, as the data is read once, which events the hunt holds:
// those some detection's leading search may keep (its prefilter passes)
// and those of a data model dataset some detection reads. Every event,
// held or not, is counted (tally), for the report and the applicability
// index. The decisions that hang on an event's partition (sourcetype,
// source, EventCode, eventtypes, tags) are made once per partition key.
type sieve struct {
	scans []scan
	// whole are the datasets whose events are read whole (from,
	// datamodel): held in full; models those tstats reads the rows of:
	// held with only the fields their rows are made of (keepField).
	whole, models []*datamodel.CompiledDataset
	wholeNames    map[string]bool
	all           bool // some detection reads every event
	// exprs are the prefilters' search expressions, by text
	// (reads.exprs), for the reader of an index.
	exprs map[string]spl.SearchExpr

	mu      sync.Mutex // guards keys, sets, and the compiled tests while deciding
	keys    map[string]*keyPlan
	workers []*sieveWorker

	// kb is the knowledge events are shaped with; sets are the field sets
	// rows are shaped to before judgement (shapes.go), the first the
	// partition's and the count's.
	kb   *datamodel.Base
	sets []fieldSet
	byID map[string]int
	// modelFields are the fields the models' store keeps (keepField),
	// but those starting with "_"; modelAll is set when it may keep any.
	modelFields []string
	modelAll    bool
	// reduce is set when an event held only for scans whose pipelines
	// read a few of its fields is held with those alone (held.go);
	// global are the fields every such event keeps, for the searches
	// that read the events without a scan's list.
	reduce bool
	global []string
}

// scan is a leading search's prefilter, and the detection it is of.
type scan struct {
	pre  engine.Prefilter
	name string
	// fields are those its tests read (all: any), scanReads; expr is
	// its text parsed again (nil: not a search expression).
	fields []string
	all    bool
	expr   spl.SearchExpr
	// need are the fields the pipelines after it read of the events it
	// passes (needAll: any), over every detection with its text.
	need    []string
	needAll bool
}

// keyPlan is what a partition key's events are held for: a dataset
// (hold: all of them), or the searches (by index in sieve.scans) whose
// text requirements and filter are to be tested event by event.
type keyPlan struct {
	hold   bool
	models bool // some dataset tstats reads may hold the key's events
	scans  []int
	// spec are the scans' tests specialised to the key (specialise.go).
	spec []specScan
	// light is the field set (in sieve.sets) the scans' tests read, and
	// the models' store keeps when models is set: the row they are tried
	// on is shaped to it; -1 when they may read any. heavy is light with
	// what the scans' pipelines read (heavySet).
	light, heavy int
}

// sieveWorker is one reading goroutine's state: its copy of the key
// plans, its compiled filters (by scan), and its counts by chunk.
type sieveWorker struct {
	keys   map[string]*keyTests
	keeps  []func(value.Fields) bool
	byText map[string]func(value.Fields) bool // specialised tests, compiled
	fields map[string]bool                    // keepField's answers
	kb     []byte                             // the partition key being made
	// st, src and srcFields are the last sourcetype and source counted,
	// and their entry in idx: a chunk's events share them.
	st, src   string
	srcFields map[string]map[string]bool
	buf       value.Fields // the row for the models' store
	chunks    map[int]*chunkTally
	idx       sourceIndex
	// held counts the events held for the searches (whole those held
	// with every field), modelled those held for the data models.
	held, whole, modelled int
	// heldSets are the field sets events are held with, by the scans
	// they passed (heldSet); hbuf is the row held, filters the fields
	// of each set.
	heldSets map[string]int
	sk       []byte
	hbuf     value.Fields
	filters  map[int]map[string]bool
	// marks are the prefilters each chunk's held events passed; passed
	// is the event's (postings.go).
	marks  map[int]*chunkMarks
	passed []int32
	// shapers make the rows: full every field, sets[i] those of the
	// sieve's field set i, all from compiled (shaperOf).
	full     *datamodel.EventShaper
	shapes   []*datamodel.EventShaper
	compiled *datamodel.Shapers
	// marked is set when the reader told which scans the next event may
	// pass (mark): those whose stamp is gen.
	marked bool
	gen    uint32
	stamp  []uint32
}

// chunkTally counts one chunk's events per sourcetype, in order of first
// appearance, and its latest time.
type chunkTally struct {
	order []string
	count map[string]int
}

func newSieve(plans []reads, b *datamodel.Base, workers int) *sieve {
	sv := &sieve{keys: map[string]*keyPlan{}, workers: make([]*sieveWorker, max(workers, 1)), kb: b, byID: map[string]int{}}
	sv.setOf(nil, false)
	sv.wholeNames = map[string]bool{}
	seen, seenText := map[string]bool{}, map[string]bool{}
	compile := func(name string) *datamodel.CompiledDataset {
		def, err := b.LookupDataset(name)
		if err != nil {
			return nil // the detection fails on it, reading nothing
		}
		cd, err := datamodel.CompileDataset(b, def)
		if err != nil {
			return nil
		}
		return cd
	}
	for _, p := range plans {
		for _, name := range p.whole {
			if !sv.wholeNames[name] {
				sv.wholeNames[name] = true
				if cd := compile(name); cd != nil {
					sv.whole = append(sv.whole, cd)
				}
			}
		}
	}
	for _, p := range plans {
		if p.all != "" {
			sv.all = true
		}
		for _, pre := range p.pres {
			if !seenText[pre.Text] && p.exprs[pre.Text] != nil {
				if sv.exprs == nil {
					sv.exprs = map[string]spl.SearchExpr{}
				}
				sv.exprs[pre.Text] = p.exprs[pre.Text]
			}
			if !seenText[pre.Text] {
				seenText[pre.Text] = true
				fields, all := scanReads(pre)
				sv.scans = append(sv.scans, scan{pre: pre, name: p.name, fields: fields, all: all, expr: parsePrefilter(pre)})
			}
		}
		for _, name := range p.datasets {
			if seen[name] || sv.wholeNames[name] {
				continue
			}
			seen[name] = true
			if cd := compile(name); cd != nil {
				sv.models = append(sv.models, cd)
			}
		}
	}
	sv.modelFields, sv.modelAll = modelReads(sv.models)
	sv.planHeld(plans)
	return sv
}

// keep is the store.Sieve: the event's row the events' store holds in
// full, if any, and its row for the data models' store. The event is
// first shaped to the fields its partition and count read; its partition
// key decides what more it needs: every field, when some dataset may
// hold it, else those its scans' tests read, and every field only once
// some test passes.
func (sv *sieve) keep(worker, chunk int, pos int64, ev *ingest.Event) (value.Fields, value.Fields, error) {
	w := sv.worker(worker)
	may := w.may()
	if sv.all {
		row, err := sv.shape(w, -1, ev)
		if err != nil {
			return nil, nil, err
		}
		w.count(chunk, row)
		w.held++
		w.whole++
		return row, nil, nil
	}
	base, err := sv.shape(w, 0, ev)
	if err != nil {
		return nil, nil, err
	}
	w.count(chunk, base)
	w.kb = store.AppendPartitionKey(w.kb[:0], base)
	kt := w.keys[string(w.kb)]
	if kt == nil {
		key := string(w.kb)
		kt = sv.tests(w, sv.plan(key, base))
		w.keys[key] = kt
	}
	kp := kt.kp
	if kp.hold {
		row, err := sv.shape(w, -1, ev)
		if err != nil {
			return nil, nil, err
		}
		var model value.Fields
		if kp.models {
			model = sv.modelRow(w, row)
			w.modelled++
		}
		// Every prefilter is tried, for the store's index (postings.go).
		w.passed = sv.passingSpec(kt, row, w.passed[:0], may)
		w.held++
		w.whole++
		w.note(chunk, pos, w.passed)
		return row, model, nil
	}
	if !kp.models && (len(kp.spec) == 0 || may != nil && !kt.anyMay(may)) {
		return nil, nil, nil
	}
	// Where the key's events are mostly held, each is shaped at once to
	// what any of its scans may hold, rather than to its tests' fields
	// first.
	set := kp.light
	if !kp.models && kt.mostHeld() {
		set = kp.heavy
	}
	light, err := sv.shape(w, set, ev)
	if err != nil {
		return nil, nil, err
	}
	var model value.Fields
	if kp.models {
		model = sv.modelRow(w, light)
		w.modelled++
	}
	kt.tried++
	if w.passed = sv.passingSpec(kt, light, w.passed[:0], may); len(w.passed) == 0 {
		return nil, model, nil
	}
	kt.held++
	row := light
	if set >= 0 {
		if row, err = sv.holdShape(w, kp, set, light, ev); err != nil {
			return nil, nil, err
		}
	} else {
		w.whole++
	}
	w.held++
	w.note(chunk, pos, w.passed)
	return row, model, nil
}

// worker is the state of reading goroutine i, made on its first event.
func (sv *sieve) worker(i int) *sieveWorker {
	w := sv.workers[i]
	if w == nil {
		w = &sieveWorker{keys: map[string]*keyTests{}, chunks: map[int]*chunkTally{}, idx: sourceIndex{}}
		sv.workers[i] = w
	}
	return w
}

// modelRow is row with only the fields the datasets tstats reads are
// made of, and those that make the store's partitions.
func (sv *sieve) modelRow(w *sieveWorker, row value.Fields) value.Fields {
	if w.fields == nil {
		w.fields = map[string]bool{}
	}
	out := w.buf[:0]
	for _, f := range row {
		keep, ok := w.fields[f.Name]
		if !ok {
			keep = sv.keepField(f.Name)
			w.fields[f.Name] = keep
		}
		if keep {
			out = append(out, f)
		}
	}
	w.buf = out
	return out
}

// keepField says whether a field goes into the data models' store: one
// some dataset's rows are made of (or every field, for a dataset that
// may read any), a default field, or one of the partitions'.
func (sv *sieve) keepField(name string) bool {
	if name != "_raw" && strings.HasPrefix(name, "_") || slices.Contains(store.PartitionFields(), name) {
		return true
	}
	switch name {
	case "host", "source", "sourcetype", "index", "linecount", "punct", "splunk_server":
		return true
	}
	sv.mu.Lock()
	defer sv.mu.Unlock()
	for _, cd := range sv.models {
		want := cd.EventFields([]string{name})
		if want == nil || want[0] {
			return true
		}
	}
	return false
}

// plan decides a partition key, once for all goroutines.
func (sv *sieve) plan(key string, row value.Fields) *keyPlan {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	if kp := sv.keys[key]; kp != nil {
		return kp
	}
	kp := &keyPlan{}
	sv.keys[key] = kp
	part := store.RowPartition(row)
	for _, cd := range sv.models {
		if !cd.RulesOut(part) {
			kp.models = true
			break
		}
	}
	for _, cd := range sv.whole {
		if !cd.RulesOut(part) {
			kp.hold = true
			return kp
		}
	}
	for i, sc := range sv.scans {
		if sc.pre.Skip != nil && sc.pre.Skip(part) {
			continue
		}
		kp.scans = append(kp.scans, i)
	}
	kp.spec = sv.specialise(kp.scans, row)
	kp.light = sv.lightSet(kp.spec, kp.models)
	kp.heavy = sv.heavySet(kp.spec, kp.light)
	return kp
}

func holdsAll(row value.Fields, must []engine.Contains) bool {
	for _, c := range must {
		if !holds(row, c) {
			return false
		}
	}
	return true
}

// holds reports whether one of the values of c.Field holds every piece,
// ignoring ASCII case (engine.Contains).
func holds(row value.Fields, c engine.Contains) bool {
	v, ok := row.Lookup(c.Field)
	if !ok {
		return false
	}
	for _, e := range v.Values() {
		text := e.String()
		all := true
		for _, p := range c.Pieces {
			if engine.IndexFoldASCII(text, p) < 0 {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// count tallies an event, held or not.
func (w *sieveWorker) count(chunk int, row value.Fields) {
	ct := w.chunks[chunk]
	if ct == nil {
		ct = &chunkTally{count: map[string]int{}}
		w.chunks[chunk] = ct
	}
	st := row.Get("sourcetype").String()
	if ct.count[st] == 0 {
		ct.order = append(ct.order, st)
	}
	ct.count[st]++
	src := row.Get("source").String()
	m := w.srcFields
	if m == nil || st != w.st || src != w.src {
		k := strings.ToLower(st) + "\x00" + strings.ToLower(src)
		m = w.idx[k]
		if m == nil {
			m = map[string]map[string]bool{}
			w.idx[k] = m
		}
		w.st, w.src, w.srcFields = st, src, m
	}
	for _, f := range separatorFields {
		v, ok := row.Lookup(f)
		if !ok {
			continue
		}
		for _, e := range v.Values() {
			if m[f] == nil {
				m[f] = map[string]bool{}
			}
			m[f][e.String()] = true
		}
	}
}

// tally is every event read, held or not, as a Store would describe it
// (Counter), with the risk events the hunt adds after.
type tally struct {
	order                 []string
	count                 map[string]int
	n                     int
	held, whole, modelled int
}

// tally merges the workers' counts in chunk order, the order a Store
// adds the events in.
func (sv *sieve) tally() *tally {
	t := &tally{count: map[string]int{}}
	byChunk := map[int][]*chunkTally{}
	var chunks []int
	for _, w := range sv.workers {
		if w == nil {
			continue
		}
		t.held += w.held
		t.whole += w.whole
		t.modelled += w.modelled
		for c, ct := range w.chunks {
			if byChunk[c] == nil {
				chunks = append(chunks, c)
			}
			byChunk[c] = append(byChunk[c], ct)
		}
	}
	sort.Ints(chunks)
	for _, c := range chunks {
		for _, ct := range byChunk[c] {
			for _, st := range ct.order {
				t.addN(st, ct.count[st])
			}
		}
	}
	return t
}

func (t *tally) addN(st string, n int) {
	if t.count[st] == 0 {
		t.order = append(t.order, st)
	}
	t.count[st] += n
	t.n += n
}

// Len is the number of events counted.
func (t *tally) Len() int { return t.n }

// Describe is Store.Describe of every event counted.
func (t *tally) Describe() string {
	parts := make([]string, len(t.order))
	for i, st := range t.order {
		parts[i] = st + "=" + strconv.Itoa(t.count[st])
	}
	return strings.Join(parts, ", ")
}

// index merges the workers' applicability indexes.
func (sv *sieve) index() sourceIndex {
	idx := sourceIndex{}
	for _, w := range sv.workers {
		if w == nil {
			continue
		}
		for k, fields := range w.idx {
			m := idx[k]
			if m == nil {
				m = map[string]map[string]bool{}
				idx[k] = m
			}
			for f, vals := range fields {
				if m[f] == nil {
					m[f] = map[string]bool{}
				}
				for v := range vals {
					m[f][v] = true
				}
			}
		}
	}
	return idx
}

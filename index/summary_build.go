package index

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// Bounds of the summary rows held while indexing: a dataset writes a row
// group once it holds sumGroupRows rows or sumGroupBytes bytes, and past
// sumMemoryBytes for all datasets together the largest is written.
var (
	sumGroupRows   = 8 << 10
	sumGroupBytes  = 16 << 20
	sumMemoryBytes = int64(32 << 20)
)

// SetSummaryGroupRows sets the rows of a summary row group and returns the
// previous number; for tests (many row groups, read in parallel).
func SetSummaryGroupRows(n int) int {
	old := sumGroupRows
	sumGroupRows = n
	return old
}

// summaryBuilder makes the dataset rows of the events an indexing run
// writes, batch by batch on the writing goroutines, and writes them.
type summaryBuilder struct {
	dir  string
	base *datamodel.Base
	// defs are the datasets summarized, each after its parent; parent
	// numbers a dataset's parent in defs (-1 for a root): an event that
	// misses a dataset misses its children too.
	defs    []*datamodel.DatasetDef
	parent  []int
	fps     map[string]string
	known   map[string]bool // partition fields no knowledge changes
	writers []*sumWriter
	poolMu  sync.Mutex
	pool    []*sumWorker // idle workers: each compiles every dataset
	total   atomic.Int64 // bytes held by every dataset
	// arenaPool keeps the workers' arena blocks the writers are done with.
	arenaPool arenaPool
	open      atomic.Int32 // summary parts open for writing

	mu    sync.Mutex
	parts []SummaryPart
}

func newSummaryBuilder(dir string, b *datamodel.Base) (*summaryBuilder, error) {
	sb := &summaryBuilder{dir: dir, base: b, fps: Fingerprints(b), known: map[string]bool{}}
	var defs []*datamodel.DatasetDef
	for _, d := range b.Datasets {
		// A dataset whose definition does not compile is left out: a
		// search of it fails as it does without an index.
		if _, err := datamodel.CheckedDataset(b, d.Name()); err == nil {
			defs = append(defs, d)
		}
	}
	sort.SliceStable(defs, func(i, j int) bool {
		return strings.Count(defs[i].Path, ".") < strings.Count(defs[j].Path, ".")
	})
	at := map[string]int{}
	for i, d := range defs {
		at[strings.ToLower(d.Name())] = i
		p := -1
		if k := strings.LastIndexByte(d.Path, '.'); k >= 0 {
			if j, ok := at[strings.ToLower(d.Model+"."+d.Path[:k])]; ok {
				p = j
			}
		}
		sb.parent = append(sb.parent, p)
		rel, err := summaryDir(d)
		if err != nil {
			return nil, fmt.Errorf("dataset %s: %w", d.Name(), err)
		}
		sb.writers = append(sb.writers, &sumWriter{b: sb, name: d.Name(), rel: rel, fp: sb.fps[d.Name()],
			declared: declaredFields(b, d)})
	}
	sb.defs = defs
	es, err := datamodel.NewEventShaper(b)
	if err != nil {
		return nil, err
	}
	for _, f := range []string{"index", "sourcetype"} {
		sb.known[f] = !es.Sets(f)
	}
	return sb, nil
}

// baseFields are the fields every dataset row may have (CIM's BaseEvent).
var baseFields = []string{"_time", "host", "source", "sourcetype", "index", "tag"}

// declaredFields lists the fields a dataset's rows may have: the base
// fields, its own and its ancestors' declared and calculated fields, and
// those of its children with their path ("SSL.ssl_issuer"). Every part
// has a column for each, so that SQL naming one reads nulls.
func declaredFields(b *datamodel.Base, def *datamodel.DatasetDef) []string {
	seen := map[string]bool{}
	var out []string
	add := func(prefix string, d *datamodel.DatasetDef) {
		for _, f := range d.Fields {
			if !seen[prefix+f] {
				seen[prefix+f] = true
				out = append(out, prefix+f)
			}
		}
		for _, c := range d.AllCalcs() {
			if !seen[prefix+c.Field] {
				seen[prefix+c.Field] = true
				out = append(out, prefix+c.Field)
			}
		}
	}
	for _, f := range baseFields {
		seen[f] = true
		out = append(out, f)
	}
	for _, d := range b.Datasets {
		if d.Model != def.Model {
			continue
		}
		switch {
		case d.Path == def.Path || strings.HasPrefix(def.Path, d.Path+"."):
			add("", d)
		case strings.HasPrefix(d.Path, def.Path+"."):
			add(d.Path[len(def.Path)+1:]+".", d)
		}
	}
	return out
}

// newSummaryBuilderFor is newSummaryBuilder with b nil meaning the
// built-in knowledge.
func newSummaryBuilderFor(dir string, b *datamodel.Base) (*summaryBuilder, error) {
	if b == nil {
		var err error
		if b, err = datamodel.Builtin(); err != nil {
			return nil, err
		}
	}
	return newSummaryBuilder(dir, b)
}

// summaryDir is the folder of a dataset's summary parts.
func summaryDir(d *datamodel.DatasetDef) (string, error) {
	m, err := EscapePartition(d.Model)
	if err != nil {
		return "", err
	}
	p, err := EscapePartition(d.Path)
	if err != nil {
		return "", err
	}
	return "datamodel=" + m + "/dataset=" + p, nil
}

// sumWorker is one goroutine's compiled knowledge and datasets.
type sumWorker struct {
	sh        *datamodel.EventShaper
	cds       []*datamodel.CompiledDataset
	ok, ruled []bool
	ev        ingest.Event
	fields    value.Fields
	// reads are the event fields the shaper reads (nil: all); recLay is
	// what the worker knows of records of layout lastLay, recLays of the
	// layouts met lately.
	reads     map[string]bool
	lastLay   *layoutID
	recLay    *recLayout
	recLays   map[*layoutID]*recLayout
	work, out value.Fields
	works     []value.Fields // each dataset's fields after its calculations, for its children
	rows      [][]sumRow
	lays      []*sumLayout // the last layout of each dataset's rows
	// prev are the texts of each dataset's last row: a row of the same
	// layout shares those it repeats (constants of the knowledge, a
	// host's name) instead of copying them again.
	prev [][]string
	// arenas hold each dataset's rows apart, so that a dataset seldom
	// written keeps no other's rows alive.
	arenas []sumArena
	// types holds the type objects made lately: rows of a dataset mostly
	// have the same few.
	types    map[string]string
	typeList [][2]string // newSumRow's
	multis   []int       // newSumRow's
	gates    *rootGates
	refs     refHints // newSumRow's, for the cells equal to an event column
	// ruledBy is what RulesOut said of each dataset, by partition.
	ruledBy map[[2]string][]bool
	// slots makes the rows of events of a known record layout by a plan
	// over numbered fields (nil: never; summary_slots.go); slotRows are
	// its rows.
	slots    *datamodel.SlotRows
	slotRows []value.Fields
}

func (sb *summaryBuilder) worker() (*sumWorker, error) {
	sb.poolMu.Lock()
	if n := len(sb.pool); n > 0 {
		w := sb.pool[n-1]
		sb.pool = sb.pool[:n-1]
		sb.poolMu.Unlock()
		return w, nil
	}
	sb.poolMu.Unlock()
	sh, err := datamodel.NewDatasetsShaper(sb.base, sb.defs)
	if err != nil {
		return nil, err
	}
	// The worker gives the shaper only the fields it reads.
	sh.GivenRead()
	w := &sumWorker{sh: sh, reads: setOf(sh.EventFields()), ok: make([]bool, len(sb.defs)),
		rows: make([][]sumRow, len(sb.defs)), lays: make([]*sumLayout, len(sb.defs)),
		works: make([]value.Fields, len(sb.defs)), arenas: make([]sumArena, len(sb.defs)),
		prev: make([][]string, len(sb.defs))}
	reads := make([][]string, len(sb.defs))
	for i, d := range sb.defs {
		cd, err := datamodel.CompileDataset(sb.base, d)
		if err != nil {
			return nil, err
		}
		w.cds = append(w.cds, cd)
		if sb.parent[i] < 0 {
			reads[i] = cd.ConstraintReads()
		}
	}
	for i := range w.arenas {
		w.arenas[i].pool = &sb.arenaPool
	}
	w.gates = newRootGates(reads)
	w.newSlots(sb)
	return w, nil
}

// add is the writer's sink: the dataset rows of a batch of events of the
// partition (index, sourcetype) just written into the event part part.
func (sb *summaryBuilder) add(ix, st, part string, batch []*record) error {
	w, err := sb.worker()
	if err != nil {
		return err
	}
	defer func() {
		sb.poolMu.Lock()
		sb.pool = append(sb.pool, w)
		sb.poolMu.Unlock()
	}()
	w.ruled = w.rulesOut(sb, ix, st)
	if err := w.makeRows(sb, batch, part); err != nil {
		return err
	}
	for i, rows := range w.rows {
		blocks := w.arenas[i].handOver()
		if len(rows) == 0 && blocks.empty() {
			continue
		}
		// add copies the rows: the slice is the next batch's.
		err := sb.writers[i].add(rows, blocks)
		clear(rows)
		w.rows[i] = rows[:0]
		if err != nil {
			return err
		}
	}
	if sb.total.Load() > sumMemoryBytes {
		return sb.flushLargest()
	}
	return nil
}

// makeRows appends the dataset rows of the batch's events, of the event
// part part, to w.rows; w.ruled is what RulesOut said of their partition.
func (w *sumWorker) makeRows(sb *summaryBuilder, batch []*record, part string) error {
	w.resetSlots()
	// The last batch's rows may be written by now, and their blocks
	// given to another arena: no row shares their texts.
	clear(w.prev)
	for _, r := range batch {
		// The event as a search over the index reads it back, but for
		// the fields the shaper would drop unread.
		rl := w.recLayout(r)
		fields, err := rl.eventFields(w.fields[:0], r)
		w.fields = fields
		if err != nil {
			return err
		}
		w.ev = ingest.Event{Time: r.t, Raw: r.raw, Host: r.host, Source: r.source, Sourcetype: r.st,
			Index: r.ix, DateZone: r.zone, Fields: fields}
		if w.slotMade(rl, r, part) {
			continue
		}
		row := w.sh.Row(&w.ev)
		w.gates.event(row)
		dirty := true
		for i, cd := range w.cds {
			w.ok[i] = false
			p := sb.parent[i]
			if w.ruled[i] || (p >= 0 && !w.ok[p]) || (p < 0 && w.gates.fails(i)) {
				continue
			}
			var out value.Fields
			var ok bool
			if p >= 0 {
				// A child starts from its parent's fields after the
				// parent's calculations: only its own run.
				work := append(w.works[i][:0], w.works[p]...)
				out, w.works[i], ok = cd.RowBelow(row, work, w.out)
				if !ok {
					w.works[i] = work
				}
			} else {
				// The calculations change the fields they are given, so
				// each root met gets a fresh copy (one missed ran none)
				// and keeps it for its children.
				if dirty {
					w.work = append(w.work[:0], row...)
					dirty = false
				}
				var work value.Fields
				if w.gates.meets(i) {
					out, work = cd.RowWorkMet(w.work, w.out)
					ok = true
				} else {
					out, work, ok = cd.RowWork(w.work, w.out)
					w.gates.result(i, ok)
				}
				if ok {
					w.works[i], w.work = work, w.works[i][:0]
					dirty = true
				}
			}
			if !ok {
				continue
			}
			w.out = out
			w.ok[i] = true
			w.rows[i] = append(w.rows[i], w.newSumRow(i, out, r, rl, part))
		}
	}
	return nil
}

// rulesOut is what RulesOut says of each dataset for the partition's
// events, worked out once per partition.
func (w *sumWorker) rulesOut(sb *summaryBuilder, ix, st string) []bool {
	key := [2]string{ix, st}
	if r, ok := w.ruledBy[key]; ok {
		return r
	}
	pi := partInfo{p: &PartEntry{Index: ix, Sourcetype: st}, known: sb.known}
	r := make([]bool, len(w.cds))
	for i, cd := range w.cds {
		r[i] = cd.RulesOut(pi)
	}
	if w.ruledBy == nil || len(w.ruledBy) >= 256 {
		w.ruledBy = map[[2]string][]bool{}
	}
	w.ruledBy[key] = r
	return r
}

// recLayout is what records of one layout share for the summaries: the
// fields the shaper reads, by number (all when keep is nil), their names
// cloned once (names compared across events are then the same text, and
// compare as equal at once), and the fields kept as their place in _raw.
type recLayout struct {
	keep  []int
	names []string // of the fields in keep (or all)
	refAt []int
	slots *datamodel.SlotLayout // nil: the general path
	// seen counts the events met before a plan is made (slotAfter).
	seen int
}

// recLayout is r's layout: the last one's, else one of the layouts met
// lately.
func (w *sumWorker) recLayout(r *record) *recLayout {
	if r.lay == w.lastLay && r.lay != nil {
		return w.recLay
	}
	rl, ok := w.recLays[r.lay]
	if !ok {
		rl = &recLayout{keep: []int{}}
		for i := range r.fs {
			if w.reads == nil || w.reads[r.fs[i].name] {
				rl.keep = append(rl.keep, i)
				rl.names = append(rl.names, strings.Clone(r.fs[i].name))
			}
			if r.fs[i].ref >= 0 {
				rl.refAt = append(rl.refAt, i)
			}
		}
		if r.lay == nil {
			return rl
		}
		if w.recLays == nil || len(w.recLays) >= 256 {
			w.recLays = map[*layoutID]*recLayout{}
		}
		w.recLays[r.lay] = rl
	}
	w.lastLay, w.recLay = r.lay, rl
	return rl
}

// eventFields appends to dst the fields of r the shaper reads, as a
// search over the index reads them back (record.eventFields).
func (rl *recLayout) eventFields(dst value.Fields, r *record) (value.Fields, error) {
	n := len(dst)
	dst, err := r.eventFields(dst, rl.keep)
	for k := n; k < len(dst); k++ {
		dst[k].Name = rl.names[k-n]
	}
	return dst, err
}

// setOf is the set of names, nil for nil.
func setOf(names []string) map[string]bool {
	if names == nil {
		return nil
	}
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[n] = true
	}
	return set
}

// flushLargest writes the dataset holding the most rows' bytes.
func (sb *summaryBuilder) flushLargest() error {
	var big *sumWriter
	best := int64(0)
	for _, w := range sb.writers {
		if b := w.size.Load(); b > best {
			big, best = w, b
		}
	}
	if big == nil {
		return nil
	}
	big.mu.Lock()
	batch := big.take()
	big.mu.Unlock()
	return big.flush(batch)
}

// abort closes the parts open, unwritten, and returns every part made,
// for the run to discard.
func (sb *summaryBuilder) abort() []SummaryPart {
	for _, w := range sb.writers {
		if w.f != nil {
			w.f.Close()
			sb.open.Add(-1)
			sb.parts = append(sb.parts, w.entry)
			w.pw, w.f = nil, nil
		}
	}
	return sb.parts
}

// close writes what every dataset still holds and closes its part; it
// returns the parts written and the fingerprint of each dataset
// summarized.
func (sb *summaryBuilder) close() ([]SummaryPart, map[string]string, error) {
	var first error
	for _, w := range sb.writers {
		w.mu.Lock()
		batch := w.take()
		w.mu.Unlock()
		err := w.flush(batch)
		if err == nil {
			w.wmu.Lock()
			err = w.closePart()
			w.wmu.Unlock()
		}
		if err != nil && first == nil {
			first = err
		}
	}
	done := map[string]string{}
	for _, d := range sb.defs {
		done[d.Name()] = sb.fps[d.Name()]
	}
	sort.Slice(sb.parts, func(i, j int) bool { return sb.parts[i].Path < sb.parts[j].Path })
	return sb.parts, done, first
}

// sumRow is one dataset row waiting to be written, its text copied out
// of the event's.
type sumRow struct {
	t   float64
	tOK bool // _time is a number that prints in full
	seq int64
	lay *sumLayout
	// texts are the cells of lay's fields, in the worker's arena.
	texts []string
	// types says how to read back the fields that are not one string
	// (summaryTypes), "" when all are.
	types string
	size  int
	// copies are the cells that copy a field the event keeps as its place
	// in _raw, written as that place when the part keeps the field so
	// (sumWriter.erefs); refMask marks the cells (k < 64) equal to their
	// event's cell of the column refs names, written as a reference when
	// the part refers the field to that column (sumWriter.crefs); event
	// is then the event's part.
	copies  []sumCopy
	refMask uint64
	refs    *refCols
	event   string
}

// sumLayout names the fields of rows (but _time), in their order: the
// rows of a dataset mostly share a few, so the writer finds each field's
// column once per layout, not once per cell.
type sumLayout struct {
	names []string
	// multis and multiTypes remember the last row whose only fields not
	// one string were multivalues of strings (tag, in every row of W1):
	// their places, and the row's types.
	multis     []int
	multiTypes string
	// refs are the event columns the layout's cells equalled lately
	// (refHints.columnOf), shared by the rows that did.
	refs *refCols
	// grouped marks the cells (k < 64) of fields searches often group by,
	// which never refer to an event column (unless refAll).
	grouped uint64
}

// layout is the layout of row's fields (but _time) for dataset i: the
// last one when they are the same.
func (w *sumWorker) layout(i int, row value.Fields) *sumLayout {
	if l := w.lays[i]; l != nil {
		k := 0
		same := true
		// By place, not copies of the 56-byte fields.
		for j := range row {
			name := row[j].Name
			if name == "_time" {
				continue
			}
			if k >= len(l.names) || l.names[k] != name {
				same = false
				break
			}
			k++
		}
		if same && k == len(l.names) {
			return l
		}
	}
	l := &sumLayout{}
	for _, f := range row {
		if f.Name != "_time" {
			if k := len(l.names); k < 64 && groupedBy[f.Name] {
				l.grouped |= 1 << k
			}
			l.names = append(l.names, f.Name)
		}
	}
	w.lays[i] = l
	return l
}

// newSumRow copies dataset i's row into the arena.
func (w *sumWorker) newSumRow(i int, row value.Fields, ev *record, rl *recLayout, part string) sumRow {
	seq := ev.seq
	last := w.lays[i]
	lay := w.layout(i, row)
	prev := w.prev[i]
	if lay != last || len(prev) != len(lay.names) {
		prev = nil
	}
	r := sumRow{seq: seq, t: math.Inf(-1), lay: lay, texts: w.arenas[i].texts(len(lay.names)), size: 64 + 16*len(lay.names),
		copies: w.arenas[i].copyRoom(len(rl.refAt))}
	types := w.typeList[:0] // the fields not one string: name, code
	multis := w.multis[:0]  // their places while all are multivalues of strings
	k := 0
	for j := range row {
		f := &row[j]
		v := &f.Value
		if f.Name == "_time" {
			// The _time column is a timestamp: another _time is kept
			// whole in the types.
			if t, ok := v.ExactNumber(); ok {
				r.t, r.tOK = t, true
			} else {
				types = append(types, [2]string{"_time", explicitCode(*v)})
				multis = nil
			}
			continue
		}
		kind := v.Kind()
		if kind != value.KindString {
			code := typeCode(*v)
			types = append(types, [2]string{f.Name, code})
			if code != `"m"` {
				multis = nil
			} else if len(types) == len(multis)+1 {
				multis = append(multis, k)
			}
		}
		var str string // the cell's text, but for a multivalue's
		if kind != value.KindMulti {
			str = v.String()
		}
		if kind == value.KindString {
			// A copy of a field the event keeps as its place in _raw:
			// the part may write the place, not the text again.
			if ref := placeOfCopy(ev, rl.refAt, str); ref >= 0 {
				r.copies = append(r.copies, sumCopy{k: k, ref: ref})
				r.event = part
			} else if k < 64 && (refAll || lay.grouped>>k&1 == 0) {
				// Or equal to a field the event keeps as text: the part
				// may refer to the event's column.
				if col := w.refs.columnOf(i, k, lay, ev, str); col != "" {
					lay.referTo(k, col)
					r.refMask |= 1 << k
					r.event = part
				}
			}
		}
		if prev != nil && (kind != value.KindMulti && sameText(prev[k], str) || kind == value.KindMulti && isText(prev[k], v)) {
			r.texts[k] = prev[k]
		} else {
			t := str
			if kind == value.KindMulti {
				t = v.String()
			}
			r.texts[k] = w.arenas[i].text(t)
			r.size += len(t)
		}
		k++
	}
	w.arenas[i].tookCopies(r.copies)
	if len(r.copies) == 0 {
		r.copies = nil
	}
	if r.refMask != 0 {
		r.refs = lay.refs
	}
	w.prev[i] = r.texts
	w.typeList = types
	if multis != nil {
		w.multis = multis
	}
	if len(types) == 0 {
		return r
	}
	if w.types == nil || len(w.types) > 1024 {
		w.types = map[string]string{}
	}
	if len(multis) == len(types) && slices.Equal(multis, lay.multis) {
		// The layout's last types, interned then.
		r.types = lay.multiTypes
		return r
	}
	parts := make([]string, len(types))
	for j, nc := range types {
		name, _ := jsonString(nc[0])
		parts[j] = name + ":" + nc[1]
	}
	t := "{" + strings.Join(parts, ",") + "}"
	if u, ok := w.types[t]; ok {
		t = u
	} else {
		w.types[t] = t
		r.size += len(t)
	}
	if len(multis) == len(types) {
		lay.multis, lay.multiTypes = append(lay.multis[:0], multis...), t
	}
	r.types = t
	return r
}

// isText reports whether t is v's text (v.String()), without making the
// text of a multivalue (its values joined by newlines).
func isText(t string, v *value.Value) bool {
	if v.Kind() != value.KindMulti {
		return sameText(t, v.String())
	}
	for i, e := range v.Values() {
		if i > 0 {
			if t == "" || t[0] != '\n' {
				return false
			}
			t = t[1:]
		}
		s := e.String()
		if !strings.HasPrefix(t, s) {
			return false
		}
		t = t[len(s):]
	}
	return t == ""
}

// sameText reports whether t == s, three bytes first: most texts that
// differ from the last row's (GUIDs, hashes) are as long, and a call to
// compare them all cost more than the rest of the row's copy.
func sameText(t, s string) bool {
	if n := len(s); len(t) != n || n > 0 && (t[0] != s[0] || t[n/2] != s[n/2] || t[n-1] != s[n-1]) {
		return false
	}
	return t == s
}

// typeCode is how a value that is not one string reads back from its
// cell (its text), as JSON: "m" for a multivalue of strings none of
// which holds a newline (the cell is the values joined by newlines, as
// docs/SCALE.md has it), else an array of the values, each a string
// starting with its kind: s<text>, n<number> <figures> <decimals>, b<0|1>.
// "" for one string.
func typeCode(v value.Value) string {
	switch v.Kind() {
	case value.KindString:
		return ""
	case value.KindMulti:
		plain := true
		for _, e := range v.Values() {
			if e.Kind() != value.KindString || strings.Contains(e.String(), "\n") {
				plain = false
				break
			}
		}
		if plain {
			return `"m"`
		}
	}
	return explicitCode(v)
}

// explicitCode is typeCode's array of a value's values.
func explicitCode(v value.Value) string {
	var els []string
	for _, e := range v.Values() {
		var s string
		switch e.Kind() {
		case value.KindNumber:
			n, _ := e.Number()
			sf, dec := e.Precision()
			s = "n" + strconv.FormatFloat(n, 'g', -1, 64) + " " + strconv.Itoa(sf) + " " + strconv.Itoa(dec)
		case value.KindBool:
			s = "b0"
			if e.Truth() {
				s = "b1"
			}
		default:
			s = "s" + e.String()
		}
		q, _ := jsonString(s)
		els = append(els, q)
	}
	return "[" + strings.Join(els, ",") + "]"
}

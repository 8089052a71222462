package hunt

import (
	"encoding/binary"
	"slices"
	"strings"

	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// An event the sieve holds for the detections whose scans it passed is
// read by those detections alone (the store's lists, store.Index): it is
// held with the fields their pipelines read (pipelineNeeds), shaped with
// the knowledge that makes them, rather than with _raw and every field.
// It keeps too the fields of its partition and count, host and index,
// those starting with "_" but _raw, and the fields the searches that read
// the events without a list test (global): the Correlation round's, which
// run after the risk events are added, and a prefilter without text's.
// An event that passed a scan some pipeline of which may read any field,
// or of a key some dataset read whole may hold, is held whole.

// heldBase are the fields every event held with some of its fields keeps,
// besides the base fields (setOf's).
var heldBase = []string{"host", "index", "_time"}

// planHeld works out what the pipelines after each scan read, and
// whether events may be held with some of their fields: not when some
// search that reads the events without a list (map's, the Correlation
// round's) may test any field: one reads them without a list may test any field.
//
// map's searches read the events without a list; each keeps only events
// its leading search's terms before the first $token$ keep (mapReads), a
// scan: they need what that scan's pipelines read, and every event held
// the fields of those terms, so that the searches reject the others as
// they would whole.
func (sv *sieve) planHeld(plans []reads) {
	if sv.all {
		return
	}
	sv.reduce = true
	byText := map[string]fieldNeed{}
	for _, p := range plans {
		for _, pre := range p.pres {
			cur := byText[pre.Text]
			if nd, ok := p.needs[pre.Text]; !ok || nd.all {
				cur.all = true
			} else {
				cur.fields = append(cur.fields, nd.fields...)
			}
			byText[pre.Text] = cur
			if !p.late && pre.Text != "" && !slices.Contains(p.listless, pre.Text) {
				continue
			}
			x := p.exprs[pre.Text]
			if x == nil {
				sv.reduce = false
				continue
			}
			fs, all := spl.SearchFields(x)
			if all {
				sv.reduce = false
			}
			sv.global = append(sv.global, fs...)
			for _, c := range pre.Must {
				sv.global = append(sv.global, c.Field)
			}
		}
	}
	for i := range sv.scans {
		nd := byText[sv.scans[i].pre.Text]
		sv.scans[i].need, sv.scans[i].needAll = nd.fields, nd.all
	}
}

// heldSet is the field set (in sv.sets) an event that passed the scans
// of passed is held with; -1: every field.
func (sv *sieve) heldSet(w *sieveWorker, passed []int32) int {
	if !sv.reduce {
		return -1
	}
	w.sk = w.sk[:0]
	for _, sc := range passed {
		w.sk = binary.AppendUvarint(w.sk, uint64(sc))
	}
	if id, ok := w.heldSets[string(w.sk)]; ok {
		return id
	}
	if w.heldSets == nil {
		w.heldSets = map[string]int{}
	}
	id := -1
	fields := slices.Concat(heldBase, sv.global)
	all := false
	for _, sc := range passed {
		s := &sv.scans[sc]
		if s.needAll || s.all {
			all = true
			break
		}
		fields = append(append(fields, s.need...), s.fields...)
	}
	if !all {
		sv.mu.Lock()
		id = sv.setOf(fields, true)
		sv.mu.Unlock()
	}
	w.heldSets[string(w.sk)] = id
	return id
}

// heavySet is the light set with what every pipeline after the scans
// of spec that read some fields reads: what an event of the key is held
// with unless it passes one that may read any; -1 when no event is held
// with some of its fields. The caller holds sv.mu.
func (sv *sieve) heavySet(spec []specScan, light int) int {
	if !sv.reduce || light < 0 {
		return -1
	}
	fields := slices.Concat(sv.sets[light].fields, heldBase, sv.global)
	for _, s := range spec {
		sc := &sv.scans[s.scan]
		if !sc.needAll && !sc.all {
			fields = append(fields, sc.need...)
		}
	}
	return sv.setOf(fields, true)
}

// holdShape makes the row an event that passed w.passed is held with:
// light, shaped to set (not -1), when that set makes every field it
// keeps; else the event shaped in full (few are: a key's events are
// shaped to its heavy set once most are held), rather than with a shaper
// of its own for each set: a prune of the knowledge and a shaper's
// selections and scratch for a few events.
func (sv *sieve) holdShape(w *sieveWorker, kp *keyPlan, set int, light value.Fields, ev *ingest.Event) (value.Fields, error) {
	hs := sv.heldSet(w, w.passed)
	switch {
	case hs < 0:
		w.whole++
		return sv.shape(w, -1, ev)
	case hs == set || set == kp.heavy:
		// heavy holds every field of hs, exact.
		return sv.only(w, hs, light), nil
	}
	row, err := sv.shape(w, -1, ev)
	if err != nil {
		return nil, err
	}
	return sv.only(w, hs, row), nil
}

// only is row with the fields of set: a shaper reduced to a set makes
// those exact, and may leave others (what they are made from) as they
// were before the knowledge changed them.
func (sv *sieve) only(w *sieveWorker, set int, row value.Fields) value.Fields {
	keep := w.filters[set]
	if keep == nil {
		sv.mu.Lock()
		fs := sv.sets[set]
		sv.mu.Unlock()
		keep = make(map[string]bool, len(fs.fields))
		for _, f := range fs.fields {
			keep[f] = true
		}
		if w.filters == nil {
			w.filters = map[int]map[string]bool{}
		}
		w.filters[set] = keep
	}
	out := w.hbuf[:0]
	for _, f := range row {
		if keep[f.Name] || f.Name != "_raw" && strings.HasPrefix(f.Name, "_") {
			out = append(out, f)
		}
	}
	w.hbuf = out
	return out
}

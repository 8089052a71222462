package index

import (
	"strings"

	"github.com/spelunk-dev/spelunk/value"
)

// rootGates pass over a root dataset's constraints for an event whose
// values of the fields they read are those of an earlier event that
// failed them, or that met them (the constraints are then not tested
// again): the constraints are a function of those values alone
// (datamodel.CompiledDataset.ConstraintReads), and most roots fail every
// event of a sourcetype on the same tag values (W1: 24 roots tested on
// each of 200,000 events for one dataset that holds them).
type rootGates struct {
	fields []gateField // the fields some root's constraints read
	roots  []rootGate  // by dataset number; reads nil: not gated
}

// gateField is the last value seen of a field read by constraints: its
// texts (copies: the shaper makes each event in the space of the one
// before) and its version, a new one (from gen, never reused) each time
// it changes; version -1 marks a value the gate does not compare (not
// text).
type gateField struct {
	name    string
	present bool
	multi   bool
	texts   []string
	version int
	gen     int
	at      int // where the field was in the last row: most rows repeat it
}

type rootGate struct {
	reads  []int // numbers in rootGates.fields
	failed bool  // the constraints failed at versions seen
	met    bool  // the constraints met them
	seen   []int
}

func newRootGates(reads [][]string) *rootGates {
	g := &rootGates{roots: make([]rootGate, len(reads))}
	at := map[string]int{}
	for i, names := range reads {
		for _, n := range names {
			k, ok := at[n]
			if !ok {
				k = len(g.fields)
				at[n] = k
				g.fields = append(g.fields, gateField{name: n})
			}
			g.roots[i].reads = append(g.roots[i].reads, k)
		}
		g.roots[i].seen = make([]int, len(g.roots[i].reads))
	}
	return g
}

// event takes the values of the gated fields of an event's row.
func (g *rootGates) event(row value.Fields) {
	for k := range g.fields {
		g.fields[k].take(row)
	}
}

func (f *gateField) take(row value.Fields) {
	var v value.Value
	ok := f.at >= 0 && f.at < len(row) && row[f.at].Name == f.name
	if ok {
		v = row[f.at].Value
	} else if f.at = row.Index(f.name); f.at >= 0 {
		v, ok = row[f.at].Value, true
	}
	multi := ok && v.Kind() == value.KindMulti
	switch {
	case !ok:
		if f.version >= 0 && !f.present {
			return
		}
		f.present, f.texts = false, f.texts[:0]
	case v.Kind() == value.KindString:
		if f.version >= 0 && f.present && !f.multi && len(f.texts) == 1 && f.texts[0] == v.String() {
			return
		}
		f.present, f.multi = true, false
		f.texts = append(f.texts[:0], strings.Clone(v.String()))
	case multi && allText(v):
		vs := v.Values()
		if f.version >= 0 && f.present && f.multi && sameTexts(f.texts, vs) {
			return
		}
		f.present, f.multi = true, true
		f.texts = f.texts[:0]
		for _, e := range vs {
			f.texts = append(f.texts, strings.Clone(e.String()))
		}
	default:
		f.version = -1
		return
	}
	f.gen++
	f.version = f.gen
}

func allText(v value.Value) bool {
	for _, e := range v.Values() {
		if e.Kind() != value.KindString {
			return false
		}
	}
	return true
}

func sameTexts(texts []string, vs []value.Value) bool {
	if len(texts) != len(vs) {
		return false
	}
	for i, e := range vs {
		if texts[i] != e.String() {
			return false
		}
	}
	return true
}

// fails reports whether root i's constraints are known to fail the event
// taken last.
func (g *rootGates) fails(i int) bool {
	r := &g.roots[i]
	return r.failed && g.same(r)
}

// meets reports whether root i's constraints are known to meet the event
// taken last.
func (g *rootGates) meets(i int) bool {
	r := &g.roots[i]
	return r.met && g.same(r)
}

// same reports whether the event taken last has the values r saw.
func (g *rootGates) same(r *rootGate) bool {
	for j, k := range r.reads {
		if v := g.fields[k].version; v < 0 || v != r.seen[j] {
			return false
		}
	}
	return true
}

// result records whether root i's constraints met the event taken last.
func (g *rootGates) result(i int, met bool) {
	r := &g.roots[i]
	if r.reads == nil {
		return
	}
	r.failed, r.met = !met, met
	for j, k := range r.reads {
		r.seen[j] = g.fields[k].version
		if r.seen[j] < 0 {
			r.failed, r.met = false, false
		}
	}
}

package datamodel

import (
	"slices"
	"strings"
	"unsafe"

	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// SlotRows makes the dataset rows of events by a plan per record layout
// and selection of knowledge, over an array of values numbered once (a
// slot a field's version: a field set again takes a new slot), instead of
// rows looked up and set by name some hundred times an event. Each step
// (an extraction, alias, eval, the eventtypes, a constraint, a
// calculation) runs on a small row of the slots it reads, and only when
// one of them changed since the last event: most of an event's outputs
// come from inputs equal to the last event's. A step that is not a pure
// function of the fields it names runs every event; what the plan cannot
// model at all (a search or eval reading any field, a child dataset's own
// fields, linecount, the date_* fields) is left to the general path.
// It keeps state between events: one goroutine at a time.
type SlotRows struct {
	sh     *shaper
	cds    []*compiledDataset
	parent []int
	off    bool
	// selReads are the fields the knowledge's selections read (any when
	// selAll).
	selReads []string
	selAll   bool
}

// NewSlotRows makes the slot plans of the shaper (a datasets shaper given
// the fields it reads) and the datasets, parent numbering each one's
// parent in cds (-1 for a root). The shaper serves the plans' eventtypes.
func NewSlotRows(es *EventShaper, cds []*CompiledDataset, parent []int) *SlotRows {
	sh := es.sh
	s := &SlotRows{sh: sh, parent: parent}
	s.off = sh.only == nil || !sh.only.given || sh.only.readsLines()
	for _, d := range cds {
		s.cds = append(s.cds, d.cd)
	}
	for _, list := range sh.knowledge {
		for _, k := range list {
			if k.when == nil {
				continue
			}
			s.selAll = s.selAll || k.whenRd.all
			s.selReads = appendNew(s.selReads, k.whenRd.fields...)
		}
	}
	return s
}

// defaultNames are the fields every row starts with (shaper.row).
var defaultNames = []string{"_time", "_raw", "host", "source", "sourcetype", "index"}

// SlotLayout is the plans of the events whose fields have one list of
// names, and the inputs of the last of them.
type SlotLayout struct {
	s      *SlotRows
	in     []int // the input slot of each event field, -1: dropped (a repeat)
	inName []string
	prev   []value.Value
	chg    []bool
	read   []bool // the inputs some plan's steps read
	vol    []volatility
	have   bool
	sel    []int // the input slots the selection reads
	row    value.Fields
	plans  []*slotPlan
	last   *slotPlan
}

// Layout is the plans of events whose fields are named names, in order;
// nil when the plan cannot serve them.
func (s *SlotRows) Layout(names []string) *SlotLayout {
	if s.off {
		return nil
	}
	l := &SlotLayout{s: s, inName: slices.Clone(defaultNames)}
	for _, n := range names {
		if n == "" {
			return nil
		}
		if slices.Contains(l.inName, n) {
			l.in = append(l.in, -1)
			continue
		}
		l.in = append(l.in, len(l.inName))
		l.inName = append(l.inName, n)
	}
	l.prev = make([]value.Value, len(l.inName))
	l.chg = make([]bool, len(l.inName))
	l.read = make([]bool, len(l.inName))
	l.vol = make([]volatility, len(l.inName))
	for i, n := range l.inName {
		if n == "source" || n == "sourcetype" || slices.Contains(s.selReads, n) {
			l.sel = append(l.sel, i)
			l.read[i] = true
		}
	}
	return l
}

// Reset forgets the last event: the next computes every step.
func (l *SlotLayout) Reset() {
	l.have, l.last = false, nil
}

// Rows sets ok[i] and rows[i] to whether ev meets dataset i and its row
// (in the plan's space, valid until the next call), for the datasets not
// ruled out; ev's fields are named as Layout's names. It reports false
// when the plan cannot make this event's rows: the caller makes them.
func (l *SlotLayout) Rows(ev *ingest.Event, ruled, ok []bool, rows []value.Fields) bool {
	if ev.DateZone != "" && l.s.sh.only.dates || len(ev.Fields) != len(l.in) {
		return false
	}
	l.input(0, value.Num(ev.Time))
	l.input(1, value.Str(ev.Raw))
	l.input(2, value.Str(ev.Host))
	l.input(3, value.Str(ev.Source))
	l.input(4, value.Str(ev.Sourcetype))
	l.input(5, value.Str(ev.Index))
	for k, s := range l.in {
		if s >= 0 {
			l.input(s, ev.Fields[k].Value)
		}
	}
	fresh := !l.have
	l.have = true
	p := l.last
	if p == nil || fresh || l.s.selAll || l.changed(l.sel) {
		sel := l.selection(ev)
		p = nil
		for _, q := range l.plans {
			if slices.Equal(q.sel, sel) {
				p = q
				break
			}
		}
		if p == nil {
			if len(l.plans) >= 16 {
				l.plans = l.plans[:0]
			}
			p = newSlotPlan(l, sel)
			l.plans = append(l.plans, p)
		}
	}
	if p.off || slices.ContainsFunc(p.general, func(i int) bool { return !ruled[i] }) {
		// The plan's steps did not run: the next event computes all.
		l.last = nil
		return false
	}
	if p != l.last || fresh {
		p.stale()
	}
	l.last = p
	if !p.run(l, ruled, ok, rows) {
		l.last = nil
		return false
	}
	return true
}

// input sets input slot s, noting whether it changed.
func (l *SlotLayout) input(s int, v value.Value) {
	old := &l.prev[s]
	l.chg[s] = !l.have || !l.read[s] || l.vol[s].differ(*old, v)
	*old = v
}

func (l *SlotLayout) changed(slots []int) bool {
	for _, s := range slots {
		if l.chg[s] {
			return true
		}
	}
	return false
}

// selection is the knowledge entries that apply to the event, as
// shaper.row selects them.
func (l *SlotLayout) selection(ev *ingest.Event) []*compiledKnowledge {
	l.row = l.row[:0]
	for s, v := range l.prev {
		if !v.IsNull() {
			l.row = append(l.row, value.Field{Name: l.inName[s], Value: v})
		}
	}
	sh := l.s.sh
	source := strings.ToLower(ev.Source)
	list := sh.knowledge[strings.ToLower(ev.Sourcetype)]
	if list == nil {
		list = []*compiledKnowledge{}
	}
	sel := []*compiledKnowledge{}
	if sl := sh.selectionFor(source, ev.Sourcetype, list); sl.memo != nil && !sl.memo.off {
		return append(sel, sl.memo.get(l.row, sl.compute, keepAny)...)
	}
	for _, k := range list {
		if k.selects(source, l.row) {
			sel = append(sel, k)
		}
	}
	return sel
}

// quickEqual is value.Equal, quick for texts that differ: most that do
// (GUIDs, hashes, XML records) are as long and alike at both ends.
func quickEqual(a, b value.Value) bool {
	s, sok := a.Text()
	t, tok := b.Text()
	if sok && tok {
		n := len(s)
		if len(t) != n {
			return false
		}
		if n >= 16 {
			// Eight bytes of the middle, one load each.
			x := *(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.StringData(s)), n/2-4))
			y := *(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.StringData(t)), n/2-4))
			if x != y {
				return false
			}
		}
		return s == t
	}
	return value.Equal(a, b)
}

// volatility keeps a slot from being compared with its last value while
// it changes nearly every event (W1's GUIDs, hashes, command lines): it
// is then taken as changed, which only runs the steps reading it.
type volatility struct {
	looks, changes uint8
	skip           uint16
}

// differ reports whether b differs from a, or may.
func (vo *volatility) differ(a, b value.Value) bool {
	if vo.skip > 0 {
		vo.skip--
		return true
	}
	d := !quickEqual(a, b)
	vo.looks++
	if d {
		vo.changes++
	}
	if vo.looks == 64 {
		if vo.changes >= 60 {
			vo.skip = 1024
		}
		vo.looks, vo.changes = 0, 0
	}
	return d
}

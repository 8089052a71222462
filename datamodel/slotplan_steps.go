package datamodel

import (
	"maps"
	"slices"
	"unsafe"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// slotPlan is the steps of one record layout and selection of knowledge,
// and the values of their slots for the last event (the inputs first).
type slotPlan struct {
	sel   []*compiledKnowledge
	off   bool // the general path makes these events' rows
	names []string
	vals  []value.Value
	chg   []bool // the slots that changed since the last event
	nIn   int
	know  []slotStep
	sets  []slotSet
	cds   []*compiledDataset
	par   []int
	// general are the datasets the plan cannot make: an event that may
	// meet one goes the general path.
	general []int
	fresh   bool
	mini    value.Fields
	// was holds the value a slot had before this event set it, when
	// wasAt is this event's number (epoch): a step not run rebases its
	// texts that were views of what it read onto what it reads now, as
	// running it would give them (placeOfCopy tells copies by place).
	was   []value.Value
	wasAt []uint32
	epoch uint32
	vol   []volatility
}

// slotStep computes the slots writes from the slots reads, given as a row
// of their fields (named as the fields they are versions of).
type slotStep struct {
	reads, writes []int
	always        bool // not a pure function of reads: run every event
	// views: its results may be views of what it reads (see rebase).
	views bool
	run   func(p *slotPlan, mini value.Fields)
	// fast, when set, gives the one result from the slots for the
	// common cases (see calcShortcut), without the row.
	fast func(p *slotPlan) (value.Value, bool)
}

// slotSet is a dataset's part of a plan: its constraints (nil: none),
// calculations and where each of its fields ends up (-1: nowhere).
type slotSet struct {
	ok    *slotStep
	calcs []slotStep
	at    []int
	// stale: the calculations did not run for the last event; okStale:
	// nor did the constraints.
	stale, okStale bool
	// general: an event that meets the constraints goes the general path.
	general bool
}

// slotBuilder numbers the slots of a plan as it is made.
type slotBuilder struct {
	p   *slotPlan
	cur map[string]int // each field's slot now
}

func (b *slotBuilder) slot(name string) int {
	b.p.names = append(b.p.names, name)
	return len(b.p.names) - 1
}

// reads is the slots of names in cur (a field never set has none).
func (b *slotBuilder) reads(cur map[string]int, names []string) []int {
	var out []int
	for _, n := range names {
		if s, ok := cur[n]; ok && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// step adds a step of the knowledge writing names' new slots, and
// makes them the fields' slots.
func (b *slotBuilder) step(reads []int, names []string, always, views bool, run func(p *slotPlan, mini value.Fields, writes []int)) {
	writes := make([]int, len(names))
	for k, n := range names {
		writes[k] = b.slot(n)
	}
	for k, n := range names {
		b.cur[n] = writes[k]
	}
	b.p.know = append(b.p.know, slotStep{reads: reads, writes: writes, always: always, views: views,
		run: func(p *slotPlan, mini value.Fields) { run(p, mini, writes) }})
}

// getAll puts mini's values of names into writes.
func (p *slotPlan) getAll(mini value.Fields, names []string, writes []int) {
	for k, n := range names {
		p.put(writes[k], mini.Get(n))
	}
}

func newSlotPlan(l *SlotLayout, sel []*compiledKnowledge) *slotPlan {
	p := &slotPlan{sel: slices.Clone(sel), nIn: len(l.inName), cds: l.s.cds, par: l.s.parent, fresh: true}
	b := &slotBuilder{p: p, cur: map[string]int{}}
	for i, n := range l.inName {
		p.names = append(p.names, n)
		b.cur[n] = i
	}
	if !b.knowledge(l.s.sh, sel) {
		return &slotPlan{sel: p.sel, off: true}
	}
	b.datasets()
	// The inputs some step reads are compared with the last event's.
	mark := func(st *slotStep) {
		for _, r := range st.reads {
			if r < p.nIn {
				l.read[r] = true
			}
		}
	}
	for k := range p.know {
		mark(&p.know[k])
	}
	for _, set := range p.sets {
		if set.ok != nil {
			mark(set.ok)
		}
		for k := range set.calcs {
			mark(&set.calcs[k])
		}
	}
	p.vals = make([]value.Value, len(p.names))
	p.chg = make([]bool, len(p.names))
	p.was = make([]value.Value, len(p.names))
	p.wasAt = make([]uint32, len(p.names))
	p.vol = make([]volatility, len(p.names))
	return p
}

// knowledge adds applyKnowledge's steps and the eventtypes'; false when
// one may read any field.
func (b *slotBuilder) knowledge(sh *shaper, sel []*compiledKnowledge) bool {
	for _, ck := range sel {
		for _, r := range ck.reports {
			var groups []string
			for _, g := range r.re.Names() {
				if g != "" && !slices.Contains(groups, g) {
					groups = append(groups, g)
				}
			}
			r := r
			b.step(b.reads(b.cur, append([]string{r.field}, groups...)), groups, false, true,
				func(p *slotPlan, mini value.Fields, writes []int) {
					r.apply(&mini)
					p.getAll(mini, groups, writes)
				})
		}
	}
	for _, ck := range sel {
		for _, a := range ck.aliases {
			src, ok := b.cur[a.Expr]
			if !ok || a.Expr == a.Field {
				continue // sets nothing
			}
			old, had := b.cur[a.Field]
			b.step(b.reads(b.cur, []string{a.Expr, a.Field}), []string{a.Field}, false, true,
				func(p *slotPlan, _ value.Fields, writes []int) {
					v := p.vals[src]
					if v.IsNull() && had {
						v = p.vals[old]
					}
					p.put(writes[0], v)
				})
		}
	}
	// The evals all read the row before any of them sets its field; the
	// last of a name wins (null: no field).
	// Only the last eval of a name is computed: the others' results are
	// replaced before anything reads them.
	pre := maps.Clone(b.cur)
	var evals []*compiledCalc
	for _, ck := range sel {
		for i := range ck.evals {
			c := &ck.evals[i]
			if c.rd.all {
				return false
			}
			if k := slices.IndexFunc(evals, func(e *compiledCalc) bool { return e.field == c.field }); k >= 0 {
				evals = slices.Delete(evals, k, k+1)
			}
			evals = append(evals, c)
		}
	}
	done := map[any]int{} // the slot of each pure expression computed
	for _, c := range evals {
		w := b.slot(c.field)
		b.cur[c.field] = w
		pure := c.pure
		if at, ok := done[c.x]; ok && pure {
			// The same expression of the same row (process_name and
			// process_exec): its result copied.
			b.p.know = append(b.p.know, slotStep{reads: []int{at}, writes: []int{w}, views: true,
				run: func(p *slotPlan, _ value.Fields) { p.put(w, p.vals[at]) }})
			continue
		}
		b.p.know = append(b.p.know, slotStep{reads: b.reads(pre, c.rd.fields), writes: []int{w}, always: !pure, views: true,
			run: func(p *slotPlan, mini value.Fields) { p.put(w, c.f(mini)) }, fast: calcShortcut(c, pre)})
		done[c.x] = w
	}
	tagged := []string{"eventtype", "tag"}
	if slices.ContainsFunc(sel, func(ck *compiledKnowledge) bool { return len(ck.k.Eventtypes)+len(ck.k.Tags) > 0 }) {
		s := b.p.sel
		b.step(b.reads(b.cur, tagged), tagged, false, true, func(p *slotPlan, mini value.Fields, writes []int) {
			applyOwnEventtypes(s, &mini)
			p.getAll(mini, tagged, writes)
		})
	}
	if sh.noEventtypes {
		return true
	}
	names := append(slices.Clone(PartitionFields), tagged...)
	for _, e := range sh.eventtypes {
		if e.rd.all {
			return false
		}
		names = append(names, e.rd.fields...)
	}
	b.step(b.reads(b.cur, names), tagged, false, true, func(p *slotPlan, mini value.Fields, writes []int) {
		sh.sieve.apply(sh.eventtypes, &mini)
		p.getAll(mini, tagged, writes)
	})
	return true
}

// datasets adds each dataset's constraints and calculations: a root's
// start from the knowledge's fields, a child's from its parent's after
// its calculations, as makeRows does. A dataset the plan cannot make
// (one that reads any field, or has children with fields of their own)
// is general, its children too.
func (b *slotBuilder) datasets() {
	p := b.p
	know := b.cur
	curs := make([]map[string]int, len(p.cds))
	p.sets = make([]slotSet, len(p.cds))
	for i, cd := range p.cds {
		set := &p.sets[i]
		par := p.par[i]
		if par >= 0 && curs[par] == nil {
			continue // its parent's rows are not the plan's: nor are its
		}
		if cd.predRd.all {
			p.general = append(p.general, i)
			continue
		}
		preds, calcs, cur := cd.preds, cd.calcs, maps.Clone(know)
		if par >= 0 {
			preds, calcs, cur = cd.preds[cd.ownPreds:], cd.calcs[cd.ownCalcs:], maps.Clone(curs[par])
		}
		if len(preds) > 0 {
			w := b.slot("")
			set.ok = &slotStep{reads: b.reads(know, cd.predRd.fields), writes: []int{w},
				always: slices.Contains(cd.predRd.fields, "_time"),
				run: func(p *slotPlan, mini value.Fields) {
					met := true
					for _, f := range preds {
						if !f(mini) {
							met = false
							break
						}
					}
					p.put(w, value.Bool(met))
				}}
		}
		// Met, a dataset whose rows the plan cannot make sends the event
		// to the general path.
		if set.general = len(cd.children) > 0 || slices.ContainsFunc(calcs, func(c compiledCalc) bool { return c.rd.all }); set.general {
			set.at = []int{}
			continue
		}
		for k := range calcs {
			c := &calcs[k]
			w := b.slot(c.field)
			set.calcs = append(set.calcs, slotStep{reads: b.reads(cur, c.rd.fields), writes: []int{w}, always: !c.pure, views: true,
				run: func(p *slotPlan, mini value.Fields) { p.put(w, c.f(mini)) }, fast: calcShortcut(c, cur)})
			cur[c.field] = w
		}
		for _, f := range cd.fields {
			at, ok := cur[f]
			if !ok {
				at = -1
			}
			set.at = append(set.at, at)
		}
		curs[i] = cur
	}
}

// stale makes the next event compute every step.
func (p *slotPlan) stale() { p.fresh = true }

// run computes the event's rows: the inputs are l's. It reports false
// when the event meets a general dataset.
func (p *slotPlan) run(l *SlotLayout, ruled, ok []bool, rows []value.Fields) bool {
	p.epoch++
	// Every input is set (rebase reads them all as set this event).
	copy(p.was, p.vals[:p.nIn])
	copy(p.vals, l.prev)
	copy(p.chg, l.chg)
	clear(p.chg[p.nIn:])
	force := p.fresh
	p.fresh = false
	for k := range p.know {
		p.step(&p.know[k], force)
	}
	for i := range p.sets {
		s := &p.sets[i]
		ok[i] = false
		if s.at == nil {
			continue // ruled out (see SlotLayout.Rows)
		}
		if par := p.par[i]; ruled[i] || par >= 0 && !ok[par] {
			s.stale, s.okStale = true, true
			continue
		}
		f := force || s.stale
		if s.ok != nil {
			// The constraints ran: only the calculations are stale.
			if force || s.okStale || s.ok.always || p.anyChg(s.ok.reads) {
				p.exec(s.ok)
			}
			s.okStale = false
			if !p.vals[s.ok.writes[0]].Truth() {
				s.stale = true
				continue
			}
		}
		if s.general {
			return false
		}
		for k := range s.calcs {
			p.step(&s.calcs[k], f)
		}
		s.stale = false
		row := rows[i][:0]
		for k, name := range p.cds[i].fields {
			if at := s.at[k]; at >= 0 && !p.vals[at].IsNull() {
				row = append(row, value.Field{Name: name, Value: p.vals[at]})
			}
		}
		rows[i], ok[i] = row, true
	}
	return true
}

// step runs st when one of its reads changed (or always when force).
func (p *slotPlan) step(st *slotStep, force bool) {
	if force || st.always || p.anyChg(st.reads) {
		p.exec(st)
	} else if st.views {
		p.rebase(st)
	}
}

// anyChg reports whether one of the slots changed.
func (p *slotPlan) anyChg(slots []int) bool {
	for _, r := range slots {
		if p.chg[r] {
			return true
		}
	}
	return false
}

// exec runs st on a row of the fields it reads.
func (p *slotPlan) exec(st *slotStep) {
	if st.fast != nil {
		if v, ok := st.fast(p); ok {
			p.put(st.writes[0], v)
			return
		}
	}
	mini := p.mini[:0]
	for _, r := range st.reads {
		if v := p.vals[r]; !v.IsNull() {
			mini = append(mini, value.Field{Name: p.names[r], Value: v})
		}
	}
	p.mini = mini
	st.run(p, mini)
}

// put sets slot s, noting whether it changed.
func (p *slotPlan) put(s int, v value.Value) {
	if p.vol[s].differ(p.vals[s], v) {
		p.chg[s] = true
	}
	p.set(s, v)
}

// set sets slot s, keeping what it was.
func (p *slotPlan) set(s int, v value.Value) {
	if p.wasAt[s] != p.epoch {
		p.was[s], p.wasAt[s] = p.vals[s], p.epoch
	}
	p.vals[s] = v
}

// rebase points the texts st wrote that lay in the old value of a slot it
// reads into that slot's value now (the same text).
func (p *slotPlan) rebase(st *slotStep) {
	for _, w := range st.writes {
		t, ok := p.vals[w].Text()
		if !ok || t == "" {
			continue
		}
		for _, r := range st.reads {
			if r >= p.nIn && p.wasAt[r] != p.epoch {
				continue // not set this event: nothing moved
			}
			if u, ok := rebased(t, p.was[r], p.vals[r]); ok {
				p.set(w, value.Str(u))
				break
			}
		}
	}
}

// rebased is t's place in old's text taken in now's, when t lies in old.
func rebased(t string, old, now value.Value) (string, bool) {
	o, ok := old.Text()
	n, ok2 := now.Text()
	if !ok || !ok2 || len(o) != len(n) || len(o) == 0 {
		return "", false
	}
	pt, po := uintptr(unsafe.Pointer(unsafe.StringData(t))), uintptr(unsafe.Pointer(unsafe.StringData(o)))
	if pt < po || pt-po+uintptr(len(t)) > uintptr(len(o)) || pt == uintptr(unsafe.Pointer(unsafe.StringData(n))) {
		return "", false
	}
	k := int(pt - po)
	return n[k : k+len(t)], true
}

// calcShortcut is the result of c from the slots of cur, for what its
// compiled form does at once: a field as it is, CIM's fill with
// "unknown" of a missing or empty string (fillUnknown), a field when it
// is present or a non-empty string (presentShortcut). Nil when c is none
// of those; false for a case left to c.
func calcShortcut(c *compiledCalc, cur map[string]int) func(p *slotPlan) (value.Value, bool) {
	slotOf := func(name string) int {
		if s, ok := cur[name]; ok {
			return s
		}
		return -1
	}
	get := func(p *slotPlan, s int) value.Value {
		if s < 0 {
			return value.Null
		}
		return p.vals[s]
	}
	if ref, ok := c.x.(*spl.FieldRef); ok {
		s := slotOf(ref.Name)
		return func(p *slotPlan) (value.Value, bool) { return get(p, s), true }
	}
	if fx, err := parseExprCached(fillUnknownExpr(c.field)); err == nil && fx == c.x {
		s, unknown := slotOf(c.field), value.Str("unknown")
		return func(p *slotPlan) (value.Value, bool) {
			v := get(p, s)
			if t, ok := v.Text(); ok {
				if t == "" {
					return unknown, true
				}
				return v, true
			}
			if v.IsNull() {
				return unknown, true
			}
			return value.Null, false
		}
	}
	if name := notNullField(c.x); name != "" {
		s := slotOf(name)
		return func(p *slotPlan) (value.Value, bool) {
			v := get(p, s)
			return v, !v.IsNull()
		}
	}
	if name := presentField(c.x); name != "" {
		s := slotOf(name)
		return func(p *slotPlan) (value.Value, bool) {
			v := get(p, s)
			t, ok := v.Text()
			return v, ok && t != ""
		}
	}
	return nil
}

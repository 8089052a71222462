package datamodel

import (
	"slices"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// passPlan is applyKnowledge's calculated fields for one selection of
// entries, worked out once: a Sysmon event runs some 30 evals, a third
// of them constants or the same expression as another (process_name and
// process_exec), most of them new to the row, which events of a source
// give in the same order. All results are computed on the row as it was
// before any is set (exact for either pass: see applyKnowledge), then
// placed where the last row of the same names and nulls had them.
type passPlan struct {
	sel     []*compiledKnowledge
	evals   []planEval
	results []value.Value
	// names and nulls are the row's names and the evals giving null
	// (a bit each) the placement was learned on (names cloned: a row's
	// may be views of a reused buffer); set are the places of the row
	// given a result, grow the fields appended, each with the eval whose
	// result it takes. ok is false when the slots must place each: the
	// row held an eval's name twice, or a null removes one of its fields.
	names []string
	nulls uint64
	set   []planPut
	grow  []planPut
	ok    bool
}

// planPut is one result placed: at a place of the row, or appended
// named name.
type planPut struct {
	at, eval int
	name     string
}

// evalHow is how a plan computes one eval.
type evalHow uint8

const (
	evalCall  evalHow = iota // the compiled expression
	evalConst                // pure, reads no field: computed once
	evalDup                  // the same pure expression as an earlier eval
)

type planEval struct {
	c   *compiledCalc
	how evalHow
	dup int // evalDup: the earlier eval
	// evalConst's value
	have    bool
	val     value.Value
	setName string
}

// pureExpr reports whether x is a function of the values of the fields it
// names alone (every function in memoFuncs).
func pureExpr(x spl.Expr) bool {
	pure := x != nil
	spl.Walk(x, func(n spl.Node) bool {
		if c, ok := n.(*spl.CallExpr); ok && !memoFuncs[c.Name] {
			pure = false
		}
		return pure
	})
	return pure
}

func newPassPlan(sel []*compiledKnowledge) *passPlan {
	p := &passPlan{sel: append([]*compiledKnowledge(nil), sel...)}
	for _, ck := range sel {
		for i := range ck.evals {
			c := &ck.evals[i]
			e := planEval{c: c, setName: c.field}
			pure := !c.rd.all && c.pure
			for j := range p.evals {
				if pure && p.evals[j].c.x == c.x && p.evals[j].how != evalDup {
					e.how, e.dup = evalDup, j
					break
				}
			}
			if e.how != evalDup && pure && len(c.rd.fields) == 0 {
				e.how = evalConst
			}
			p.evals = append(p.evals, e)
		}
	}
	return p
}

// apply is applyKnowledge(p.sel, ...) on row.
func (p *passPlan) apply(row *value.Fields) {
	applyExtractions(p.sel, row)
	if len(p.evals) == 0 {
		applyOwnEventtypes(p.sel, row)
		return
	}
	r := *row
	res := p.results[:0]
	var nulls uint64
	for k := range p.evals {
		v := p.eval(k, r, res)
		if v.IsNull() {
			nulls |= 1 << (k & 63)
		}
		res = append(res, v)
	}
	p.results = res
	*row = p.place(r, res, nulls)
	applyOwnEventtypes(p.sel, row)
}

// eval computes the k-th eval of row; res holds the earlier ones.
func (p *passPlan) eval(k int, row value.Fields, res []value.Value) value.Value {
	e := &p.evals[k]
	switch e.how {
	case evalConst:
		if !e.have {
			v := e.c.f(row)
			if v.Kind() == value.KindMulti {
				// Rows would share its list.
				e.how = evalCall
				return v
			}
			e.val, e.have = v, true
		}
		return e.val
	case evalDup:
		if v := res[e.dup]; v.Kind() != value.KindMulti {
			return v
		}
	}
	return e.c.f(row)
}

// lastCache keeps a pure one-field expression's last result for the same
// input text: a dataset's lower(process_integrity_level), Security's
// tests of SubjectUserName, whose inputs repeat their predecessor's more
// often than not. The input is copied, and a string result too (it may
// be a view of the input, itself of a reused buffer). One seldom hitting
// gives up, as a memo does.
type lastCache struct {
	slot        *fieldSlot
	in          []byte
	val         value.Value
	have, off   bool
	looks, hits int
}

// lastShortcut wraps f, the compiled x reading rd, in a lastCache when x is
// a pure function of one field other than _raw and _time, not the field
// itself and not memoized (a memo compares its last key itself).
func lastShortcut(x spl.Expr, rd reads, f func(value.Fields) value.Value) func(value.Fields) value.Value {
	if _, ref := x.(*spl.FieldRef); ref || rd.all || len(rd.fields) != 1 || rd.fields[0] == "_raw" || rd.fields[0] == "_time" ||
		!pureExpr(x) || memoFields(x) != nil {
		return f
	}
	lc := &lastCache{slot: newFieldSlot(rd.fields[0])}
	return func(row value.Fields) value.Value { return lc.get(row, f) }
}

func (lc *lastCache) get(row value.Fields, f func(value.Fields) value.Value) value.Value {
	if lc.off {
		return f(row)
	}
	in, ok := lc.slot.lookup(row)
	if !ok || in.Kind() != value.KindString {
		return f(row)
	}
	s := in.String()
	lc.looks++
	if lc.have && s == string(lc.in) {
		lc.hits++
		return lc.val
	}
	v := f(row)
	if lc.looks >= memoCheck {
		lc.off = lc.hits*4 < lc.looks
		lc.looks, lc.hits = 0, 0
	}
	switch v.Kind() {
	case value.KindMulti:
		lc.have = false
	case value.KindString:
		lc.in, lc.val, lc.have = append(lc.in[:0], s...), value.Str(strings.Clone(v.String())), true
	default:
		lc.in, lc.val, lc.have = append(lc.in[:0], s...), v, true
	}
	return v
}

// place sets the results in row as slot.set of each in turn would: a
// null removes the field, another value replaces it or is appended.
func (p *passPlan) place(row value.Fields, res []value.Value, nulls uint64) value.Fields {
	if !p.same(row, nulls) {
		p.learn(row, nulls)
	}
	if !p.ok {
		names := filterOf(row)
		for k := range p.evals {
			p.evals[k].c.slot.set(&row, res[k], &names)
		}
		return row
	}
	for _, s := range p.set {
		row[s.at].Value = res[s.eval]
	}
	for _, g := range p.grow {
		row = append(row, value.Field{Name: g.name, Value: res[g.eval]})
	}
	return row
}

// same reports whether row's names and the nulls are those the placement
// was learned on.
func (p *passPlan) same(row value.Fields, nulls uint64) bool {
	if len(row) != len(p.names) || p.names == nil || nulls != p.nulls {
		return false
	}
	for i := range row {
		if row[i].Name != p.names[i] {
			return false
		}
	}
	return true
}

// learn works out where each result goes in rows with row's names, when
// the evals of nulls give null: slot.set's steps, on names.
func (p *passPlan) learn(row value.Fields, nulls uint64) {
	p.names, p.nulls = p.names[:0], nulls
	for i := range row {
		p.names = append(p.names, strings.Clone(row[i].Name))
	}
	if p.names == nil {
		p.names = []string{}
	}
	// A bit of nulls may stand for several evals past the 64th.
	p.set, p.grow, p.ok = p.set[:0], p.grow[:0], len(p.evals) <= 64
	has := filterOf(row)
	for k := range p.evals {
		name, null := p.evals[k].setName, nulls&(1<<(k&63)) != 0
		i, n := -1, 0
		for j := 0; j < len(row) && has.has(name); j++ {
			if row[j].Name == name {
				if i < 0 {
					i = j
				}
				n++
			}
		}
		g := slices.IndexFunc(p.grow, func(g planPut) bool { return g.name == name })
		switch {
		case n > 1 || (n == 1 && null):
			p.ok = false
		case n == 1:
			p.set = append(p.set, planPut{at: i, eval: k})
		case g >= 0 && null:
			p.grow = slices.Delete(p.grow, g, g+1)
		case g >= 0:
			p.grow[g].eval = k
		case !null:
			p.grow = append(p.grow, planPut{eval: k, name: name})
		}
	}
}

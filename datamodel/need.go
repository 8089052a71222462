package datamodel

import (
	"github.com/spelunk-dev/spelunk/spl"
)

// reads is the set of fields an expression or search reads; all means it
// may read any field (searchmatch, a field name with a wildcard).
type reads struct {
	fields []string
	all    bool
}

func (r reads) union(o reads) reads {
	out := reads{all: r.all || o.all, fields: append([]string(nil), r.fields...)}
	for _, f := range o.fields {
		out.fields = appendNew(out.fields, f)
	}
	return out
}

// exprReads lists the fields an eval expression reads: its field
// references, or all for searchmatch, whose search text may name any
// field. (mvfilter's field is a reference too.)
func exprReads(x spl.Expr) reads {
	var r reads
	spl.Walk(x, func(n spl.Node) bool {
		switch e := n.(type) {
		case *spl.FieldRef:
			r.fields = appendNew(r.fields, e.Name)
		case *spl.CallExpr:
			if e.Name == "searchmatch" {
				r.all = true
			}
		}
		return true
	})
	return r
}

// searchReads lists the fields a search expression reads over events: the
// fields it compares, _raw for bare terms and _time for time modifiers.
func searchReads(x spl.SearchExpr) reads {
	fields, all := spl.SearchFields(x)
	return reads{fields: fields, all: all}
}

// live is a set of fields still to be computed, walking the steps that
// make a row backwards; nil means every field.
type live map[string]bool

func (l live) has(f string) bool { return l == nil || l[f] }

// add adds what r reads; it returns nil (every field) when r may read any.
func (l live) add(r reads) live {
	if l == nil || r.all {
		return nil
	}
	for _, f := range r.fields {
		l[f] = true
	}
	return l
}

func liveOf(fields []string) live {
	l := live{}
	for _, f := range fields {
		l[f] = true
	}
	return l
}

// prune returns the dataset reduced to what makes the row fields named in
// want (nil: all of them): the projection, the children and the
// calculations, the ones whose results nothing reads left out. It also
// returns the event fields the reduced dataset reads. Calculations run in
// order and each writes its field whatever its value (null removes it),
// so walking them backwards, one is needed when a later step reads its
// field, and then what it reads is needed before it.
func (cd *compiledDataset) prune(want []string) (*compiledDataset, live) {
	if want == nil {
		return cd, nil
	}
	w := liveOf(want)
	out := &compiledDataset{def: cd.def, preds: cd.preds, predRd: cd.predRd}
	need := live{}
	for _, f := range cd.fields {
		if w[f] {
			out.fields = append(out.fields, f)
			need[f] = true
		}
	}
	for _, ch := range cd.children {
		var fields []string
		for _, f := range ch.fields {
			if w[ch.prefix+f] {
				fields = append(fields, f)
			}
		}
		if len(fields) == 0 {
			continue
		}
		chNeed := liveOf(fields)
		calcs, chNeed := pruneCalcs(ch.calcs, chNeed)
		out.children = append(out.children, compiledChild{prefix: ch.prefix, preds: ch.preds, predRd: ch.predRd, calcs: calcs, fields: fields})
		// The child's steps read the parent's finished row.
		need = need.add(ch.predRd)
		if need == nil || chNeed == nil {
			return cd, nil
		}
		for f := range chNeed {
			need[f] = true
		}
	}
	out.calcs, need = pruneCalcs(cd.calcs, need)
	if need == nil {
		return cd, nil
	}
	return out, need.add(cd.predRd)
}

// pruneCalcs keeps the calculations (run in order, each seeing the ones
// before) that lead to the fields of need, and returns the fields needed
// before them (nil: all).
func pruneCalcs(calcs []compiledCalc, need live) ([]compiledCalc, live) {
	keep := make([]bool, len(calcs))
	for i := len(calcs) - 1; i >= 0; i-- {
		c := calcs[i]
		if !need.has(c.field) {
			continue
		}
		keep[i] = true
		if need != nil {
			delete(need, c.field)
		}
		need = need.add(c.rd)
	}
	var out []compiledCalc
	for i, c := range calcs {
		if keep[i] {
			out = append(out, c)
		}
	}
	return out, need
}

// prune reduces the knowledge to what makes the event fields of need
// (nil: all), and returns the fields the reduced knowledge reads from the
// event as its format gives it (nil: all). The steps run as
// applyKnowledge runs them: extractions, aliases, calculated fields (all
// seeing the row before any of them), the entries' own eventtypes and
// tags, then the eventtype searches. Walking back: the eventtype searches
// run when eventtype or tag is needed, and then what they read is needed;
// a calculated field, an alias or an extraction runs when a field it sets
// is needed, and then what it reads is needed too. Nothing is taken off
// the needed set on the way, since each entry applies only to the events
// it selects: others keep the field as it was. What the selections read
// is always needed.
func (sh *shaper) prune(need live) live {
	if need == nil {
		return nil
	}
	n := live{}
	for f := range need {
		n[f] = true
	}
	eventtypes := n["eventtype"] || n["tag"]
	if eventtypes {
		for _, e := range sh.eventtypes {
			if n = n.add(e.rd); n == nil {
				return nil
			}
		}
	}
	var all []*compiledKnowledge
	for _, list := range sh.knowledge {
		all = append(all, list...)
	}
	evals := map[*compiledKnowledge][]compiledCalc{}
	for _, ck := range all {
		for _, c := range ck.evals {
			if n[c.field] {
				evals[ck] = append(evals[ck], c)
			}
		}
	}
	for _, list := range evals {
		for _, c := range list {
			if n = n.add(c.rd); n == nil {
				return nil
			}
		}
	}
	// Aliases and extractions may feed one another: to a fixed point.
	aliases := map[*compiledKnowledge]map[int]bool{}
	reports := map[*compiledKnowledge]map[int]bool{}
	for changed := true; changed; {
		changed = false
		for _, ck := range all {
			for i, a := range ck.aliases {
				if n[a.Field] && !aliases[ck][i] {
					if aliases[ck] == nil {
						aliases[ck] = map[int]bool{}
					}
					aliases[ck][i], n[a.Expr], changed = true, true, true
				}
			}
			for i, r := range ck.reports {
				if reports[ck][i] {
					continue
				}
				for _, name := range r.re.Names() {
					if name != "" && n[name] {
						if reports[ck] == nil {
							reports[ck] = map[int]bool{}
						}
						reports[ck][i], n[r.field], changed = true, true, true
						break
					}
				}
			}
		}
	}
	for _, ck := range all {
		if n = n.add(ck.whenRd); n == nil {
			return nil
		}
	}
	sh.noEventtypes = !eventtypes
	// Plans point at the entries' evals, rewritten below.
	sh.plan, sh.plans = nil, nil
	for _, ck := range all {
		ck.evals = evals[ck]
		var as []Calc
		for i, a := range ck.aliases {
			if aliases[ck][i] {
				as = append(as, a)
			}
		}
		ck.aliases = as
		var rs []compiledReport
		for i, r := range ck.reports {
			if reports[ck][i] {
				rs = append(rs, r)
			}
		}
		ck.reports = rs
	}
	return n
}

package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// Besides search and regex, a where, an eval whose fields a filter reads,
// and an inner join are pushed down to a tstats before them (the tstats
// of Windows Registry Payload Injection and of its join's subsearch
// grouped every Processes and Registry row to keep a handful):
//
//   - a where decides a group by the fields its expression reads;
//   - an eval that reads only BY values makes from them alone the fields
//     it sets, so a filter that reads those is one of the BY values
//     (derived);
//   - an inner join drops a row whose join fields hold no key of its
//     subsearch's results, once it has run them (Splunk runs a subsearch
//     first; the join runs it when the tstats asks it: dropsAll).

// unpushed are the functions whose result is not one of their arguments'
// values alone: a search of the whole row, the clock, chance, a lookup.
var unpushed = map[string]bool{"searchmatch": true, "random": true, "time": true, "lookup": true}

// exprReads lists the fields x reads, false when its value may depend on
// more than their values.
func exprReads(x spl.Expr) ([]string, bool) {
	var reads []string
	ok := x != nil
	spl.Walk(x, func(n spl.Node) bool {
		switch e := n.(type) {
		case *spl.FieldRef:
			ok = ok && !strings.ContainsAny(e.Name, "*{")
			reads = withNames(reads, e.Name)
		case *spl.CallExpr:
			ok = ok && !unpushed[strings.ToLower(e.Name)]
		}
		return ok
	})
	return reads, ok
}

// wherePush is what a where tells a tstats before it.
func wherePush(x spl.Expr, f evalFn) *pushFilter {
	reads, ok := exprReads(x)
	if !ok || len(reads) == 0 {
		return nil
	}
	return &pushFilter{reads: reads, keep: func(r value.Fields) bool { return f(r).Truth() }}
}

// evalPush is what an eval tells a tstats before it: the fields it sets,
// those its assignments read (but those an earlier one sets), and the
// eval.
type evalPush struct {
	targets, reads []string
	f              func(*value.Fields) error
}

func newEvalPush(c *spl.EvalCommand, f func(*value.Fields) error) *evalPush {
	p := &evalPush{f: f}
	for _, a := range c.Assignments {
		rs, ok := exprReads(a.Expr)
		if !ok {
			return nil
		}
		for _, r := range rs {
			if indexOfName(p.targets, r) < 0 {
				p.reads = withNames(p.reads, r)
			}
		}
		p.targets = withNames(p.targets, a.Target)
	}
	return p
}

// derived is a field an eval set from BY values alone: by are the BY
// fields (indexes into tstatsGen.by) it read, under the names inNames;
// target is the name it set, name the field's name now.
type derived struct {
	name, target string
	by           []int
	inNames      []string
	f            func(*value.Fields) error
}

// derive follows the derived fields through a map stage, and adds those
// it sets from BY values alone; cols and names are the columns and the
// BY fields' names before it.
func derive(ds []derived, s *mapStage, cols, names []string) []derived {
	var out []derived
	for _, d := range ds {
		if _, d.name = s.cols(cols, d.name); d.name != "" {
			out = append(out, d)
		}
	}
	if s.derive == nil {
		return out
	}
	var by []int
	for _, r := range s.derive.reads {
		i := indexOfName(names, r)
		if i < 0 {
			return out
		}
		by = append(by, i)
	}
	for _, t := range s.derive.targets {
		out = append(out, derived{name: t, target: t, by: by, inNames: s.derive.reads, f: s.derive.f})
	}
	return out
}

// indexOfName is the index of name in names, -1 if absent ("" is no name).
func indexOfName(names []string, name string) int {
	for i, n := range names {
		if n != "" && n == name {
			return i
		}
	}
	return -1
}

// joinPush is what an inner join whose subsearch has run tells a tstats
// before it: nil when it may keep a row without a match, compares the
// rows' time, or names its sides (left=, right=).
func (s *joinStage) joinPush() *pushFilter {
	if !s.inner || s.usetime || !s.loaded || s.loadErr != nil || len(s.fields) == 0 || s.leftFields != nil || s.cmd.Left != "" {
		return nil
	}
	if s.index == nil {
		s.buildIndex()
	}
	return &pushFilter{reads: s.fields, keep: func(r value.Fields) bool {
		k, ok := joinKey(r, s.fields)
		return ok && len(s.index[k]) > 0
	}}
}

// filterOf is the pushed filter of p over the BY fields (names) and the
// fields derived from them: each of its reads is one or the other.
func filterOf(p *pushFilter, names []string, ds []derived) (pushedFilter, bool) {
	if f, ok := byReads(p, names); ok {
		return f, true
	}
	// slot numbers each BY field the filter or an eval it reads from
	// reads, in the order of f.by.
	f := pushedFilter{}
	slot := func(b int) int {
		for k, x := range f.by {
			if x == b {
				return k
			}
		}
		f.by = append(f.by, b)
		f.names = append(f.names, "\x00"+names[b])
		return len(f.by) - 1
	}
	type source struct {
		direct int // a slot, or -1: from d
		d      *derived
		slots  []int
	}
	srcs := make([]source, len(p.reads))
	for i, r := range p.reads {
		if b := indexOfName(names, r); b >= 0 {
			srcs[i] = source{direct: slot(b)}
			continue
		}
		d := -1
		for j := range ds {
			if ds[j].name == r {
				d = j
			}
		}
		if d < 0 {
			return f, false
		}
		src := source{direct: -1, d: &ds[d]}
		for _, b := range ds[d].by {
			src.slots = append(src.slots, slot(b))
		}
		srcs[i] = src
	}
	var in, out value.Fields
	f.keep = func(row value.Fields) bool {
		out = out[:0]
		for i, r := range p.reads {
			src := srcs[i]
			if src.direct >= 0 {
				out = append(out, value.Field{Name: r, Value: row[src.direct].Value})
				continue
			}
			in = in[:0]
			for k, n := range src.d.inNames {
				in = append(in, value.Field{Name: n, Value: row[src.slots[k]].Value})
			}
			if src.d.f(&in) != nil {
				return true // the eval fails on the rows too
			}
			if v := in.Get(src.d.target); !v.IsNull() {
				out = append(out, value.Field{Name: r, Value: v})
			}
		}
		return p.keep(out)
	}
	return f, true
}

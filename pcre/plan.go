package pcre

import (
	"regexp"
	"regexp/syntax"
	"strings"
)

// plan answers whether a pattern Go's regexp runs matches, doing less
// than the regexp where the pattern allows. Go's regexp runs its NFA over
// every byte of a text whenever the pattern has no case-sensitive literal
// prefix, which for (?i) alternations of dozens of words costs a hundred
// times a literal scan. So:
//   - the branches of a top-level alternation that are finite sets of
//     literals are found by one scan (scanner): a match anywhere of a|b
//     is a match of a or of b, whatever the branches' order;
//   - each other branch runs its own regexp, and only on texts that pass
//     its need (literals or a class run every match of it contains);
//   - need, the whole pattern's condition, lets the other methods skip a
//     text that cannot match.
type plan struct {
	lits     []*scanner
	branches []branch
	need     cond
	lead     *lead // where matches may start (nil: anywhere)
}

type branch struct {
	need cond // nil: none
	re   *regexp.Regexp
}

// newPlan returns the plan of a Go-syntax pattern, or nil when it would
// only run the regexp.
func newPlan(goPat string, whole *regexp.Regexp) *plan {
	t, err := syntax.Parse(goPat, syntax.Perl)
	if err != nil {
		return nil
	}
	p := &plan{need: need(t), lead: newLead(t, whole)}
	subs, ok := alternatives(t, 0)
	if !ok {
		subs = []*syntax.Regexp{t}
	}
	var sets []litSet
	var rest []*syntax.Regexp
	for _, sub := range subs {
		if set, ok := exact(sub); ok && !hasEmpty(set) {
			sets = append(sets, set)
		} else {
			rest = append(rest, sub)
		}
	}
	whole1 := []branch{{need: p.need, re: whole}}
	if len(sets) == 0 {
		if weak(p.need) && p.lead == nil {
			return nil
		}
		p.branches = whole1
		return p
	}
	for _, set := range groupSets(sets) {
		sc, ok := newScanner(set).(*scanner)
		if !ok {
			p.branches = whole1
			return p
		}
		p.lits = append(p.lits, sc)
	}
	for _, sub := range rest {
		re, ok := compileSub(sub)
		if !ok {
			p.lits, p.branches = nil, whole1
			return p
		}
		p.branches = append(p.branches, branch{need: need(sub), re: re})
	}
	return p
}

// maxBranches bounds the alternatives a pattern is split into.
const maxBranches = 256

// alternatives splits re, matched anywhere in a text, into patterns of
// which one matches exactly when re does: the branches of an
// alternation, and a concatenation whose leading literals precede an
// alternation distributed over it (ab(c|d)e is abce or abde), so that a
// branch the parser factored into another (Install-Service into
// In(?:voke-\S+hunter|stall-Service)) is a literal again. Groups are
// dropped: only whether there is a match is asked. Each result is a
// concatenation (OpConcat) of pieces of re.
func alternatives(re *syntax.Regexp, depth int) ([]*syntax.Regexp, bool) {
	if depth > 8 {
		return nil, false
	}
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	switch re.Op {
	case syntax.OpAlternate:
		var out []*syntax.Regexp
		for _, sub := range re.Sub {
			subs, ok := alternatives(sub, depth+1)
			if !ok || len(out)+len(subs) > maxBranches {
				return nil, false
			}
			out = append(out, subs...)
		}
		return out, true
	case syntax.OpConcat:
		for i, sub := range re.Sub {
			for sub.Op == syntax.OpCapture {
				sub = sub.Sub[0]
			}
			if sub.Op == syntax.OpAlternate {
				var out []*syntax.Regexp
				for _, alt := range sub.Sub {
					parts := append([]*syntax.Regexp{}, re.Sub[:i]...)
					if alt.Op == syntax.OpConcat {
						parts = append(parts, alt.Sub...)
					} else {
						parts = append(parts, alt)
					}
					parts = append(parts, re.Sub[i+1:]...)
					subs, ok := alternatives(&syntax.Regexp{Op: syntax.OpConcat, Flags: re.Flags, Sub: parts}, depth+1)
					if !ok || len(out)+len(subs) > maxBranches {
						return nil, false
					}
					out = append(out, subs...)
				}
				return out, true
			}
			if _, ok := exact(sub); !ok {
				break
			}
		}
	}
	if re.Op == syntax.OpConcat {
		return []*syntax.Regexp{re}, true
	}
	return []*syntax.Regexp{{Op: syntax.OpConcat, Sub: []*syntax.Regexp{re}}}, true
}

// weak reports that a condition is not worth testing before the regexp:
// none, or one a single character would pass.
func weak(c cond) bool {
	switch c := c.(type) {
	case *scanner:
		for _, s := range c.set.strs {
			if len(s) < 2 {
				return true
			}
		}
		return false
	case *classRun:
		return false
	case allOf:
		for _, sub := range c {
			if !weak(sub) {
				return false
			}
		}
		return true
	case anyOf:
		for _, sub := range c {
			if weak(sub) {
				return true
			}
		}
		return false
	}
	return true
}

func hasEmpty(set litSet) bool {
	for _, s := range set.strs {
		if s == "" {
			return true
		}
	}
	return false
}

// compileSub compiles a concatenation of pieces of a parsed pattern on
// its own, provided each piece's printed form parses back to the same
// piece (its groups numbered from 1 then: only whether it matches is
// asked of it).
func compileSub(cat *syntax.Regexp) (*regexp.Regexp, bool) {
	var b strings.Builder
	for _, piece := range cat.Sub {
		src := piece.String()
		back, err := syntax.Parse(src, syntax.Perl)
		if err != nil || !unnumbered(back).Equal(unnumbered(piece)) {
			return nil, false
		}
		b.WriteString("(?:" + src + ")")
	}
	re, err := regexp.Compile(b.String())
	return re, err == nil
}

// unnumbered is a copy of re with every group's number and name cleared,
// and the fold flag of classes (their runes already hold the folds, and
// Go's compiler ignores it for them).
func unnumbered(re *syntax.Regexp) *syntax.Regexp {
	c := *re
	switch c.Op {
	case syntax.OpCapture:
		c.Cap, c.Name = 0, ""
	case syntax.OpCharClass:
		c.Flags &^= syntax.FoldCase
	}
	c.Sub = make([]*syntax.Regexp, len(re.Sub))
	for i, sub := range re.Sub {
		c.Sub[i] = unnumbered(sub)
	}
	return &c
}

// match is whole.MatchString(s).
func (p *plan) match(s string, whole *regexp.Regexp) bool {
	for _, sc := range p.lits {
		if sc.exoticIn(s) {
			return whole.MatchString(s)
		}
		if sc.found(s) {
			return true
		}
	}
	for _, b := range p.branches {
		if (b.need == nil || b.need.may(s)) && b.re.MatchString(s) {
			return true
		}
	}
	return false
}

// from returns where in s matches may start and the regexp to run on
// s[off:]; offsets it finds are s[off:]'s (see shift).
func (r *Regex) from(s string) (off int, re *regexp.Regexp) {
	if r.plan == nil {
		return 0, r.re
	}
	return r.plan.lead.cut(s, r.re)
}

// cannot reports that the pattern cannot match s.
func (p *plan) cannot(s string) bool {
	return p != nil && p.need != nil && !p.need.may(s)
}

package engine

import "github.com/spelunk-dev/spelunk/value"

// patternSet is the patterns of an IN list: a value matches when it
// matches one of them. A value is folded once for all the patterns that
// ignore case, rather than once for each (a detection's list of DLL
// names holds dozens).
type patternSet struct {
	pats []*pattern
	// folded is set when every pattern ignores case and none is a CIDR
	// block, so that matchesFolded answers for each.
	folded bool
}

func newPatternSet(pats []*pattern) *patternSet {
	ps := &patternSet{pats: pats, folded: len(pats) > 1}
	for _, p := range pats {
		if p.caseSens || p.hasPrefix {
			ps.folded = false
		}
	}
	return ps
}

// anyValue reports whether a value of v matches one of the patterns.
func (ps *patternSet) anyValue(v value.Value) bool {
	switch v.Kind() {
	case value.KindNull:
		return false
	case value.KindMulti:
		for _, e := range v.Values() {
			if ps.matches(e.String()) {
				return true
			}
		}
		return false
	}
	return ps.matches(v.String())
}

func (ps *patternSet) matches(s string) bool {
	if ps.folded {
		// Folded on the stack when short and ASCII; compared in place
		// ignoring ASCII case when long and ASCII (the hunt's sieve
		// folded long command lines on the heap once per value); other
		// text folded once on the heap for all the patterns.
		var buf [foldBuf]byte
		f := ""
		if b, ok := foldASCII(buf[:0], s); ok {
			f = unsafeString(b)
		} else if len(s) > foldBuf && isASCII(s) {
			for _, p := range ps.pats {
				if p.matchesFoldASCII(s) {
					return true
				}
			}
			return false
		} else {
			f = foldString(s)
		}
		for _, p := range ps.pats {
			if p.matchesFolded(f) {
				return true
			}
		}
		return false
	}
	for _, p := range ps.pats {
		if p.matches(s) {
			return true
		}
	}
	return false
}

package pcre

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// lead lets the methods that find matches skip the start of a text: when
// every match holds one of a set of literals after a piece at most width
// bytes long, no match starts before the first occurrence of a literal
// less width, and Go's regexp may start there. That holds only if no
// assertion looks behind its position (\b, \B, (?m)^); ^ and \A cannot
// hold after the cut, so a text cut after its start runs onCut, the
// pattern with them never matching.
type lead struct {
	lits   *scanner
	maxLen int // the longest literal
	width  int
	onCut  *regexp.Regexp
}

// maxWidth bounds the bytes a piece of pattern matches; -1 when it has
// no bound. A folded letter may match a non-ASCII rune (k: U+212A).
func maxWidth(re *syntax.Regexp) int {
	const unbounded = -1
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpNoMatch:
		return 0
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			if re.Flags&syntax.FoldCase != 0 {
				n += utf8.UTFMax
			} else {
				n += utf8.RuneLen(r)
			}
		}
		return n
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return utf8.UTFMax
	case syntax.OpCapture, syntax.OpQuest:
		return maxWidth(re.Sub[0])
	case syntax.OpConcat, syntax.OpAlternate:
		total := 0
		for _, sub := range re.Sub {
			w := maxWidth(sub)
			if w < 0 {
				return unbounded
			}
			if re.Op == syntax.OpConcat {
				total += w
			} else {
				total = max(total, w)
			}
		}
		return total
	case syntax.OpRepeat:
		w := maxWidth(re.Sub[0])
		if w < 0 || re.Max < 0 || re.Max > 1000 {
			return unbounded
		}
		return w * re.Max
	}
	return unbounded
}

// looksBehind reports whether re holds an assertion on the text before
// its position other than ^ and \A.
func looksBehind(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginLine, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	for _, sub := range re.Sub {
		if looksBehind(sub) {
			return true
		}
	}
	return false
}

// newLead finds the first literal piece of the pattern's top-level
// concatenation that every match holds, or returns nil.
func newLead(t *syntax.Regexp, whole *regexp.Regexp) *lead {
	if looksBehind(t) {
		return nil
	}
	cat := t
	for cat.Op == syntax.OpCapture {
		cat = cat.Sub[0]
	}
	subs := []*syntax.Regexp{cat}
	if cat.Op == syntax.OpConcat {
		subs = cat.Sub
	}
	width := 0
	for _, sub := range subs {
		if set, ok := exact(sub); ok && !hasEmpty(set) {
			sc, ok := newScanner(set).(*scanner)
			if !ok || width == 0 && sc.next == nil {
				// Go's regexp finds a case-sensitive literal prefix
				// itself.
				return nil
			}
			l := &lead{lits: sc, width: width, onCut: whole}
			for _, s := range set.strs {
				l.maxLen = max(l.maxLen, len(s))
			}
			if hasBeginText(t) {
				if l.onCut = withoutBeginText(t, whole); l.onCut == nil {
					return nil
				}
			}
			return l
		}
		w := maxWidth(sub)
		if w < 0 || width+w > 256 {
			return nil
		}
		width += w
	}
	return nil
}

func hasBeginText(re *syntax.Regexp) bool {
	if re.Op == syntax.OpBeginText {
		return true
	}
	for _, sub := range re.Sub {
		if hasBeginText(sub) {
			return true
		}
	}
	return false
}

// withoutBeginText compiles a copy of t in which ^ and \A never match,
// with the same groups as whole.
func withoutBeginText(t *syntax.Regexp, whole *regexp.Regexp) *regexp.Regexp {
	var strip func(re *syntax.Regexp) *syntax.Regexp
	strip = func(re *syntax.Regexp) *syntax.Regexp {
		c := *re
		if c.Op == syntax.OpBeginText {
			c.Op = syntax.OpNoMatch
		}
		c.Sub = make([]*syntax.Regexp, len(re.Sub))
		for i, sub := range re.Sub {
			c.Sub[i] = strip(sub)
		}
		return &c
	}
	re, err := regexp.Compile(strip(t).String())
	if err != nil || re.NumSubexp() != whole.NumSubexp() ||
		strings.Join(re.SubexpNames(), ",") != strings.Join(whole.SubexpNames(), ",") {
		return nil
	}
	return re
}

// cut returns where in s matches may start and the regexp to run from
// there.
func (l *lead) cut(s string, whole *regexp.Regexp) (int, *regexp.Regexp) {
	if l == nil || l.lits.exoticIn(s) {
		return 0, whole
	}
	end := l.lits.end(s)
	if end < 0 {
		return 0, whole
	}
	off := end - l.maxLen - l.width
	// Start on a character: a byte that starts one is where Go's regexp
	// decodes one from, whatever precedes it.
	for off > 0 && !utf8.RuneStart(s[off]) {
		off--
	}
	if off <= 0 {
		return 0, whole
	}
	return off, l.onCut
}

// end returns the index just past the first occurrence of a literal of
// the set that ends first, or -1.
func (sc *scanner) end(s string) int {
	if sc.next == nil {
		if i := strings.Index(s, sc.one); i >= 0 {
			return i + len(sc.one)
		}
		return -1
	}
	next, cls := sc.next, &sc.cls
	var skip skipper
	skip.init(len(sc.firsts))
	st := int32(0)
	for i := 0; i < len(s); i++ {
		if st == 0 && sc.firsts != nil {
			if i = skip.next(s, i, sc.firsts); i < 0 {
				return -1
			}
		}
		st = next[st+int32(cls[s[i]])]
		if st < 0 {
			return i + 1
		}
	}
	return -1
}

// shift moves a match's offsets, found in s[off:], to s's.
func shift(idx []int, off int) []int {
	if off == 0 {
		return idx
	}
	for i, v := range idx {
		if v >= 0 {
			idx[i] = v + off
		}
	}
	return idx
}

package engine

import (
	"regexp"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
)

// termMatcher matches a bare search term inside text as its regular
// expression (spl.TermPattern) does. A term without wildcards is found
// by a search for its text, each place it occurs checked for breakers on
// either side: Go's regular expression, which can start nowhere but at a
// breaker, tries every byte of a long _raw.
type termMatcher struct {
	re *regexp.Regexp
	// fast is set when the search below gives the expression's answer:
	// an ASCII term without wildcards.
	fast           bool
	lit            string // the term, lower-cased unless caseSens
	caseSens       bool
	brk            string // the breakers that bound it
	boundL, boundR bool   // a breaker (or the text's end) is needed there
	// asciiOnly is set when the term holds k or s: (?i) also matches
	// them to U+212A and U+017F, so non-ASCII text goes to re.
	asciiOnly bool
}

func newTermMatcher(v spl.SearchValue) *termMatcher {
	m := &termMatcher{re: termRegexp(v)}
	text := v.Text
	if text == "" || strings.Contains(text, "*") || !isASCII(text) {
		return m
	}
	m.fast, m.caseSens = true, v.Modifier == "CASE"
	m.brk = spl.TermBreakers
	if v.Modifier == "TERM" {
		m.brk = spl.MajorBreakers
	}
	m.boundL = strings.IndexByte(m.brk, text[0]) < 0
	m.boundR = strings.IndexByte(m.brk, text[len(text)-1]) < 0
	m.lit = text
	if !m.caseSens {
		m.lit = strings.ToLower(text)
		m.asciiOnly = strings.ContainsAny(m.lit, "ks")
	}
	return m
}

// match reports whether s holds the term.
func (m *termMatcher) match(s string) bool {
	if !m.fast || m.asciiOnly && !isASCII(s) {
		return m.re.MatchString(s)
	}
	for from := 0; from+len(m.lit) <= len(s); {
		j := m.index(s[from:])
		if j < 0 {
			return false
		}
		j += from
		end := j + len(m.lit)
		if (!m.boundL || j == 0 || strings.IndexByte(m.brk, s[j-1]) >= 0) &&
			(!m.boundR || end == len(s) || strings.IndexByte(m.brk, s[end]) >= 0) {
			return true
		}
		from = j + 1
	}
	return false
}

// index is the first place s holds lit, ignoring ASCII case unless
// caseSens; -1 when nowhere.
func (m *termMatcher) index(s string) int {
	if m.caseSens {
		return strings.Index(s, m.lit)
	}
	return IndexFoldASCII(s, m.lit)
}

// IndexFoldASCII is the first place s holds lower (lower-case ASCII)
// ignoring ASCII case, -1 when nowhere: candidates are found by the first
// byte in either case, as strings.Index finds them, without folding s.
func IndexFoldASCII(s, lower string) int {
	if len(lower) == 0 {
		return 0
	}
	lo := lower[0]
	up := lo
	if 'a' <= lo && lo <= 'z' {
		up = lo - 'a' + 'A'
	}
	last := len(s) - len(lower)
	// The next place of each case of the first byte is kept until passed,
	// so a case absent from s is searched for once, not at each candidate.
	nextLo, nextUp := -1, -1
	if up == lo {
		nextUp = len(s)
	}
	for i := 0; i <= last; i++ {
		nextLo = nextByte(s, lo, i, last, nextLo)
		nextUp = nextByte(s, up, i, last, nextUp)
		i = min(nextLo, nextUp)
		if i > last {
			return -1
		}
		if foldEqualASCII(s[i:i+len(lower)], lower) {
			return i
		}
	}
	return -1
}

// nextByte is the first place at or after i, up to last, of c in s, given
// next, the place found before (-1 for none yet): kept while not passed;
// len(s) when there is none.
func nextByte(s string, c byte, i, last, next int) int {
	if next >= i {
		return next
	}
	if j := strings.IndexByte(s[i:last+1], c); j >= 0 {
		return i + j
	}
	return len(s)
}

// foldEqualASCII reports whether s equals lower (lower-case ASCII)
// ignoring ASCII case.
func foldEqualASCII(s, lower string) bool {
	for i := 0; i < len(lower); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

package engine

import (
	"net/netip"
	"regexp"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// pattern is a search value compiled for matching whole field values:
// `*` matches any run of characters, everything else literally, ignoring
// case unless CASE() was used (Search Reference, search: field values are
// matched case-insensitively; "Use CASE and TERM to match phrases").
type pattern struct {
	text      string
	parts     []string // literal pieces between the wildcards (folded if !caseSens)
	wildcard  bool
	caseSens  bool
	anchorL   bool // no leading *
	anchorR   bool // no trailing *
	matchAll  bool // the pattern is only stars
	prefix    netip.Prefix
	hasPrefix bool
	minLen    int // total length of parts: no shorter value matches
}

func compilePattern(v spl.SearchValue) *pattern {
	p := &pattern{text: v.Text, caseSens: v.Modifier == "CASE"}
	// A value written as a CIDR block matches addresses inside it
	// (Search Reference, search: "CIDR matching").
	if pf, err := netip.ParsePrefix(v.Text); err == nil && strings.Contains(v.Text, "/") {
		p.prefix, p.hasPrefix = pf.Masked(), true
	}
	text := v.Text
	if !p.caseSens {
		text = foldString(text)
	}
	if !strings.Contains(text, "*") {
		p.parts = []string{text}
		p.anchorL, p.anchorR = true, true
		return p
	}
	p.wildcard = true
	p.anchorL = !strings.HasPrefix(text, "*")
	p.anchorR = !strings.HasSuffix(text, "*")
	for _, s := range strings.Split(text, "*") {
		if s != "" {
			p.parts = append(p.parts, s)
		}
	}
	p.matchAll = len(p.parts) == 0
	for _, part := range p.parts {
		p.minLen += len(part)
	}
	return p
}

// foldString lower-cases for case-insensitive comparison, without
// allocating when there is nothing to change.
func foldString(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || (c >= 'A' && c <= 'Z') {
			return strings.ToLower(s)
		}
	}
	return s
}

// matches reports whether one value matches the whole pattern.
func (p *pattern) matches(s string) bool {
	if p.hasPrefix {
		if a, err := netip.ParseAddr(s); err == nil {
			return p.prefix.Contains(a.Unmap())
		}
	}
	if p.matchAll {
		return true
	}
	if !p.caseSens {
		// ASCII folding keeps the length, so a value of another length
		// than a plain pattern, or shorter than a pattern's literal
		// parts, cannot match; other text may change length when
		// folded and goes the long way.
		if isASCII(s) {
			if !p.wildcard && len(s) != len(p.parts[0]) || len(s) < p.minLen {
				return false
			}
			if len(s) > foldBuf {
				// Too long to fold on the stack: compare ignoring ASCII
				// case in place rather than allocate a folded copy.
				return p.matchesFoldASCII(s)
			}
		}
		// Folding ASCII text needs no allocation: into a buffer on the
		// stack, for the byte comparisons below. Other text is folded
		// as foldString does.
		var buf [foldBuf]byte
		if b, ok := foldASCII(buf[:0], s); ok {
			if !p.wildcard {
				return string(b) == p.parts[0]
			}
			return globPartsBytes(b, p.parts, p.anchorL, p.anchorR)
		}
		s = foldString(s)
	}
	if !p.wildcard {
		return s == p.parts[0]
	}
	return globParts(s, p.parts, p.anchorL, p.anchorR)
}

// matchesFolded is matches for a case-insensitive pattern without a CIDR
// block, on text already folded with foldString.
func (p *pattern) matchesFolded(f string) bool {
	switch {
	case p.matchAll:
		return true
	case !p.wildcard:
		return f == p.parts[0]
	}
	return globParts(f, p.parts, p.anchorL, p.anchorR)
}

// matchesFoldASCII is matchesFolded on ASCII text s not folded: it
// compares ignoring ASCII case in place, which for ASCII is what
// foldString's strings.ToLower would give, without the copy.
func (p *pattern) matchesFoldASCII(s string) bool {
	switch {
	case p.matchAll:
		return true
	case !p.wildcard && len(s) != len(p.parts[0]) || len(s) < p.minLen:
		return false
	}
	return globPartsFoldASCII(s, p.parts, p.anchorL, p.anchorR)
}

// foldBuf is the longest value matches folds into a buffer on the stack.
const foldBuf = 512

// globPartsFoldASCII is globParts on ASCII text s, ignoring its case:
// globParts(foldString(s), ...) without the folded copy. The parts are
// folded already.
func globPartsFoldASCII(s string, parts []string, anchorL, anchorR bool) bool {
	if len(parts) == 1 && anchorL && anchorR {
		return len(s) == len(parts[0]) && foldEqualASCII(s, parts[0])
	}
	for i, part := range parts {
		switch {
		case i == 0 && anchorL:
			if len(s) < len(part) || !foldEqualASCII(s[:len(part)], part) {
				return false
			}
			s = s[len(part):]
		case i == len(parts)-1 && anchorR:
			return len(s) >= len(part) && foldEqualASCII(s[len(s)-len(part):], part)
		default:
			j := IndexFoldASCII(s, part)
			if j < 0 {
				return false
			}
			s = s[j+len(part):]
		}
	}
	return !anchorR || s == "" || len(parts) == 0
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldASCII appends s lower-cased to b when s is ASCII and fits in b's
// capacity; ok is false otherwise.
func foldASCII(b []byte, s string) ([]byte, bool) {
	if len(s) > cap(b) {
		return nil, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return nil, false
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b, true
}

// globPartsBytes is globParts over bytes.
func globPartsBytes(s []byte, parts []string, anchorL, anchorR bool) bool {
	for i, part := range parts {
		switch {
		case i == 0 && anchorL:
			if len(s) < len(part) || string(s[:len(part)]) != part {
				return false
			}
			s = s[len(part):]
		case i == len(parts)-1 && anchorR:
			return len(s) >= len(part) && string(s[len(s)-len(part):]) == part
		default:
			j := strings.Index(unsafeString(s), part)
			if j < 0 {
				return false
			}
			s = s[j+len(part):]
		}
	}
	return !anchorR || len(s) == 0 || len(parts) == 0
}

// unsafeString views b as a string for a search that does not keep it.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// globParts matches s against literal parts separated by `*`.
func globParts(s string, parts []string, anchorL, anchorR bool) bool {
	for i, part := range parts {
		switch {
		case i == 0 && anchorL:
			if !strings.HasPrefix(s, part) {
				return false
			}
			s = s[len(part):]
		case i == len(parts)-1 && anchorR:
			return len(s) >= len(part) && strings.HasSuffix(s, part)
		default:
			j := strings.Index(s, part)
			if j < 0 {
				return false
			}
			s = s[j+len(part):]
		}
	}
	return !anchorR || s == "" || len(parts) == 0
}

// anyValue reports whether any value of a (multivalue) field matches.
// Splunk treats a multivalue field as matching when one of its values
// does [UNCONFIRMED in docs/SEMANTICS.md §2; the usual reading of "any"].
func (p *pattern) anyValue(v value.Value) bool {
	switch v.Kind() {
	case value.KindNull:
		return false
	case value.KindMulti:
	default:
		return p.matches(v.String())
	}
	for _, e := range v.Values() {
		if p.matches(e.String()) {
			return true
		}
	}
	return false
}

// termRegexp compiles a bare search term for matching inside text (see
// spl.TermPattern); invalid UTF-8 in the term becomes U+FFFD, as in the text.
func termRegexp(v spl.SearchValue) *regexp.Regexp {
	return regexp.MustCompile(spl.TermPattern(v, func(s string) string { return regexp.QuoteMeta(validUTF8(s)) }))
}

// validUTF8 replaces each invalid byte with U+FFFD, which is what Go's
// regexp reads such a byte in the text as, so a term holding one still
// compiles and matches the same bytes.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r)
		i += n
	}
	return b.String()
}

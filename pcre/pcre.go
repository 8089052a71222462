// Package pcre gives SPL's regular expressions (PCRE syntax, as rex, regex,
// match() and replace() use them) one implementation.
//
// Why two engines: Splunk runs PCRE, a backtracking engine; security
// content relies on its lookarounds ((?<!\/)\b\w+), back references and
// \x{202E}. Go's regexp is linear-time but lacks those; no pure-Go PCRE
// exists among the libraries we can use without cgo. So a pattern runs on
// Go's regexp when Go accepts it with the same meaning (after spelling
// PCRE's (?<name>...) as (?P<name>...)), and on github.com/dlclark/regexp2
// otherwise. regexp2 is a port of .NET's backtracking engine; we run it in
// its RE2 mode, which gives PCRE's default character classes (\d \w \s
// are ASCII, as PCRE without UCP), (?P<name>), [[:alpha:]], \Q..\E and
// possessive quantifiers, and we rewrite $ to PCRE's meaning (end of
// subject or before a final newline). Every backtracking match runs under
// MatchTimeout, so a pathological pattern fails one row with ErrTimeout
// instead of hanging the search.
package pcre

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/dlclark/regexp2/v2"
)

// DefaultMatchTimeout bounds one backtracking match unless the caller
// chooses another (spelunk's --regex-timeout). Splunk bounds PCRE by steps
// instead (props.conf MATCH_LIMIT = 100000, DEPTH_LIMIT = 1000), which no
// pure-Go engine offers; a pattern that stays under those limits in Splunk
// finishes far below this time.
const DefaultMatchTimeout = 2 * time.Second

// MatchTimeout is the timeout Compile uses.
var MatchTimeout = DefaultMatchTimeout

// ErrTimeout is returned when a backtracking match runs out of time.
var ErrTimeout = errors.New("regular expression match timed out")

// Regex is a compiled PCRE pattern. It is safe for concurrent use.
type Regex struct {
	src   string
	re    *regexp.Regexp  // fast path
	bt    *regexp2.Regexp // fallback
	names []string        // group names by number (index 0 is the whole match)
	plan  *plan           // literal scans before re (nil: re alone)
}

// cacheKey keeps patterns compiled with different timeouts apart: the
// timeout belongs to the compiled backtracking program.
type cacheKey struct {
	pattern string
	timeout time.Duration
}

var cache sync.Map // cacheKey -> *Regex

// Compile compiles a PCRE pattern with MatchTimeout, caching the result:
// searches apply the same few patterns to every row.
func Compile(pattern string) (*Regex, error) {
	return CompileTimeout(pattern, MatchTimeout)
}

// CompileTimeout is Compile with the timeout of one backtracking match
// (d <= 0 means DefaultMatchTimeout). Patterns that run on Go's regexp are
// linear-time and need none.
func CompileTimeout(pattern string, d time.Duration) (*Regex, error) {
	if d <= 0 {
		d = DefaultMatchTimeout
	}
	key := cacheKey{pattern, d}
	if r, ok := cache.Load(key); ok {
		return r.(*Regex), nil
	}
	r, err := compile(pattern, d)
	if err != nil {
		return nil, err
	}
	cache.Store(key, r)
	return r, nil
}

// MustCompile is Compile for patterns known to be valid.
func MustCompile(pattern string) *Regex {
	r, err := Compile(pattern)
	if err != nil {
		panic("BUG: " + err.Error())
	}
	return r
}

func compile(pattern string, timeout time.Duration) (*Regex, error) {
	if goPat, ok := toGoSyntax(pattern); ok {
		if re, err := regexp.Compile(goPat); err == nil {
			return &Regex{src: pattern, re: re, names: re.SubexpNames(), plan: newPlan(goPat, re)}, nil
		}
	}
	bt, err := regexp2.Compile(pcreDollar(pattern), regexp2.RE2, regexp2.OptionMaintainCaptureOrder())
	if err != nil {
		return nil, fmt.Errorf("invalid regular expression %q: %v", pattern, cleanErr(err))
	}
	bt.MatchTimeout = timeout
	nums := bt.GetGroupNumbers()
	names := make([]string, 0, len(nums))
	for _, n := range nums {
		name := bt.GroupNameFromNumber(n)
		if name == fmt.Sprint(n) {
			name = ""
		}
		names = append(names, name)
	}
	return &Regex{src: pattern, bt: bt, names: names}, nil
}

// pcreDollar rewrites each $ outside a character class as PCRE means it
// without the m flag: the end of the subject or just before a newline that
// ends it. RE2 mode would read it as the very end. Patterns that set the m
// flag inline keep their $ (then end of line in both engines).
func pcreDollar(p string) string {
	if !strings.Contains(p, "$") || multilineFlag.MatchString(p) {
		return p
	}
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			b.WriteByte(c)
			b.WriteByte(p[i+1])
			i++
			if p[i] == 'Q' {
				// \Q...\E quotes everything up to \E.
				end := strings.Index(p[i+1:], `\E`)
				if end < 0 {
					b.WriteString(p[i+1:])
					return b.String()
				}
				b.WriteString(p[i+1 : i+1+end+2])
				i += end + 2
			}
			continue
		case inClass:
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
			i = copyClassOpen(&b, p, i)
			continue
		case c == '$':
			b.WriteString(`(?=\n?\z)`)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// copyClassOpen copies the `[` at p[i] with a following `^` and a `]`
// that is a literal there (`[]...]`, `[^]...]`), so that `]` does not
// close the class; it returns the index of the last byte copied.
func copyClassOpen(b *strings.Builder, p string, i int) int {
	b.WriteByte('[')
	if i+1 < len(p) && p[i+1] == '^' {
		b.WriteByte('^')
		i++
	}
	if i+1 < len(p) && p[i+1] == ']' {
		b.WriteByte(']')
		i++
	}
	return i
}

// multilineFlag finds an inline flag group that turns m on: (?m), (?im),
// (?m:...), but not (?-m).
var multilineFlag = regexp.MustCompile(`\(\?[a-zA-Z]*m[a-zA-Z-]*[:)]`)

func cleanErr(err error) string {
	return strings.TrimPrefix(err.Error(), "error parsing regexp: ")
}

// toGoSyntax rewrites what Go spells differently and reports false for
// constructs whose meaning differs between PCRE and Go: lookarounds, back
// references, possessive quantifiers, atomic groups, \x{...} above what Go
// takes, and `$` (PCRE's matches before a final newline too).
func toGoSyntax(p string) (string, bool) {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			n := p[i+1]
			switch {
			case n >= '1' && n <= '9', n == 'k', n == 'g', n == 'Z', n == 'G', n == 'K', n == 'R', n == 'X', n == 'h', n == 'H', n == 'v', n == 'V':
				return "", false
			}
			b.WriteByte(c)
			b.WriteByte(n)
			i++
			continue
		case inClass:
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
			i = copyClassOpen(&b, p, i)
			continue
		case c == '$':
			return "", false
		case c == '(' && i+1 < len(p) && p[i+1] == '?':
			rest := p[i+2:]
			switch {
			case strings.HasPrefix(rest, "<=") || strings.HasPrefix(rest, "<!") || strings.HasPrefix(rest, "=") ||
				strings.HasPrefix(rest, "!") || strings.HasPrefix(rest, ">") || strings.HasPrefix(rest, "|") ||
				strings.HasPrefix(rest, "#") || strings.HasPrefix(rest, "'"):
				return "", false
			case strings.HasPrefix(rest, "<"):
				b.WriteString("(?P<")
				i += 2
				continue
			}
		case c == '+' && i > 0 && strings.ContainsRune("*+?}", rune(p[i-1])):
			// Possessive quantifier (a++, a*+): PCRE only.
			return "", false
		}
		b.WriteByte(c)
	}
	return b.String(), true
}

// String returns the pattern as written.
func (r *Regex) String() string { return r.src }

// Names returns the group names by group number; unnamed groups are "".
func (r *Regex) Names() []string { return r.names }

// MatchString reports whether the pattern matches anywhere in s.
func (r *Regex) MatchString(s string) (bool, error) {
	if r.plan != nil {
		return r.plan.match(s, r.re), nil
	}
	if r.re != nil {
		return r.re.MatchString(s), nil
	}
	ok, err := r.bt.MatchString(s)
	return ok, wrap(err)
}

func wrap(err error) error {
	if err == nil {
		return nil
	}
	if strings.Contains(err.Error(), "timeout") {
		return ErrTimeout
	}
	return err
}

// Submatches returns the text of each group of the first match (nil when
// there is no match); a group that did not take part is reported as absent
// in the second slice.
func (r *Regex) Submatches(s string) ([]string, []bool, error) {
	if r.re != nil {
		if r.plan.cannot(s) {
			return nil, nil, nil
		}
		off, re := r.from(s)
		idx := re.FindStringSubmatchIndex(s[off:])
		if idx == nil {
			return nil, nil, nil
		}
		return groupsFromIndex(s, shift(idx, off))
	}
	m, err := r.bt.FindStringMatch(s)
	if err != nil || m == nil {
		return nil, nil, wrap(err)
	}
	return groupsFromMatch(m)
}

// AllSubmatches returns up to n matches (n <= 0: all), each as Submatches
// returns them.
func (r *Regex) AllSubmatches(s string, n int) ([][]string, [][]bool, error) {
	var texts [][]string
	var present [][]bool
	if r.re != nil {
		if r.plan.cannot(s) {
			return nil, nil, nil
		}
		off, re := r.from(s)
		for _, idx := range re.FindAllStringSubmatchIndex(s[off:], n) {
			t, p, _ := groupsFromIndex(s, shift(idx, off))
			texts, present = append(texts, t), append(present, p)
		}
		return texts, present, nil
	}
	m, err := r.bt.FindStringMatch(s)
	for m != nil && (n <= 0 || len(texts) < n) {
		t, p, _ := groupsFromMatch(m)
		texts, present = append(texts, t), append(present, p)
		m, err = r.bt.FindNextMatch(m)
	}
	return texts, present, wrap(err)
}

func groupsFromIndex(s string, idx []int) ([]string, []bool, error) {
	n := len(idx) / 2
	texts, present := make([]string, n), make([]bool, n)
	for g := 0; g < n; g++ {
		if idx[2*g] >= 0 {
			texts[g], present[g] = s[idx[2*g]:idx[2*g+1]], true
		}
	}
	return texts, present, nil
}

func groupsFromMatch(m *regexp2.Match) ([]string, []bool, error) {
	gs := m.Groups()
	texts, present := make([]string, len(gs)), make([]bool, len(gs))
	for g, grp := range gs {
		if len(grp.Captures) > 0 {
			texts[g], present[g] = grp.String(), true
		}
	}
	return texts, present, nil
}

// ReplaceAll replaces every match in s with repl, in which \0..\9 stand for
// groups, as eval's replace() writes them.
func (r *Regex) ReplaceAll(s, repl string) (string, error) {
	return r.Replace(s, repl, 0)
}

// Replace replaces the nth match (1-based) of s with repl, or every match
// when nth is 0, as rex mode=sed's s/re/repl/N and s/re/repl/g do. In
// repl, \0..\9 are groups and \\ a backslash.
func (r *Regex) Replace(s, repl string, nth int) (string, error) {
	if r.re != nil && r.plan.cannot(s) {
		return s, nil
	}
	if r.re != nil && !strings.Contains(repl, `\`) {
		// No group in the replacement: the match boundaries are enough,
		// and finding them without the groups is cheaper. They are the
		// boundaries Matches gives (FindAllStringIndex iterates as
		// FindAllStringSubmatchIndex does).
		n := nth
		if n <= 0 {
			n = -1
		}
		var b strings.Builder
		last := 0
		off, re := r.from(s)
		for k, m := range re.FindAllStringIndex(s[off:], n) {
			m = shift(m, off)
			if nth > 0 && k != nth-1 {
				continue
			}
			b.WriteString(s[last:m[0]])
			b.WriteString(repl)
			last = m[1]
		}
		if last == 0 && b.Len() == 0 {
			return s, nil
		}
		b.WriteString(s[last:])
		return b.String(), nil
	}
	expand := func(groups []string, present []bool) string {
		var b strings.Builder
		for i := 0; i < len(repl); i++ {
			c := repl[i]
			if c == '\\' && i+1 < len(repl) {
				n := repl[i+1]
				if n >= '0' && n <= '9' {
					if g := int(n - '0'); g < len(groups) && present[g] {
						b.WriteString(groups[g])
					}
					i++
					continue
				}
				if n == '\\' {
					b.WriteByte('\\')
					i++
					continue
				}
			}
			b.WriteByte(c)
		}
		return b.String()
	}
	ms, err := r.Matches(s, nth)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	last := 0
	for k, m := range ms {
		if nth > 0 && k != nth-1 {
			continue
		}
		b.WriteString(s[last:m.Index[0]])
		b.WriteString(expand(m.Texts, m.Present))
		last = m.Index[1]
	}
	b.WriteString(s[last:])
	return b.String(), nil
}

// Match is one match: each group's text, whether it took part, and its
// byte offsets [start, end) in the subject (Index[2g], Index[2g+1]; -1
// when absent).
type Match struct {
	Texts   []string
	Present []bool
	Index   []int
}

// Matches returns up to n successive matches (n <= 0: all).
func (r *Regex) Matches(s string, n int) ([]Match, error) {
	var out []Match
	if r.re != nil {
		if r.plan.cannot(s) {
			return nil, nil
		}
		if n <= 0 {
			n = -1
		}
		off, re := r.from(s)
		for _, idx := range re.FindAllStringSubmatchIndex(s[off:], n) {
			idx = shift(idx, off)
			t, p, _ := groupsFromIndex(s, idx)
			out = append(out, Match{Texts: t, Present: p, Index: idx})
		}
		return out, nil
	}
	m, err := r.bt.FindStringMatch(s)
	for m != nil && (n <= 0 || len(out) < n) {
		t, p, _ := groupsFromMatch(m)
		gs := m.Groups()
		idx := make([]int, 2*len(gs))
		for g := range gs {
			idx[2*g], idx[2*g+1] = -1, -1
			if len(gs[g].Captures) > 0 {
				start, length := gs[g].ByteRange()
				idx[2*g], idx[2*g+1] = start, start+length
			}
		}
		out = append(out, Match{Texts: t, Present: p, Index: idx})
		m, err = r.bt.FindNextMatch(m)
	}
	return out, wrap(err)
}

package pcre

import (
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// Literal analysis of a pattern's syntax tree, as Rust's regex and
// Hyperscan do it: which finite set of strings a piece matches exactly,
// and which texts a match needs (a literal of a set, a run of a class).
// Only ASCII literals are used; (?i) on an ASCII letter is its two cases
// plus, for k and s, U+212A and U+017F, which the scanners check for.

// Bounds of an exact literal set: a cross product or a repeat beyond them
// is treated as "no exact set" (the regexp decides).
const (
	maxLits     = 512
	maxLitBytes = 32 << 10
	maxClassLit = 16 // a class of at most this many ASCII characters is a set of literals
	minClassRun = 8  // a class repeated fewer times is too weak a condition to test
)

// litSet is a finite set of ASCII strings. fold: the strings are lower
// case and match either case of each letter; a set without letters
// matches the same either way (noLetters), so it joins both kinds.
type litSet struct {
	strs      []string
	fold      bool
	noLetters bool
}

func single(s string, fold bool) litSet {
	if fold {
		s = strings.ToLower(s)
	}
	return litSet{strs: []string{s}, fold: fold, noLetters: !hasLetter(s)}
}

func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}

// compatible reports whether a and b may be combined, and the fold of
// the result.
func compatible(a, b litSet) (fold, ok bool) {
	switch {
	case a.noLetters:
		return b.fold, true
	case b.noLetters:
		return a.fold, true
	}
	return a.fold, a.fold == b.fold
}

func union(a, b litSet) (litSet, bool) {
	fold, ok := compatible(a, b)
	if !ok || len(a.strs)+len(b.strs) > maxLits {
		return litSet{}, false
	}
	strs := make([]string, 0, len(a.strs)+len(b.strs))
	strs = append(append(strs, a.strs...), b.strs...)
	return litSet{strs: strs, fold: fold, noLetters: a.noLetters && b.noLetters}, true
}

func product(a, b litSet) (litSet, bool) {
	fold, ok := compatible(a, b)
	if !ok || len(a.strs)*len(b.strs) > maxLits {
		return litSet{}, false
	}
	strs := make([]string, 0, len(a.strs)*len(b.strs))
	size := 0
	for _, x := range a.strs {
		for _, y := range b.strs {
			strs = append(strs, x+y)
			size += len(x) + len(y)
		}
	}
	if size > maxLitBytes {
		return litSet{}, false
	}
	return litSet{strs: strs, fold: fold, noLetters: a.noLetters && b.noLetters}, true
}

// exact returns the set of strings re matches, when it is a small finite
// set of ASCII strings. Anchors, word boundaries and unbounded repeats
// have none.
func exact(re *syntax.Regexp) (litSet, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return litSet{strs: []string{""}, noLetters: true}, true
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if r >= utf8.RuneSelf {
				return litSet{}, false
			}
		}
		return single(string(re.Rune), re.Flags&syntax.FoldCase != 0), true
	case syntax.OpCharClass:
		return classLits(re.Rune)
	case syntax.OpCapture:
		return exact(re.Sub[0])
	case syntax.OpConcat:
		acc := litSet{strs: []string{""}, noLetters: true}
		for _, sub := range re.Sub {
			s, ok := exact(sub)
			if !ok {
				return litSet{}, false
			}
			if acc, ok = product(acc, s); !ok {
				return litSet{}, false
			}
		}
		return acc, true
	case syntax.OpAlternate:
		var acc litSet
		for i, sub := range re.Sub {
			s, ok := exact(sub)
			if !ok {
				return litSet{}, false
			}
			if i == 0 {
				acc = s
			} else if acc, ok = union(acc, s); !ok {
				return litSet{}, false
			}
		}
		return acc, true
	case syntax.OpQuest:
		return exactRepeat(re.Sub[0], 0, 1)
	case syntax.OpRepeat:
		if re.Max < 0 {
			return litSet{}, false
		}
		return exactRepeat(re.Sub[0], re.Min, re.Max)
	}
	return litSet{}, false
}

// exactRepeat is the set of sub repeated min to max times.
func exactRepeat(sub *syntax.Regexp, min, max int) (litSet, bool) {
	s, ok := exact(sub)
	if !ok || max > maxLits {
		return litSet{}, false
	}
	var acc litSet
	cur := litSet{strs: []string{""}, noLetters: true}
	for k := 0; k <= max; k++ {
		if k >= min {
			if k == min {
				acc = cur
			} else if acc, ok = union(acc, cur); !ok {
				return litSet{}, false
			}
		}
		if k < max {
			if cur, ok = product(cur, s); !ok {
				return litSet{}, false
			}
		}
	}
	return acc, true
}

// classLits is a small class as a set of one-character strings. A class
// closed under case folding (as (?i)[a-z] or the parser's merge of
// (?i)(a|b) makes it, U+212A and U+017F included) becomes a folded set.
func classLits(ranges []rune) (litSet, bool) {
	var chars []rune
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			if len(chars) >= 3*maxClassLit {
				return litSet{}, false
			}
			chars = append(chars, r)
		}
	}
	in := func(r rune) bool {
		for _, c := range chars {
			if c == r {
				return true
			}
		}
		return false
	}
	closed, letters := true, false
	var ascii []rune
	for _, r := range chars {
		switch {
		case r == 0x212A || r == 0x17F:
			// Folds of k and s: the class is folded if it holds them.
			if !in('k') && r == 0x212A || !in('s') && r == 0x17F {
				return litSet{}, false
			}
		case r >= utf8.RuneSelf:
			return litSet{}, false
		default:
			ascii = append(ascii, r)
			if l := r | 0x20; l >= 'a' && l <= 'z' {
				letters = true
				if !in(r^0x20) || (l == 'k' && !in(0x212A)) || (l == 's' && !in(0x17F)) {
					closed = false
				}
			}
		}
	}
	if len(ascii) < len(chars) && !closed {
		return litSet{}, false
	}
	set := litSet{fold: letters && closed, noLetters: !letters}
	seen := map[rune]bool{}
	for _, r := range ascii {
		if set.fold && r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		if !seen[r] {
			seen[r] = true
			set.strs = append(set.strs, string(r))
		}
	}
	if len(set.strs) > maxClassLit {
		return litSet{}, false
	}
	return set, true
}

// cond is a test every text a pattern matches passes: false means the
// pattern cannot match, true that it may.
type cond interface {
	may(s string) bool
}

// need is the condition for re to match somewhere in a text, or nil when
// nothing short of running it tells (a pattern that may match the empty
// string has none).
func need(re *syntax.Regexp) cond {
	if set, ok := exact(re); ok {
		for _, s := range set.strs {
			if s == "" {
				return nil
			}
		}
		return newScanner(set)
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return need(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min < 1 {
			return nil
		}
		if run := newClassRun(re.Sub[0], re.Min); run != nil {
			return run
		}
		return need(re.Sub[0])
	case syntax.OpConcat:
		var all, strong allOf
		add := func(c cond) {
			if c != nil {
				all = append(all, c)
				if !weak(c) {
					strong = append(strong, c)
				}
			}
		}
		// Neighbouring pieces with literal sets need their product:
		// (a|b)c needs ac or bc, not a or b and c.
		run, inRun := litSet{}, false
		flush := func() {
			if inRun && !hasEmpty(run) {
				add(newScanner(run))
			}
			inRun = false
		}
		for _, sub := range re.Sub {
			set, ok := exact(sub)
			if !ok {
				flush()
				add(need(sub))
				continue
			}
			if inRun {
				if p, ok := product(run, set); ok {
					run = p
					continue
				}
				flush()
			}
			run, inRun = set, true
		}
		flush()
		if len(strong) > 0 {
			// A single character's test rarely refuses a text that
			// the others pass: not worth a pass over it.
			all = strong
		}
		switch len(all) {
		case 0:
			return nil
		case 1:
			return all[0]
		}
		return all
	case syntax.OpAlternate:
		var any anyOf
		for _, sub := range re.Sub {
			c := need(sub)
			if c == nil {
				return nil
			}
			any = append(any, c)
		}
		return any.merged()
	}
	return nil
}

// allOf needs every condition.
type allOf []cond

func (a allOf) may(s string) bool {
	for _, c := range a {
		if !c.may(s) {
			return false
		}
	}
	return true
}

// anyOf needs one of the conditions.
type anyOf []cond

func (a anyOf) may(s string) bool {
	for _, c := range a {
		if c.may(s) {
			return true
		}
	}
	return false
}

// merged joins the literal scanners of a into one where their folds
// agree, so that one pass over the text tests them all.
func (a anyOf) merged() cond {
	var rest anyOf
	var sets []litSet
	for _, c := range a {
		if sc, ok := c.(*scanner); ok {
			sets = append(sets, sc.set)
			continue
		}
		rest = append(rest, c)
	}
	for _, group := range groupSets(sets) {
		rest = append(rest, newScanner(group))
	}
	if len(rest) == 1 {
		return rest[0]
	}
	return rest
}

// groupSets unites the sets that may be united: those without letters
// and those of each fold.
func groupSets(sets []litSet) []litSet {
	var out []litSet
	for _, s := range sets {
		placed := false
		for i := range out {
			if u, ok := union(out[i], s); ok {
				out[i], placed = u, true
				break
			}
		}
		if !placed {
			out = append(out, s)
		}
	}
	return out
}

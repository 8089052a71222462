package pcre

import (
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// scanner finds whether any string of a literal set occurs in a text, in
// one pass: an Aho-Corasick automaton made deterministic over the byte
// classes the literals use (the other bytes share class 0), case-folded
// when the set is.
type scanner struct {
	set    litSet
	one    string // a single case-sensitive literal: strings.Contains
	exotic bool   // folded k or s: U+212A and U+017F match them too
	cls    [256]uint8
	ncls   int32
	// next[state+class] is the next state, states numbered by multiples
	// of ncls; -1 once a literal has been seen.
	next []int32
	// firsts are the bytes that start a literal, when few: in the start
	// state the scan jumps to the next of them (memchr speed).
	firsts []byte
}

// maxFirsts bounds the start bytes worth jumping to one by one.
const maxFirsts = 4

// maxStates bounds an automaton's table (states times classes).
const maxTable = 1 << 20

// newScanner returns the scanner of a set without the empty string, or
// nil when its table would be too large.
func newScanner(set litSet) cond {
	sc := &scanner{set: set}
	if len(set.strs) == 1 && (!set.fold || set.noLetters) {
		sc.one = set.strs[0]
		return sc
	}
	if set.fold && !set.noLetters {
		for _, s := range set.strs {
			if strings.ContainsAny(s, "ks") {
				sc.exotic = true
			}
		}
	}
	// Byte classes: each byte a literal uses, folded, gets its own.
	for _, s := range set.strs {
		for i := 0; i < len(s); i++ {
			if sc.cls[s[i]] == 0 {
				sc.ncls++
				sc.cls[s[i]] = uint8(sc.ncls)
			}
		}
	}
	sc.ncls++
	if set.fold {
		for c := 'A'; c <= 'Z'; c++ {
			sc.cls[c] = sc.cls[c+'a'-'A']
		}
	}
	if !sc.build() {
		return nil
	}
	sc.firsts = firstBytes(set)
	return sc
}

// firstBytes are the bytes the set's strings start with, both cases of a
// folded letter; nil when more than maxFirsts.
func firstBytes(set litSet) []byte {
	var out []byte
	add := func(c byte) {
		for _, o := range out {
			if o == c {
				return
			}
		}
		out = append(out, c)
	}
	for _, s := range set.strs {
		c := s[0]
		add(c)
		if l := c | 0x20; set.fold && l >= 'a' && l <= 'z' {
			add(c ^ 0x20)
		}
		if len(out) > maxFirsts {
			return nil
		}
	}
	return out
}

// skipper finds the next start byte at or after i, remembering where
// each byte occurs next so that the text is read once per byte.
type skipper struct {
	at [maxFirsts]int // next index of firsts[k], -1: none left
}

func (k *skipper) init(n int) {
	for j := 0; j < n; j++ {
		k.at[j] = -2 // not looked for yet
	}
}

func (k *skipper) next(s string, i int, firsts []byte) int {
	best := -1
	for j, c := range firsts {
		if k.at[j] == -1 {
			continue
		}
		if k.at[j] < i {
			if p := strings.IndexByte(s[i:], c); p >= 0 {
				k.at[j] = i + p
			} else {
				k.at[j] = -1
				continue
			}
		}
		if best < 0 || k.at[j] < best {
			best = k.at[j]
		}
	}
	return best
}

// build makes the automaton: a trie of the literals, failure links in
// breadth-first order, and every missing edge filled from the failure
// state's, so that scanning is one table lookup per byte.
func (sc *scanner) build() bool {
	n := sc.ncls
	trie := [][]int32{make([]int32, n)} // 0: no edge (the root is never a target)
	final := []bool{false}
	for _, s := range sc.set.strs {
		st := int32(0)
		for i := 0; i < len(s) && !final[st]; i++ {
			c := sc.cls[s[i]]
			if trie[st][c] == 0 {
				if int32(len(trie)+1)*n > maxTable {
					return false
				}
				trie = append(trie, make([]int32, n))
				final = append(final, false)
				trie[st][c] = int32(len(trie) - 1)
			}
			st = trie[st][c]
		}
		final[st] = true
	}
	fail := make([]int32, len(trie))
	next := make([]int32, int32(len(trie))*n)
	queue := []int32{0}
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		for c := int32(0); c < n; c++ {
			child := trie[st][c]
			if child == 0 {
				if st != 0 {
					next[st*n+c] = next[fail[st]*n+c]
				}
				continue
			}
			if st != 0 {
				fail[child] = next[fail[st]*n+c] / n
			}
			final[child] = final[child] || final[fail[child]]
			next[st*n+c] = child * n
			queue = append(queue, child)
		}
	}
	for i, v := range next {
		if final[v/n] {
			next[i] = -1
		}
	}
	sc.next = next
	return true
}

// found reports whether a literal of the set occurs in s, reading
// (?i)'s k and s as ASCII only (see exoticIn).
func (sc *scanner) found(s string) bool {
	if sc.next == nil {
		return strings.Contains(s, sc.one)
	}
	return sc.end(s) >= 0
}

// exoticIn reports whether s holds a character that folds to a letter of
// the set without being ASCII (U+212A Kelvin sign, U+017F long s): then
// found's answer is not the regexp's.
func (sc *scanner) exoticIn(s string) bool {
	return sc.exotic && (strings.Contains(s, "\u212A") || strings.Contains(s, "\u017F"))
}

func (sc *scanner) may(s string) bool { return sc.found(s) || sc.exoticIn(s) }

// classRun needs n bytes in a row from a set: a class repeated at least n
// times matches n runes of it, each at least one byte of the set (a
// class holding a non-ASCII rune admits every byte above 0x7F).
type classRun struct {
	in [256]bool
	n  int
}

func newClassRun(sub *syntax.Regexp, n int) cond {
	if n < minClassRun {
		return nil
	}
	run := &classRun{n: n}
	switch sub.Op {
	case syntax.OpAnyChar:
		for b := range run.in {
			run.in[b] = true
		}
	case syntax.OpAnyCharNotNL:
		for b := range run.in {
			run.in[b] = b != '\n'
		}
	case syntax.OpCharClass:
		for i := 0; i+1 < len(sub.Rune); i += 2 {
			lo, hi := sub.Rune[i], sub.Rune[i+1]
			for r := lo; r <= hi && r < utf8.RuneSelf; r++ {
				run.in[r] = true
			}
			if hi >= utf8.RuneSelf {
				for b := utf8.RuneSelf; b < 256; b++ {
					run.in[b] = true
				}
			}
		}
	default:
		return nil
	}
	return run
}

func (c *classRun) may(s string) bool {
	k := 0
	for i := 0; i < len(s); i++ {
		if !c.in[s[i]] {
			k = 0
			continue
		}
		if k++; k >= c.n {
			return true
		}
	}
	return false
}

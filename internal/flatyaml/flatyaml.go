// Package flatyaml reads the plainest YAML documents without a YAML
// parser: a mapping at the left margin whose values are plain or quoted
// scalars that may run over indented lines, or block lists of plain
// words. Content folders hold hundreds of such files (macros, lookup
// declarations), and a YAML parser takes most of the time of loading
// them. Read refuses (ok false) anything else, which the caller then gives
// to the YAML parser: block scalars, escapes, comments, anchors, tags,
// tabs, non-ASCII, flow collections, document markers, duplicate keys.
// Its callers check by differential tests and fuzzing that what it
// accepts, the parser reads the same way.
package flatyaml

import (
	"bytes"
	"strings"
)

// Value is a key's value: a scalar's text, folded as YAML folds it, and
// whether it was quoted (a quoted scalar is always a string; a plain one
// may resolve to a number, a bool or null: see PlainString), or a list.
type Value struct {
	Text   string
	Quoted bool
	IsList bool
	List   []string
}

// Pair is one key and its value.
type Pair struct {
	Key   string
	Value Value
}

// Read reads data as a flat mapping of the keys keyOK accepts, in order.
func Read(data []byte, keyOK func(string) bool) (pairs []Pair, ok bool) {
	for _, c := range data {
		if c >= 0x80 || c < ' ' && c != '\n' || c == 0x7f {
			return nil, false
		}
	}
	seen := map[string]bool{}
	lines := bytes.Split(data, []byte("\n"))
	for i := 0; i < len(lines); {
		line := lines[i]
		i++
		if len(line) == 0 {
			continue
		}
		k, first, found := strings.Cut(string(line), ":")
		if !found || first != "" && first[0] != ' ' || !keyOK(k) || seen[k] {
			return nil, false
		}
		seen[k] = true
		first = strings.Trim(first, " ")
		// Indented and empty lines continue the value.
		var cont []string
		for i < len(lines) && (len(lines[i]) == 0 || lines[i][0] == ' ') {
			cont = append(cont, string(lines[i]))
			i++
		}
		for len(cont) > 0 && cont[len(cont)-1] == "" {
			cont = cont[:len(cont)-1]
		}
		v, ok := value(first, cont)
		if !ok {
			return nil, false
		}
		pairs = append(pairs, Pair{Key: k, Value: v})
	}
	return pairs, true
}

// value reads a key's value: first is what follows the key on its line,
// cont the lines after it.
func value(first string, cont []string) (Value, bool) {
	switch {
	case first == "":
		list, ok := words(cont)
		return Value{IsList: true, List: list}, ok
	case first[0] == '\'' || first[0] == '"':
		s, ok := quoted(first, cont)
		return Value{Text: s, Quoted: true}, ok
	}
	s, ok := plain(first, cont)
	return Value{Text: s}, ok
}

// plain reads a plain scalar: first and the lines continuing it, folded.
func plain(first string, cont []string) (string, bool) {
	if strings.IndexByte(`-?:,[]{}#&*!|>'"%@`+"`", first[0]) >= 0 || !plainLine(first) {
		return "", false
	}
	parts := []string{first}
	for _, l := range cont {
		t := strings.Trim(l, " ")
		if l != "" && (t == "" || t[0] == '#' || !plainLine(t)) {
			return "", false
		}
		parts = append(parts, t)
	}
	return fold(parts), true
}

// plainLine reports whether s, one line of a plain scalar trimmed of
// spaces, holds nothing that ends a plain scalar: ": " or a final ':' (a
// mapping key) and " #" (a comment).
func plainLine(s string) bool {
	return !strings.Contains(s, ": ") && !strings.HasSuffix(s, ":") && !strings.Contains(s, " #")
}

// PlainString reports whether YAML resolves the plain scalar v as a
// string: not null, a bool or a number (refused on a leading digit, sign
// or dot, which strings rarely have).
func PlainString(v string) bool {
	if v == "" {
		return false
	}
	if c := v[0]; '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.' || c == '~' {
		return false
	}
	if len(v) > len("false") {
		return true
	}
	switch strings.ToLower(v) {
	case "null", "true", "false", "yes", "no", "on", "off", "y", "n":
		return false
	}
	return true
}

// quoted reads a single- or double-quoted scalar that starts first and
// may continue over cont, folded. A double-quoted one with a backslash
// (an escape) is refused.
func quoted(first string, cont []string) (string, bool) {
	q := first[0]
	lines := append([]string{first[1:]}, cont...)
	var parts []string
	for i, l := range lines {
		if i > 0 {
			if l == "" {
				parts = append(parts, "")
				continue
			}
			l = strings.TrimLeft(l, " ")
			if l == "" {
				return "", false
			}
		}
		body, end, ok := quotedLine(l, q)
		if !ok {
			return "", false
		}
		if end < 0 {
			if i > 0 || body != "" {
				body = strings.TrimRight(body, " ")
			}
			if body == "" {
				return "", false
			}
			parts = append(parts, body)
			continue
		}
		// The closing quote: nothing may follow it, on its line or after.
		if strings.Trim(l[end+1:], " ") != "" || i != len(lines)-1 || i > 0 && body == "" {
			return "", false
		}
		if i == 0 {
			return body, true
		}
		parts = append(parts, body)
		return fold(parts), true
	}
	return "", false
}

// quotedLine reads one line of a quoted scalar up to its closing quote
// (end, or -1 when the line has none), undoing ” in a single-quoted one.
func quotedLine(l string, q byte) (body string, end int, ok bool) {
	if q == '"' {
		if strings.IndexByte(l, '\\') >= 0 {
			return "", 0, false
		}
		end = strings.IndexByte(l, '"')
		if end < 0 {
			return l, -1, true
		}
		return l[:end], end, true
	}
	var b strings.Builder
	for i := 0; i < len(l); i++ {
		if l[i] != '\'' {
			b.WriteByte(l[i])
			continue
		}
		if i+1 < len(l) && l[i+1] == '\'' {
			b.WriteByte('\'')
			i++
			continue
		}
		return b.String(), i, true
	}
	return b.String(), -1, true
}

// words reads a block list of plain words (letters, digits, _ and -, not
// first), one "- word" a line, all at one indentation.
func words(cont []string) ([]string, bool) {
	var list []string
	indent := -1
	for _, l := range cont {
		t := strings.TrimLeft(l, " ")
		if !strings.HasPrefix(t, "- ") || indent >= 0 && len(l)-len(t) != indent {
			return nil, false
		}
		indent = len(l) - len(t)
		w := strings.TrimRight(t[2:], " ")
		if !isWord(w) || !PlainString(w) {
			return nil, false
		}
		list = append(list, w)
	}
	return list, len(list) > 0
}

func isWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// fold joins a scalar's lines as YAML folds them: one line break becomes
// a space, each further one (an empty line) a newline.
func fold(parts []string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 && p != "" && parts[i-1] != "" {
			b.WriteByte(' ')
		}
		if p == "" {
			b.WriteByte('\n')
		}
		b.WriteString(p)
	}
	return b.String()
}

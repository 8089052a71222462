package macros

import (
	"bytes"
	"strings"
)

// quickYAML reads the plainest macro files, which are nearly all of
// security_content's, without a YAML parser: a mapping of known keys at
// the left margin, each holding a plain or quoted scalar that may run over
// indented lines, or for arguments a list of names. ok is false for
// anything else (block scalars, escapes, comments, tabs, non-ASCII, values
// that could resolve to another type than a string), which the YAML
// parser then reads; FuzzQuickYAML checks that what it accepts, it reads
// as the parser does.
func quickYAML(data []byte) (y yamlMacro, ok bool) {
	for _, c := range data {
		if c >= 0x80 || c < ' ' && c != '\n' || c == 0x7f {
			return yamlMacro{}, false
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
		key, first, ok := quickKey(line)
		if !ok || seen[key] {
			return yamlMacro{}, false
		}
		seen[key] = true
		// Indented and empty lines continue the value.
		var cont []string
		for i < len(lines) && (len(lines[i]) == 0 || lines[i][0] == ' ') {
			cont = append(cont, string(lines[i]))
			i++
		}
		for len(cont) > 0 && cont[len(cont)-1] == "" {
			cont = cont[:len(cont)-1]
		}
		if !quickSet(&y, key, first, cont) {
			return yamlMacro{}, false
		}
	}
	return y, true
}

// quickKey splits "key: value" at the left margin, for a key the macro
// format has.
func quickKey(line []byte) (key, value string, ok bool) {
	k, v, found := strings.Cut(string(line), ":")
	if !found || v != "" && v[0] != ' ' {
		return "", "", false
	}
	switch k {
	case "name", "definition", "arguments", "description", "iseval", "validation", "errormsg":
		return k, strings.Trim(v, " "), true
	}
	return "", "", false
}

// quickSet stores a key's value: first is what follows the key on its
// line, cont the lines after it.
func quickSet(y *yamlMacro, key, first string, cont []string) bool {
	if first == "" {
		if key != "arguments" {
			return false
		}
		names, ok := quickList(cont)
		y.Arguments = names
		return ok
	}
	var v string
	switch first[0] {
	case '\'', '"':
		s, ok := quickQuoted(first, cont)
		if !ok || key == "iseval" {
			return false
		}
		v = s
	default:
		s, ok := quickPlain(first, cont)
		if !ok || !plainString(s) && key != "iseval" {
			return false
		}
		v = s
	}
	switch key {
	case "iseval":
		if v != "true" && v != "false" {
			return false
		}
		y.IsEval = v == "true"
	case "name":
		y.Name = v
	case "definition":
		y.Definition = &v
	case "arguments":
		y.Arguments = splitNames(v)
	case "description":
		y.Description = v
	case "validation":
		y.Validation = v
	case "errormsg":
		y.ErrorMsg = v
	}
	return true
}

// quickPlain reads a plain scalar: first and the lines continuing it,
// folded.
func quickPlain(first string, cont []string) (string, bool) {
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

// plainString reports whether YAML resolves the plain scalar v as a
// string: not null, a bool or a number (refused on a leading digit, sign
// or dot, which strings rarely have).
func plainString(v string) bool {
	if c := v[0]; '0' <= c && c <= '9' || c == '+' || c == '.' || c == '~' {
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

// quickQuoted reads a single- or double-quoted scalar that starts first
// and may continue over cont, folded. A double-quoted one with a
// backslash (an escape) is left to the parser.
func quickQuoted(first string, cont []string) (string, bool) {
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

// quickList reads a block list of plain names, one "- name" a line, all
// at one indentation.
func quickList(cont []string) ([]string, bool) {
	var names []string
	indent := -1
	for _, l := range cont {
		t := strings.TrimLeft(l, " ")
		if !strings.HasPrefix(t, "- ") || indent >= 0 && len(l)-len(t) != indent {
			return nil, false
		}
		indent = len(l) - len(t)
		n := strings.TrimRight(t[2:], " ")
		if n == "" || !validArgName(n) || !plainString(n) || n[0] == '-' {
			return nil, false
		}
		names = append(names, n)
	}
	return names, len(names) > 0
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

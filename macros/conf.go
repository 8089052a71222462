package macros

import (
	"errors"
	"fmt"
	"maps"
	"strings"
)

// confValue is a macros.conf value with where it was written.
type confValue struct {
	val    string
	origin string
	line   int
}

func (v confValue) where() string { return fmt.Sprintf("%s:%d", v.origin, v.line) }

type stanza struct {
	name string
	at   confValue // the [header]; val is unused
	keys map[string]confValue
}

// ParseConf parses a macros.conf file. origin names the file in errors and
// is the start of each Macro.Origin ("origin:line", the line of the
// definition key, which is where the text shown in notes comes from).
// Macros from good stanzas are returned even when other stanzas fail.
func ParseConf(data []byte, origin string) ([]Macro, error) {
	sts, err := parseStanzas(data, origin)
	if err != nil {
		return nil, err
	}
	return buildMacros(sts)
}

// parseStanzas reads .conf syntax: [stanza] headers, key = value lines,
// "#" comment lines, and values continued onto the next line by a trailing
// backslash. The continuation keeps the line break (and drops the
// backslash), as Splunk shows multi-line definitions.
func parseStanzas(data []byte, origin string) ([]*stanza, error) {
	lines := strings.Split(string(data), "\n")
	var out []*stanza
	byName := map[string]*stanza{}
	var cur *stanza
	for i := 0; i < len(lines); i++ {
		lineNo := i + 1
		line := strings.TrimSuffix(lines[i], "\r")
		t := strings.TrimSpace(line)
		switch {
		case t == "" || t[0] == '#':
		case t[0] == '[':
			if !strings.HasSuffix(t, "]") {
				return nil, fmt.Errorf("%s:%d: malformed stanza header %q", origin, lineNo, t)
			}
			name := strings.TrimSpace(t[1 : len(t)-1])
			if name == "" {
				return nil, fmt.Errorf("%s:%d: empty stanza name", origin, lineNo)
			}
			if name == "default" {
				cur = nil
				continue
			}
			// A repeated stanza in one file adds to the first, as Splunk
			// merges them.
			cur = byName[name]
			if cur == nil {
				cur = &stanza{name: name, at: confValue{origin: origin, line: lineNo}, keys: map[string]confValue{}}
				byName[name] = cur
				out = append(out, cur)
			}
		default:
			eq := strings.IndexByte(line, '=')
			if eq < 0 {
				return nil, fmt.Errorf("%s:%d: expected \"key = value\" or a [stanza] header, got %q", origin, lineNo, t)
			}
			k := strings.TrimSpace(line[:eq])
			if k == "" {
				return nil, fmt.Errorf("%s:%d: missing key before \"=\"", origin, lineNo)
			}
			val := line[eq+1:]
			for strings.HasSuffix(val, `\`) {
				val = val[:len(val)-1]
				if i+1 == len(lines) {
					break
				}
				i++
				val += "\n" + strings.TrimSuffix(lines[i], "\r")
			}
			// Keys before any stanza and in [default] are defaults for the
			// other stanzas in Splunk, not macros; macros.conf has no key
			// whose default matters here, so they are dropped.
			if cur == nil {
				continue
			}
			cur.keys[k] = confValue{strings.TrimSpace(val), origin, lineNo}
		}
	}
	return out, nil
}

// mergeStanzas layers over onto base key by key, as Splunk layers
// local/ over default/: a local stanza that only sets definition keeps the
// default args.
func mergeStanzas(base, over []*stanza) []*stanza {
	idx := map[string]int{}
	for i, st := range base {
		idx[st.name] = i
	}
	for _, st := range over {
		i, ok := idx[st.name]
		if !ok {
			idx[st.name] = len(base)
			base = append(base, st)
			continue
		}
		keys := maps.Clone(base[i].keys)
		maps.Copy(keys, st.keys)
		base[i] = &stanza{name: st.name, at: st.at, keys: keys}
	}
	return base
}

func buildMacros(sts []*stanza) ([]Macro, error) {
	var ms []Macro
	var errs []error
	for _, st := range sts {
		m, err := buildMacro(st)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ms = append(ms, m)
	}
	return ms, errors.Join(errs...)
}

func buildMacro(st *stanza) (Macro, error) {
	name, arity, err := parseStanzaName(st.name)
	if err != nil {
		return Macro{}, fmt.Errorf("%s: %w", st.at.where(), err)
	}
	var args []string
	// The spec ignores args for a stanza without "(N)".
	if a, ok := st.keys["args"]; arity > 0 {
		at := st.at
		if ok {
			args, at = splitNames(a.val), a
		}
		if len(args) != arity {
			return Macro{}, fmt.Errorf("%s: stanza [%s] takes %d %s but args lists %d",
				at.where(), st.name, arity, plural(arity, "argument"), len(args))
		}
		if err := checkArgNames(args); err != nil {
			return Macro{}, fmt.Errorf("%s: args: %w", at.where(), err)
		}
	}
	def, ok := st.keys["definition"]
	if !ok {
		return Macro{}, fmt.Errorf("%s: stanza [%s] has no definition", st.at.where(), st.name)
	}
	m := Macro{
		Name:        name,
		Args:        args,
		Definition:  def.val,
		Description: st.keys["description"].val,
		Origin:      def.where(),
		Validation:  st.keys["validation"].val,
		ErrorMsg:    st.keys["errormsg"].val,
	}
	if v, ok := st.keys["iseval"]; ok {
		b, good := parseBool(v.val)
		if !good {
			return Macro{}, fmt.Errorf("%s: iseval: %q is not a boolean", v.where(), v.val)
		}
		m.IsEval = b
	}
	return m, nil
}

// parseBool accepts the usual .conf boolean spellings; an empty value is
// the default, false.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "t", "yes", "y", "on":
		return true, true
	case "0", "false", "f", "no", "n", "off", "":
		return false, true
	}
	return false, false
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

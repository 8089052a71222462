package spl

import (
	"fmt"
	"strconv"
	"strings"
)

// Helpers with which each command's parser reads its options into typed
// fields, once, so the engine never reads an option by its name.
//
// A repeated option keeps its last value, in every command (Splunk
// documents no rule; last-wins is spelunk's choice).

// ParseBool reads Splunk's Boolean option values, in any case: true, t,
// yes, 1 and false, f, no, 0 (Search Reference, "Understanding SPL
// syntax", data type <bool>). Other words, on/off included, are not
// Booleans.
func ParseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "true", "t", "1", "yes":
		return true, true
	case "false", "f", "0", "no":
		return false, true
	}
	return false, false
}

// ParseInt reads an <int>: an optional sign and decimal digits.
func ParseInt(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// optionError is an error at the whole key=value option.
func (p *cmdParser) optionError(o Option, format string, args ...any) *Error {
	return optionErr(p.cmdName(), o, format, args...)
}

// optionErr is optionError naming the command cmd (bin, not its alias
// bucket).
func optionErr(cmd string, o Option, format string, args ...any) *Error {
	return &Error{Pos: o.Start, End: max(o.End, o.Start+1), Msg: cmd + ": " + fmt.Sprintf(format, args...)}
}

// boolOption parses o's value as a Boolean, or fails naming the option.
func (p *cmdParser) boolOption(o Option) (bool, error) {
	b, ok := ParseBool(o.Value)
	if !ok {
		return false, &Error{Pos: o.Start, End: o.End, Msg: p.cmdName() + ": " + o.Key + " takes true or false, not " + strconv.Quote(o.Value)}
	}
	return b, nil
}

// intOption parses o's value as a non-negative integer.
func (p *cmdParser) intOption(o Option) (int, error) {
	n, ok := ParseInt(o.Value)
	if !ok || n < 0 {
		return 0, &Error{Pos: o.Start, End: o.End, Msg: p.cmdName() + ": " + o.Key + " takes a whole number, not " + strconv.Quote(o.Value)}
	}
	return n, nil
}

// intAtLeast parses o's value as an integer of at least least; otherwise
// the error is "<cmd>: <key>=<value> <must>".
func (p *cmdParser) intAtLeast(o Option, least int, must string) (int, error) {
	n, ok := ParseInt(o.Value)
	if !ok || n < least {
		return 0, p.optionError(o, "%s=%s %s", o.Key, o.Value, must)
	}
	return n, nil
}

// isInt reports whether a word token is a non-negative integer.
func isInt(t token) (int, bool) {
	if t.kind != tWord {
		return 0, false
	}
	n, err := strconv.Atoi(t.text)
	// A sign makes it a sort key such as -0 (descending by field 0), not
	// a count.
	if err != nil || n < 0 || strings.HasPrefix(t.text, "+") || strings.HasPrefix(t.text, "-") {
		return 0, false
	}
	return n, true
}

// options names a command's options for "expected" lists.
func optionNames(known map[string]bool) []string {
	out := make([]string, 0, len(known))
	for k := range known {
		out = append(out, k+"=")
	}
	sortStrings(out)
	return out
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// namesWithCalls is fieldList that also reads names written like function
// calls, as stats leaves them: `fields - predicted(x)`, `table count(x)`.
// A "(" right after a word, with no space, joins the word up to the
// matching ")".
func (p *cmdParser) namesWithCalls() []FieldName {
	var out []FieldName
	for {
		fs := p.fieldList(nil)
		for i, f := range fs {
			if i == len(fs)-1 && p.peek().kind == tLParen && p.peek().pos == f.End {
				if name, end, ok := p.callSuffix(); ok {
					f.Name += name
					f.End = end
				}
			}
			out = append(out, f)
		}
		if len(fs) == 0 || p.peek().kind != tWord && p.peek().kind != tString && p.peek().kind != tComma {
			return out
		}
	}
}

// callSuffix consumes "(...)" at the current position and returns its
// text as written.
func (p *cmdParser) callSuffix() (string, int, bool) {
	start := p.i
	depth := 0
	for j := p.i; j < len(p.toks); j++ {
		switch p.toks[j].kind {
		case tLParen:
			depth++
		case tRParen:
			depth--
		case tEOF:
			p.i = start
			return "", 0, false
		}
		if depth == 0 {
			open, closer := p.toks[start], p.toks[j]
			p.i = j + 1
			return p.raw(open.pos, closer.end), closer.end, true
		}
	}
	return "", 0, false
}

// calledField parses one field name that may be written like a function
// call, as stats names its outputs: `count(x)`, `dc(user)` and
// `count(eval(a>1))` are field names in rename and the field lists.
func (p *cmdParser) calledField() (FieldName, bool) {
	f, ok := p.field()
	if !ok {
		return f, false
	}
	if p.peek().kind == tLParen && p.peek().pos == f.End {
		if name, end, ok := p.callSuffix(); ok {
			f.Name += name
			f.End = end
		}
	}
	return f, true
}

package spl

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Helpers for commands whose arguments are key=value options mixed with
// field names, as most of Splunk's extraction and analysis commands are.

// optionSet is the options a command accepts, by lower-case name, with a
// check for the value where the documentation restricts it.
type optionSet map[string]func(v string) string

// optAny accepts any value.
func optAny(string) string { return "" }

// optBool accepts Splunk's Boolean spellings (Search Reference, "Command
// syntax": true/false, t/f, 1/0, yes/no, in any case).
func optBool(v string) string {
	if _, ok := ParseBool(v); ok {
		return ""
	}
	return "takes a Boolean (true or false)"
}

// optNumber accepts a number.
func optNumber(v string) string {
	if _, ok := parseNumber(v); ok {
		return ""
	}
	return "takes a number"
}

// optOneOf accepts the listed words, ignoring case.
func optOneOf(words ...string) func(string) string {
	return func(v string) string {
		for _, w := range words {
			if strings.EqualFold(v, w) {
				return ""
			}
		}
		return "takes " + OrList(quoteAll(words))
	}
}

func quoteAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = fmt.Sprintf("%q", w)
	}
	return out
}

func (s optionSet) names() []string {
	out := make([]string, 0, len(s))
	for k := range s {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// isOptionAt reports whether the next tokens read key=value.
func (p *cmdParser) isOptionAt() bool {
	k, eq, v := p.peek(), p.peekAt(1), p.peekAt(2)
	return k.kind == tWord && eq.kind == tOp && eq.text == "=" && (v.kind == tWord || v.kind == tString)
}

// knownOption parses key=value if the next tokens have that shape. A key
// the command does not take, or a value it does not accept, is an error
// at the text the user wrote, with the valid choices.
func (p *cmdParser) knownOption(set optionSet) (Option, bool, error) {
	if !p.isOptionAt() {
		return Option{}, false, nil
	}
	k, v := p.peek(), p.peekAt(2)
	check, ok := set[strings.ToLower(k.text)]
	if !ok {
		e := p.errorf(k, "unknown option %q", k.text)
		e.Expected = quoteAll(set.names())
		if s := Suggest(k.text, set.names()); s != "" {
			e.Hint = fmt.Sprintf("did you mean %q?", s)
		}
		return Option{}, false, e
	}
	if msg := check(v.val); msg != "" {
		return Option{}, false, p.errorf(v, "%s %s", strings.ToLower(k.text), msg)
	}
	p.i += 3
	p.skipOptionComma()
	return Option{Loc: Loc{Start: k.pos, End: v.end}, Key: strings.ToLower(k.text), Value: v.val}, true, nil
}

// paramOption parses key=value with any key, keeping the key as written:
// MLTK passes algorithm parameters on to Python, where case matters.
func (p *cmdParser) paramOption() (Option, bool) {
	if !p.isOptionAt() {
		return Option{}, false
	}
	k, v := p.peek(), p.peekAt(2)
	p.i += 3
	p.skipOptionComma()
	return Option{Loc: Loc{Start: k.pos, End: v.end}, Key: k.text, Value: v.val}, true
}

// field parses one field name (a word or a quoted string, glued to a
// parenthesised group written against it).
func (p *cmdParser) field() (FieldName, bool) {
	t := p.peek()
	if t.kind != tWord && t.kind != tString {
		return FieldName{}, false
	}
	p.next()
	name, end := p.glue(t)
	return FieldName{Loc: Loc{Start: t.pos, End: end}, Name: name}, true
}

// optionValue returns the value of the option named key (the last one
// when it is repeated).
func optionValue(opts []Option, key string) (string, bool) {
	// A repeated option takes its last value, as Splunk's argument
	// parsing keeps the last assignment.
	v, ok := "", false
	for _, o := range opts {
		if strings.EqualFold(o.Key, key) {
			v, ok = o.Value, true
		}
	}
	return v, ok
}

// RawArg is one argument of a command spelunk passes through unparsed (a
// third-party custom command): a run of text with no space outside
// quotes, as Splunk splits a custom command's arguments, kept as written.
type RawArg struct {
	Loc
	Text string
}

func (a RawArg) String() string { return a.Text }

// rawArgs splits the rest of the command into RawArgs: tokens that touch
// each other form one argument.
func (p *cmdParser) rawArgs() []RawArg {
	var out []RawArg
	for !p.atEnd() {
		first := p.next()
		end := first.end
		for n := p.peek(); n.kind != tEOF && n.pos == end; n = p.peek() {
			end = n.end
			p.next()
		}
		out = append(out, RawArg{Loc: Loc{Start: first.pos, End: end}, Text: p.raw(first.pos, end)})
	}
	return out
}

func rawArgsString(args []RawArg) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = a.Text
	}
	return strings.Join(parts, " ")
}

// parseNumber reads a decimal number as SPL writes them (no Inf, NaN or
// hexadecimal, which strconv would take).
func parseNumber(s string) (float64, bool) {
	if s == "" || strings.Trim(s, "+-0123456789.eE") != "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// unknownOption reports key=value whose key the command does not take:
// an error at the key, with the keys it takes and a close match. It
// returns nil when the next tokens are not key=value or the key is known.
func (p *cmdParser) unknownOption(known map[string]bool) *Error {
	if !p.isOptionAt() {
		return nil
	}
	k := p.peek()
	if known[strings.ToLower(k.text)] {
		return nil
	}
	names := make([]string, 0, len(known))
	for n := range known {
		names = append(names, n)
	}
	sort.Strings(names)
	e := p.errorf(k, "unknown option %q", k.text)
	e.Expected = quoteAll(names)
	if s := Suggest(k.text, names); s != "" {
		e.Hint = fmt.Sprintf("did you mean %q?", s)
	}
	return e
}

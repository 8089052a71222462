package spl

import (
	"strconv"
	"strings"
)

// Helpers shared by the streaming commands' parsers (cmd_rex.go,
// cmd_sort.go, ...).

// parseBool reads Splunk's Boolean option values: true/false, t/f, 1/0,
// yes/no, in any case.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "true", "t", "1", "yes", "y":
		return true, true
	case "false", "f", "0", "no", "n":
		return false, true
	}
	return false, false
}

// boolOption parses o's value as a Boolean, or fails naming the option.
func (p *cmdParser) boolOption(o Option) (bool, error) {
	b, ok := parseBool(o.Value)
	if !ok {
		return false, &Error{Pos: o.Start, End: o.End, Msg: p.cmdName() + ": " + o.Key + " takes true or false, not " + strconv.Quote(o.Value)}
	}
	return b, nil
}

// intOption parses o's value as a non-negative integer.
func (p *cmdParser) intOption(o Option) (int, error) {
	n, err := strconv.Atoi(o.Value)
	if err != nil || n < 0 {
		return 0, &Error{Pos: o.Start, End: o.End, Msg: p.cmdName() + ": " + o.Key + " takes a whole number, not " + strconv.Quote(o.Value)}
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

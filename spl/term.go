package spl

import "strings"

// TermBreakers are the major and minor breakers of Splunk's default
// segmenters.conf: the characters that separate indexed terms in _raw.
const TermBreakers = " \t\n\r[]<>(){}|!;,'\"&?+/:=@.$#%\\_-"

// MajorBreakers are the major breakers alone: TERM(x) must be bounded by
// them, so TERM(10.0.0.1) matches "from 10.0.0.1 to" but not
// "ip=10.0.0.1" (= is a minor breaker) nor "10.0.0.15" (Search Manual,
// "Use CASE and TERM to match phrases": the term must be bounded by major
// breakers; the minor breakers inside it are ignored).
const MajorBreakers = " \t\n\r[]<>(){}|!;,'\"&?+"

// TermPattern is the regular expression of a bare search term matched
// inside text: the term must start and end at breaker boundaries, so
// `error` matches "an error." but not "errors", while `error*` matches
// both. Wildcards extend across any characters. Case is ignored unless
// CASE() was used. lit quotes a literal piece (the term's text between
// wildcards, and the breakers): the engine and the SQL translator quote
// differently.
func TermPattern(v SearchValue, lit func(string) string) string {
	breakers := TermBreakers
	if v.Modifier == "TERM" {
		breakers = MajorBreakers
	}
	brk := "[" + lit(breakers) + "]"
	var b strings.Builder
	if v.Modifier != "CASE" {
		b.WriteString("(?i)")
	}
	b.WriteString("(?s)")
	text := v.Text
	// A term that itself starts or ends with a breaker needs no boundary
	// on that side.
	if !strings.HasPrefix(text, "*") && !(text != "" && strings.IndexByte(breakers, text[0]) >= 0) {
		b.WriteString("(?:^|" + brk + ")")
	}
	for i, part := range strings.Split(text, "*") {
		if i > 0 {
			b.WriteString(".*?")
		}
		b.WriteString(lit(part))
	}
	if !strings.HasSuffix(text, "*") && !(text != "" && strings.IndexByte(breakers, text[len(text)-1]) >= 0) {
		b.WriteString("(?:$|" + brk + ")")
	}
	return b.String()
}

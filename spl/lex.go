package spl

import (
	"strings"
)

// tokKind is the kind of a command-argument token.
type tokKind uint8

const (
	tEOF       tokKind = iota
	tWord              // bare text: field names, values, keywords, wildcards, -7d@d, C:\x\*
	tString            // "double quoted", Val unescaped
	tOp                // = != == < <= > >=
	tLParen            // (
	tRParen            // )
	tComma             // ,
	tSubsearch         // [ ... ] with its raw inner text
)

func (k tokKind) String() string {
	switch k {
	case tEOF:
		return "end of command"
	case tWord:
		return "word"
	case tString:
		return "quoted string"
	case tOp:
		return "operator"
	case tLParen:
		return `"("`
	case tRParen:
		return `")"`
	case tComma:
		return `","`
	case tSubsearch:
		return "subsearch"
	}
	return "token"
}

// token is one piece of a command's arguments. Pos and End are byte offsets
// into the whole search text, so errors point at what the user wrote.
type token struct {
	kind tokKind
	text string // source text as written
	val  string // tString: unescaped content; otherwise text
	pos  int
	end  int
}

// describe names a token for an error message.
func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of command"
	case tString:
		return "string " + t.text
	}
	return "\"" + t.text + "\""
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// wordStop reports whether c ends a bare word.
func wordStop(c byte) bool {
	switch c {
	case '"', '(', ')', ',', '=', '<', '>', '[', ']':
		return true
	}
	return isSpace(c)
}

// lexArgs splits the text of one command (src, starting at offset base in
// the whole search) into tokens. Bare words keep every character Splunk
// allows in field names, values and time modifiers (`*`, `.`, `:`, `\`,
// `-`, `@`, `{`, `}`); quoted strings are unescaped with unescapeSPL.
// Subsearches come back whole, for the command that wants them to parse.
func lexArgs(src string, base int) ([]token, *Error) {
	var toks []token
	i := 0
	for i < len(src) {
		c := src[i]
		if isSpace(c) {
			i++
			continue
		}
		start := i
		switch {
		case c == '"':
			end, ok := scanQuoted(src, i)
			if !ok {
				return nil, &Error{Pos: base + start, End: base + len(src), Msg: "unclosed quoted string", Hint: `add the closing " (a literal quote inside a string is written \")`}
			}
			raw := src[start:end]
			toks = append(toks, token{kind: tString, text: raw, val: unescapeSPL(raw[1 : len(raw)-1]), pos: base + start, end: base + end})
			i = end
		case c == '[':
			end, err := scanBracket(src, i, base)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{kind: tSubsearch, text: src[start:end], val: src[start+1 : end-1], pos: base + start, end: base + end})
			i = end
		case c == ']':
			return nil, &Error{Pos: base + i, End: base + i + 1, Msg: `unexpected "]" with no matching "["`}
		case c == '(':
			toks = append(toks, token{kind: tLParen, text: "(", val: "(", pos: base + i, end: base + i + 1})
			i++
		case c == ')':
			toks = append(toks, token{kind: tRParen, text: ")", val: ")", pos: base + i, end: base + i + 1})
			i++
		case c == ',':
			toks = append(toks, token{kind: tComma, text: ",", val: ",", pos: base + i, end: base + i + 1})
			i++
		case c == '=' || c == '<' || c == '>' || (c == '!' && i+1 < len(src) && src[i+1] == '='):
			n := 1
			if i+1 < len(src) && src[i+1] == '=' {
				n = 2
			}
			op := src[i : i+n]
			toks = append(toks, token{kind: tOp, text: op, val: op, pos: base + i, end: base + i + n})
			i += n
		default:
			for i < len(src) && !wordStop(src[i]) {
				if src[i] == '!' && i+1 < len(src) && src[i+1] == '=' {
					break
				}
				if src[i] == '\\' && i+1 < len(src) {
					i += 2
					continue
				}
				i++
			}
			w := src[start:i]
			toks = append(toks, token{kind: tWord, text: w, val: unescapeSPL(w), pos: base + start, end: base + i})
		}
	}
	toks = append(toks, token{kind: tEOF, pos: base + len(src), end: base + len(src)})
	return toks, nil
}

// scanQuoted returns the offset just past the double-quoted string that
// starts at src[i], and whether it is closed. A backslash escapes the next
// character.
func scanQuoted(src string, i int) (int, bool) {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case '"':
			return j + 1, true
		}
	}
	return len(src), false
}

// scanBracket returns the offset just past the "]" matching the "[" at
// src[i], skipping quoted strings and nested brackets.
func scanBracket(src string, i, base int) (int, *Error) {
	depth := 0
	for j := i; j < len(src); j++ {
		switch src[j] {
		case '"':
			end, ok := scanQuoted(src, j)
			if !ok {
				return 0, &Error{Pos: base + j, End: base + len(src), Msg: "unclosed quoted string"}
			}
			j = end - 1
		case '\\':
			j++
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return j + 1, nil
			}
		}
	}
	return 0, &Error{Pos: base + i, End: base + i + 1, Msg: `unclosed subsearch: "[" has no matching "]"`}
}

// unescapeSPL resolves the escapes Splunk honours inside a quoted string:
// \" is a quote and \\ a backslash. Any other backslash is kept with the
// character after it ("\s" stays \s), so regular expressions pass through
// (Search Reference, search command: "Quotes and escaping characters").
func unescapeSPL(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
			b.WriteByte(s[i+1])
			i++
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// QuoteString writes s as an SPL double-quoted string that unescapeSPL
// reads back as s.
func QuoteString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			// A lone backslash before anything but " or \ reads back
			// as itself; doubling it is needed only where it would
			// otherwise combine with the next character, or where the
			// eval lexer's escape (\ and any character but a newline)
			// would not take it: before a newline.
			if i+1 == len(s) || s[i+1] == '"' || s[i+1] == '\\' || s[i+1] == '\n' {
				b.WriteString(`\\`)
			} else {
				b.WriteByte('\\')
			}
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// needsQuotes reports whether a word must be quoted to lex back as one
// bare word with the same text.
func needsQuotes(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if wordStop(c) || c == '|' || c == '\\' || c == '`' {
			return true
		}
		if c == '!' && i+1 < len(s) && s[i+1] == '=' {
			return true
		}
	}
	return false
}

// word prints s bare when it lexes back as itself, else quoted.
func word(s string) string {
	if needsQuotes(s) {
		return QuoteString(s)
	}
	return s
}

package ingest

import (
	"errors"
	"fmt"
	"strconv"
)

// jsonSyntax finds the first syntax error of s as one JSON value, in the
// words of encoding/json's scanner up to Go 1.26 ("invalid character '}'
// looking for beginning of object key string"). The reader reports it
// rather than the decoder's own error, whose text is the toolchain's
// (Go 1.27's decoder words the same error otherwise, and places it
// elsewhere), so a bad line reads the same whatever spelunk was built
// with. nil when s is well-formed, or nests deeper than jsonMaxDepth
// (the decoder's error says so).
func jsonSyntax(s string) error {
	p := jsonChecker{s: s}
	p.ws()
	if err := p.value(0); err != nil {
		if err == errJSONDeep {
			return nil
		}
		return err
	}
	p.ws()
	if p.i < len(p.s) {
		return p.bad("after top-level value")
	}
	return nil
}

type jsonChecker struct {
	s string
	i int
}

var (
	errJSONEnd  = errors.New("unexpected end of JSON input")
	errJSONDeep = errors.New("deeper than the check goes")
)

// bad is the error for the character at p.i, met where context says. At
// the end of the text it is a space, as encoding/json's scanner ends a
// text: the end of a text cut short where a space may stand is the
// caller's errJSONEnd.
func (p *jsonChecker) bad(context string) error {
	c := byte(' ')
	if p.i < len(p.s) {
		c = p.s[p.i]
	}
	return fmt.Errorf("invalid character %s %s", quoteJSONChar(c), context)
}

// more reports whether text is left after spaces: its end, where a space
// may stand, is errJSONEnd.
func (p *jsonChecker) more() error {
	p.ws()
	if p.i >= len(p.s) {
		return errJSONEnd
	}
	return nil
}

// quoteJSONChar is c as encoding/json's messages quote it.
func quoteJSONChar(c byte) string {
	switch c {
	case '\'':
		return `'\''`
	case '"':
		return `'"'`
	}
	q := strconv.Quote(string(rune(c)))
	return "'" + q[1:len(q)-1] + "'"
}

func (p *jsonChecker) ws() { p.i = skipJSONSpace(p.s, p.i) }

func (p *jsonChecker) value(depth int) error {
	if depth > jsonMaxDepth {
		return errJSONDeep
	}
	if p.i >= len(p.s) {
		return errJSONEnd
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		return p.str()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return p.literal("true")
	case c == 'f':
		return p.literal("false")
	case c == 'n':
		return p.literal("null")
	}
	return p.bad("looking for beginning of value")
}

func (p *jsonChecker) object(depth int) error {
	p.i++ // {
	if err := p.more(); err != nil {
		return err
	}
	if p.s[p.i] == '}' {
		p.i++
		return nil
	}
	for {
		if p.s[p.i] != '"' {
			return p.bad("looking for beginning of object key string")
		}
		if err := p.str(); err != nil {
			return err
		}
		if err := p.more(); err != nil {
			return err
		}
		if p.s[p.i] != ':' {
			return p.bad("after object key")
		}
		p.i++
		p.ws()
		if err := p.value(depth); err != nil {
			return err
		}
		if end, err := p.after('}', "after object key:value pair"); end || err != nil {
			return err
		}
		if err := p.more(); err != nil {
			return err
		}
	}
}

func (p *jsonChecker) array(depth int) error {
	p.i++ // [
	if err := p.more(); err != nil {
		return err
	}
	if p.s[p.i] == ']' {
		p.i++
		return nil
	}
	for {
		if err := p.value(depth); err != nil {
			return err
		}
		if end, err := p.after(']', "after array element"); end || err != nil {
			return err
		}
		p.ws()
	}
}

// after reads what follows a member of an object or array: a comma, or
// close, which ends it (end).
func (p *jsonChecker) after(close byte, context string) (end bool, err error) {
	if err := p.more(); err != nil {
		return false, err
	}
	switch p.s[p.i] {
	case ',':
		p.i++
		return false, nil
	case close:
		p.i++
		return true, nil
	}
	return false, p.bad(context)
}

func (p *jsonChecker) str() error {
	p.i++ // "
	for p.i < len(p.s) {
		switch c := p.s[p.i]; {
		case c == '"':
			p.i++
			return nil
		case c < 0x20:
			return p.bad("in string literal")
		case c == '\\':
			p.i++
			if p.i >= len(p.s) {
				return p.bad("in string escape code")
			}
			switch p.s[p.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.i++
			case 'u':
				p.i++
				for k := 0; k < 4; k++ {
					if p.i >= len(p.s) || !isHexDigit(p.s[p.i]) {
						return p.bad("in \\u hexadecimal character escape")
					}
					p.i++
				}
			default:
				return p.bad("in string escape code")
			}
		default:
			p.i++
		}
	}
	return errJSONEnd
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// number reads a number; what follows it is its container's to judge
// (after a leading 0, a digit too: "01" is 0, then an unexpected 1).
func (p *jsonChecker) number() error {
	if p.s[p.i] == '-' {
		p.i++
	}
	if p.i >= len(p.s) {
		return p.bad("in numeric literal")
	}
	switch c := p.s[p.i]; {
	case c == '0':
		p.i++
	case c >= '1' && c <= '9':
		p.skipDigits()
	default:
		return p.bad("in numeric literal")
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if err := p.someDigits("after decimal point in numeric literal"); err != nil {
			return err
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		return p.someDigits("in exponent of numeric literal")
	}
	return nil
}

// someDigits reads one digit or more, else fails saying where.
func (p *jsonChecker) someDigits(context string) error {
	if p.i >= len(p.s) || p.s[p.i] < '0' || p.s[p.i] > '9' {
		return p.bad(context)
	}
	p.skipDigits()
	return nil
}

func (p *jsonChecker) skipDigits() {
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
}

func (p *jsonChecker) literal(word string) error {
	for k := 0; k < len(word); k++ {
		if p.i >= len(p.s) || p.s[p.i] != word[k] {
			return p.bad(fmt.Sprintf("in literal %s (expecting %s)", word, quoteJSONChar(word[k])))
		}
		p.i++
	}
	return nil
}

package ingest

// A hand-written JSON flattener, the fast path of flattenJSON. It accepts
// exactly the JSON that encoding/json accepts and decodes strings the way
// it does (escapes, surrogate pairs, U+FFFD for invalid UTF-8 and lone
// surrogates), but reads the record string in place: a string without
// escapes becomes a substring of _raw, with no allocation. Anything it
// does not accept goes to the encoding/json path (flattenJSONStd), which
// then decides and words the error, so results and messages stay those of
// encoding/json; FuzzJSONFlatten checks that the two paths agree.

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/spelunk-dev/spelunk/value"
)

// jsonMaxDepth is encoding/json's nesting limit.
const jsonMaxDepth = 10000

var errFastJSON = errors.New("not handled by the fast path")

type jsonScanner struct {
	s     string
	i     int
	depth int
	b     *fieldBuilder
	buf   []byte // scratch for decoding escaped strings
}

// flattenJSONFast adds the leaves of the object in raw to b, or returns an
// error (then b holds a partial result the caller discards).
func flattenJSONFast(raw string, b *fieldBuilder) error { return scanJSONValue(raw, b, true) }

// scanJSONValue is flattenJSONFast for any JSON value unless object is
// set: the elements of a top-level array are named {}, {}.a, ..., and a
// lone scalar has no name and yields nothing.
func scanJSONValue(raw string, b *fieldBuilder, object bool) error {
	p := jsonScanner{s: raw, b: b}
	p.ws()
	if p.i >= len(p.s) || (object && p.s[p.i] != '{') {
		return errFastJSON
	}
	if err := p.value(""); err != nil {
		return err
	}
	p.ws()
	if p.i != len(p.s) {
		return errFastJSON
	}
	return nil
}

func (p *jsonScanner) ws() { p.i = skipJSONSpace(p.s, p.i) }

// skipJSONSpace is the place of the first byte from i on that is not
// JSON's white space.
func skipJSONSpace(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// object reads {...} at p.i, adding its leaves under prefix.
func (p *jsonScanner) object(prefix string) error {
	p.depth++
	if p.depth > jsonMaxDepth {
		return errFastJSON
	}
	p.i++ // {
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		p.depth--
		return nil
	}
	for {
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return errFastJSON
		}
		key, err := p.str()
		if err != nil {
			return err
		}
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return errFastJSON
		}
		p.i++
		p.ws()
		name := key
		if prefix != "" {
			name = prefix + "." + key
		}
		if err := p.value(name); err != nil {
			return err
		}
		if done, err := p.after('}'); done || err != nil {
			return err
		}
	}
}

func (p *jsonScanner) array(name string) error {
	p.depth++
	if p.depth > jsonMaxDepth {
		return errFastJSON
	}
	p.i++ // [
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		p.depth--
		return nil
	}
	elem := name + "{}"
	for {
		if err := p.value(elem); err != nil {
			return err
		}
		if done, err := p.after(']'); done || err != nil {
			return err
		}
	}
}

// after reads what follows a member of an object or array: a comma (more
// members follow) or its closing bracket (done, one level up).
func (p *jsonScanner) after(closing byte) (done bool, err error) {
	p.ws()
	if p.i >= len(p.s) {
		return false, errFastJSON
	}
	switch p.s[p.i] {
	case ',':
		p.i++
		p.ws()
		return false, nil
	case closing:
		p.i++
		p.depth--
		return true, nil
	}
	return false, errFastJSON
}

func (p *jsonScanner) value(name string) error {
	if p.i >= len(p.s) {
		return errFastJSON
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(name)
	case c == '[':
		return p.array(name)
	case c == '"':
		s, err := p.str()
		if err != nil {
			return err
		}
		p.b.add(name, value.Str(s))
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.i
		if !p.number() {
			return errFastJSON
		}
		p.b.add(name, value.Str(p.s[start:p.i]))
	case strings.HasPrefix(p.s[p.i:], "true"):
		p.i += 4
		p.b.add(name, value.Str("true"))
	case strings.HasPrefix(p.s[p.i:], "false"):
		p.i += 5
		p.b.add(name, value.Str("false"))
	case strings.HasPrefix(p.s[p.i:], "null"):
		p.i += 4
		if jsonNullAsText {
			p.b.add(name, value.Str("null"))
		}
	default:
		return errFastJSON
	}
	return nil
}

// number reads -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? at p.i.
func (p *jsonScanner) number() bool {
	s, i := p.s, p.i
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		d := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == d {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		d := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == d {
			return false
		}
	}
	p.i = i
	return true
}

// str reads a string at p.i (on its opening quote) and returns its value.
func (p *jsonScanner) str() (string, error) {
	start := p.i + 1
	i := start
	plain := true // no escapes, no bytes needing UTF-8 checks
	for ; i < len(p.s); i++ {
		c := p.s[i]
		if c == '"' {
			break
		}
		if c < 0x20 {
			return "", errFastJSON
		}
		if c == '\\' {
			plain = false
			i++ // skip the escaped byte; checked when decoding
			continue
		}
		if c >= utf8.RuneSelf {
			plain = false
		}
	}
	if i >= len(p.s) {
		return "", errFastJSON
	}
	body := p.s[start:i]
	p.i = i + 1
	if plain || (!strings.Contains(body, `\`) && utf8.ValidString(body)) {
		return body, nil
	}
	return p.decode(body)
}

// jsonEscapes maps the letter after a backslash to the byte it stands
// for (0: not a one-byte escape).
var jsonEscapes = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// decode unescapes a string body as encoding/json's unquote does.
func (p *jsonScanner) decode(s string) (string, error) {
	b := p.buf[:0]
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			if i+1 >= len(s) {
				return "", errFastJSON
			}
			switch e := s[i+1]; {
			case jsonEscapes[e] != 0:
				b = append(b, jsonEscapes[e])
				i += 2
			case e == 'u':
				r := hex4(s[i:])
				if r < 0 {
					return "", errFastJSON
				}
				i += 6
				if utf16.IsSurrogate(r) {
					if r2 := hex4(s[i:]); r2 >= 0 {
						if dec := utf16.DecodeRune(r, r2); dec != unicode.ReplacementChar {
							b = utf8.AppendRune(b, dec)
							i += 6
							continue
						}
					}
					r = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, r)
			default:
				return "", errFastJSON
			}
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			b = utf8.AppendRune(b, r) // RuneError for invalid bytes, one at a time
			i += size
		}
	}
	p.buf = b
	return string(b), nil
}

// hex4 reads \uXXXX at the start of s, or returns -1.
func hex4(s string) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range []byte(s[2:6]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// JSONString reads the JSON string whose opening quote is s[i], decoded as
// encoding/json decodes it, and returns it with the offset after its
// closing quote; ok is false when no well-formed string starts there. It is
// the string rule of the scanner above, for parsers that build a tree
// (spath's paths, the json_* eval functions).
func JSONString(s string, i int) (v string, end int, ok bool) {
	if i >= len(s) || s[i] != '"' {
		return "", i, false
	}
	p := jsonScanner{s: s, i: i}
	v, err := p.str()
	if err != nil {
		return "", i, false
	}
	return v, p.i, true
}

// JSONNumber returns the offset after the JSON number that starts at s[i]
// (-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?); ok is false when none does.
func JSONNumber(s string, i int) (end int, ok bool) {
	p := jsonScanner{s: s, i: i}
	if !p.number() {
		return i, false
	}
	return p.i, true
}

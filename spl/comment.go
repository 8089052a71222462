package spl

import "strings"

// blankComments replaces every ```comment``` outside double-quoted strings
// with spaces (keeping line breaks), so the text keeps its length and every
// offset still points at what the user wrote. Splunk removes comments
// before it parses a search (Search Manual, "Add comments to searches");
// macro expansion already drops them, this covers text parsed directly.
// A backslash escapes the next character outside quotes too, as in the
// macro scanner, so `\“ is not a comment marker.
func blankComments(src string) (string, *Error) {
	if !strings.Contains(src, "```") {
		return src, nil
	}
	var b []byte
	inQuote := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\\':
			i++
		case inQuote:
			inQuote = c != '"'
		case c == '"':
			inQuote = true
		case strings.HasPrefix(src[i:], "```"):
			n := strings.Index(src[i+3:], "```")
			if n < 0 {
				return "", &Error{Pos: i, End: i + 3, Msg: "unclosed comment: ``` has no closing ```"}
			}
			end := i + 3 + n + 3
			if b == nil {
				b = []byte(src)
			}
			for j := i; j < end; j++ {
				if b[j] != '\n' {
					b[j] = ' '
				}
			}
			i = end - 1
		}
	}
	if b == nil {
		return src, nil
	}
	return string(b), nil
}

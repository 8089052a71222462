package lsp

import (
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// lines indexes a text's line starts, to convert byte offsets to LSP
// positions, whose characters are UTF-16 code units (LSP 3.16, "Text
// Documents": the default and only required encoding).
type lines struct {
	text   string
	starts []int
}

func newLines(text string) *lines {
	l := &lines{text: text, starts: []int{0}}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// position converts a byte offset.
func (l *lines) position(off int) protocol.Position {
	off = max(0, min(off, len(l.text)))
	line := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	units := 0
	for _, r := range l.text[l.starts[line]:off] {
		units += utf16Len(r)
	}
	return protocol.Position{Line: protocol.UInteger(line), Character: protocol.UInteger(units)}
}

// offset converts a position; a character past the line's end means the
// end of the line.
func (l *lines) offset(p protocol.Position) int {
	if int(p.Line) >= len(l.starts) {
		return len(l.text)
	}
	off := l.starts[p.Line]
	end := len(l.text)
	if int(p.Line)+1 < len(l.starts) {
		end = l.starts[p.Line+1] - 1
	}
	units := int(p.Character)
	for off < end && units > 0 {
		r, w := utf8.DecodeRuneInString(l.text[off:])
		units -= utf16Len(r)
		off += w
	}
	return off
}

func (l *lines) rng(start, end int) protocol.Range {
	return protocol.Range{Start: l.position(start), End: l.position(max(start, end))}
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// uriToPath converts a file: URI to a path; other schemes give "".
func uriToPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	return filepath.FromSlash(u.Path)
}

// pathToURI converts an absolute path to a file: URI.
func pathToURI(path string) string {
	abs, err := filepath.Abs(path)
	if err == nil {
		path = abs
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	return u.String()
}

// isWordByte is a byte of a name in SPL: a field, a command, a function,
// a macro, a dataset (Endpoint.Processes).
func isWordByte(c byte) bool {
	return c == '_' || c == '.' || c == '-' || c == ':' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// wordAt returns the bounds of the name around off in s.
func wordAt(s string, off int) (int, int) {
	off = max(0, min(off, len(s)))
	a, b := off, off
	for a > 0 && isWordByte(s[a-1]) {
		a--
	}
	for b < len(s) && isWordByte(s[b]) {
		b++
	}
	return a, b
}

// lastNonSpace returns the index of the last byte before off that is not
// a blank, or -1.
func lastNonSpace(s string, off int) int {
	i := min(off, len(s)) - 1
	for i >= 0 && strings.IndexByte(" \t\r\n", s[i]) >= 0 {
		i--
	}
	return i
}

package ingest

import "bytes"

// need is Options.Need prepared for the readers.
type need struct {
	pieces []string
	at     []int // the rarest byte of each piece (byteRank)
	// fold is set when a piece holds i, k or s, which non-ASCII letters
	// case to (İ to i, K to k, ı to I, ſ to S in Go's case mapping, which
	// the engine's case-insensitive comparison uses).
	fold bool
	// xmlAny and jsonAny are set when a piece holds a character that the
	// format's named escapes spell (&amp; and the like in XML; \" \\ \/
	// in JSON): a record cannot then be judged by its text.
	xmlAny, jsonAny bool
}

func newNeed(pieces []string) *need {
	if len(pieces) == 0 {
		return nil
	}
	n := &need{pieces: pieces}
	for _, p := range pieces {
		at := 0
		for i := 1; i < len(p); i++ {
			if byteRank(p[i]) > byteRank(p[at]) {
				at = i
			}
		}
		n.at = append(n.at, at)
		for i := 0; i < len(p); i++ {
			switch c := p[i]; c {
			case 'i', 'k', 's':
				n.fold = true
			case '&', '<', '>', '"', '\'':
				n.xmlAny = true
			}
			switch p[i] {
			case '"', '\\', '/':
				n.jsonAny = true
			}
		}
	}
	return n
}

var (
	// The XmlWinEventLog reader keeps entities as written, as the
	// add-on's extractions do, so a character reference cannot make a
	// field hold a piece its text lacks; it is looked for all the same,
	// so that the guarantee does not hang on that choice.
	xmlCharRef  = []byte("&#")
	jsonUnicode = []byte(`\u`)
	// UTF-8 of İ (U+0130), ı (U+0131), ſ (U+017F) and K (U+212A).
	foldTraps = [][]byte{{0xc4, 0xb0}, {0xc4, 0xb1}, {0xc5, 0xbf}, {0xe2, 0x84, 0xaa}}
)

// mayHold reports whether the fields of an XML (json false) or JSON record
// may hold every piece: false only when some piece is not in the record's
// text, ignoring ASCII case, and nothing in the record could spell it
// otherwise (a character reference or \u escape, a non-ASCII letter that
// cases to an ASCII one). The fields these readers give are the record's
// text, unescaped.
func (n *need) mayHold(rec []byte, json bool) bool {
	if json {
		if n.jsonAny || hasUnicodeEscape(rec) {
			return true
		}
	} else if n.xmlAny || bytes.Contains(rec, xmlCharRef) {
		return true
	}
	if n.fold {
		for _, t := range foldTraps {
			if bytes.Contains(rec, t) {
				return true
			}
		}
	}
	for i, p := range n.pieces {
		if !containsFold(rec, p, n.at[i]) {
			return false
		}
	}
	return true
}

// hasUnicodeEscape reports whether a JSON text holds a \u escape: a \u
// whose backslash is not itself escaped (C:\\updater.exe has none).
func hasUnicodeEscape(rec []byte) bool {
	for from := 0; ; {
		i := bytes.Index(rec[from:], jsonUnicode)
		if i < 0 {
			return false
		}
		i += from
		n := 1 // backslashes ending at i
		for j := i - 1; j >= 0 && rec[j] == '\\'; j-- {
			n++
		}
		if n%2 == 1 {
			return true
		}
		from = i + 2
	}
}

// containsFold reports whether s holds p (lower-case ASCII) ignoring ASCII
// case. It looks for p[at] (its rarest byte, by a rough order of letter
// frequency) in both cases, and compares p around each one found.
func containsFold(s []byte, p string, at int) bool {
	if len(p) == 0 {
		return true
	}
	lo := p[at]
	up := lo
	if 'a' <= lo && lo <= 'z' {
		up = lo - 'a' + 'A'
	}
	// Positions of the next lo and up at or after from, -1 when none
	// is left; each is searched again only once passed.
	nextLo, nextUp := -2, -2
	if up == lo {
		nextUp = -1
	}
	last := len(s) - len(p) + at // the last position the byte can be at
	for from := at; from <= last; {
		if nextLo != -1 && nextLo < from {
			nextLo = indexFrom(s, lo, from, last)
		}
		if nextUp != -1 && nextUp < from {
			nextUp = indexFrom(s, up, from, last)
		}
		i := nextLo
		if i < 0 || (nextUp >= 0 && nextUp < i) {
			i = nextUp
		}
		if i < 0 {
			return false
		}
		if equalFoldASCII(s[i-at:i-at+len(p)], p) {
			return true
		}
		from = i + 1
	}
	return false
}

func indexFrom(s []byte, c byte, from, last int) int {
	if i := bytes.IndexByte(s[from:last+1], c); i >= 0 {
		return from + i
	}
	return -1
}

func equalFoldASCII(b []byte, p string) bool {
	for i := range len(p) {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != p[i] {
			return false
		}
	}
	return true
}

// byteRank is how rare a byte is in log text, roughly: letters by their
// frequency in English, digits and punctuation as common.
func byteRank(c byte) int {
	const letters = "etaoinsrhldcumfpgwybvkxjqz" // common to rare
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	for i := 0; i < len(letters); i++ {
		if letters[i] == c {
			return 10 + i
		}
	}
	switch {
	case c >= '0' && c <= '9', c == '.', c == '-', c == ' ', c == '\\', c == '/', c == ':', c == '_':
		return 0
	}
	return 20
}

// passLine passes over the line at the start of the window, counting it
// in Stats.Unparsed, when its records end on it (whole says so, given the
// line and what follows its newline) and its text cannot hold what
// rn.need asks.
func passLine(w *window, rn *run, json bool, whole func(line, rest []byte) bool) bool {
	d := w.data()
	nl := bytes.IndexByte(d, '\n')
	if nl < 0 || !whole(d[:nl], d[nl+1:]) || rn.need.mayHold(d[:nl], json) {
		return false
	}
	w.advanceLines(nl+1, 1) // the first newline ends it
	rn.stats.Unparsed++
	return true
}

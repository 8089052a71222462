package content

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// scalarPos locates a YAML scalar's value in its file, so an error at an
// offset of the value can point at the character the author typed.
//
// YAML changes the text between the file and the value: a single-quoted
// scalar writes ' as ”, and every flow scalar folds a line break and the
// next line's indentation into one space (YAML 1.2, "Flow Scalar Styles",
// "Line Folding"). mapScalar replays those rules over the file and keeps,
// for each byte of the value, the offset it came from. It then checks the
// replay against the value yaml decoded: when they differ (a construct
// the replay does not know), offs stays nil and positions fall back to the
// scalar's first character.
//
// The offsets are kept as runs of value bytes copied from consecutive file
// bytes (a run per line of the scalar, and per escape): a hunt holds every
// detection of a repository, and an offset per byte of each search was
// four times the searches' size.
type scalarPos struct {
	start int // file offset of the scalar's first character (its quote, if any)
	exact bool
	n     int      // the value's length in bytes, when exact
	runs  []posRun // by value offset; the first starts at 0 (when n > 0)
}

// posRun says that value bytes from val on come from file bytes from file
// on, one for one, up to the next run.
type posRun struct{ val, file int32 }

// runsOf packs offs (offs[i] is the file offset of value byte i) into runs.
func runsOf(offs []int32) []posRun {
	var runs []posRun
	for i, at := range offs {
		if i == 0 || at != offs[i-1]+1 {
			runs = append(runs, posRun{val: int32(i), file: at})
		}
	}
	return slices.Clip(runs)
}

// fileOffset maps an offset in the value to an offset in the file. An
// offset at the end of the value maps just past its last character.
func (s scalarPos) fileOffset(off int) (int, bool) {
	if !s.exact {
		return s.start, false
	}
	switch {
	case off < 0:
		return s.start, true
	case off < s.n:
		r := sort.Search(len(s.runs), func(i int) bool { return int(s.runs[i].val) > off }) - 1
		return int(s.runs[r].file) + off - int(s.runs[r].val), true
	case s.n == 0:
		return s.start, true
	}
	last, _ := s.fileOffset(s.n - 1)
	return last + 1, true
}

// locateScalar finds n (a scalar node) in file and maps its value.
func locateScalar(file []byte, n *yaml.Node) scalarPos {
	start := lineColOffset(file, n.Line, n.Column)
	pos := scalarPos{start: start}
	if start < 0 || start >= len(file) {
		pos.start = max(0, min(start, len(file)))
		return pos
	}
	var m mapper
	m.file, m.i = file, start
	switch n.Style {
	case yaml.SingleQuotedStyle:
		m.flow('\'', n.Value)
	case yaml.DoubleQuotedStyle:
		m.flow('"', n.Value)
	case yaml.LiteralStyle, yaml.FoldedStyle:
		m.block(n.Style == yaml.FoldedStyle, n.Value)
	default:
		m.flow(0, n.Value)
	}
	if !m.failed && string(m.val) == n.Value {
		pos.exact, pos.n, pos.runs = true, len(m.offs), runsOf(m.offs)
	}
	return pos
}

// lineColOffset converts yaml's 1-based line and column (counted in
// characters) to a byte offset, or -1.
func lineColOffset(file []byte, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := indexByte(file[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	for c := 1; c < col && off < len(file); c++ {
		_, w := utf8.DecodeRune(file[off:])
		off += w
	}
	return off
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// mapper replays YAML's scalar rules, building the value and its offsets.
type mapper struct {
	file   []byte
	i      int
	val    []byte
	offs   []int32
	failed bool
}

func (m *mapper) emit(b byte, at int) {
	m.val = append(m.val, b)
	m.offs = append(m.offs, int32(at))
}

func (m *mapper) emitString(s string, at int) {
	for i := 0; i < len(s); i++ {
		m.emit(s[i], at)
	}
}

func (m *mapper) at(i int) byte {
	if i < len(m.file) {
		return m.file[i]
	}
	return 0
}

func isBreak(c byte) bool { return c == '\n' || c == '\r' }
func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// skipBreak moves past one line break (\n, \r\n or \r).
func (m *mapper) skipBreak() {
	if m.at(m.i) == '\r' && m.at(m.i+1) == '\n' {
		m.i++
	}
	m.i++
}

// flow maps a quoted (quote is ' or ") or plain (quote 0) flow scalar.
// A plain scalar has no closing mark, so it ends when the value is
// complete; want guides only that.
func (m *mapper) flow(quote byte, want string) {
	if quote != 0 {
		m.i++
	}
	for m.i < len(m.file) {
		if quote == 0 && len(m.val) >= len(want) {
			return
		}
		c := m.file[m.i]
		switch {
		case quote == '\'' && c == '\'':
			if m.at(m.i+1) != '\'' {
				return
			}
			m.emit('\'', m.i)
			m.i += 2
		case quote == '"' && c == '"':
			return
		case quote == '"' && c == '\\':
			m.escape()
		case isBlank(c):
			j := m.i
			for isBlank(m.at(j)) {
				j++
			}
			if isBreak(m.at(j)) || j >= len(m.file) {
				m.i = j // trailing blanks before a break are not content
				continue
			}
			for ; m.i < j; m.i++ {
				m.emit(m.file[m.i], m.i)
			}
		case isBreak(c):
			m.fold()
		default:
			m.emit(c, m.i)
			m.i++
		}
	}
	if quote != 0 {
		m.failed = true // no closing quote
	}
}

// fold handles a line break inside a flow scalar: it becomes a space, or
// as many newlines as there are empty lines after it; the indentation of
// the next line is dropped.
func (m *mapper) fold() {
	brk := m.i
	m.skipBreak()
	empty := 0
	for {
		for isBlank(m.at(m.i)) {
			m.i++
		}
		if !isBreak(m.at(m.i)) {
			break
		}
		m.emit('\n', m.i)
		empty++
		m.skipBreak()
	}
	if empty == 0 {
		m.emit(' ', brk)
	}
}

// escape decodes one backslash escape of a double-quoted scalar; every
// byte it produces maps to the backslash.
func (m *mapper) escape() {
	at := m.i
	c := m.at(m.i + 1)
	simple := map[byte]string{
		'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\v",
		'f': "\f", 'r': "\r", 'e': "\x1b", ' ': " ", '"': "\"", '/': "/", '\\': "\\",
		'N': "\u0085", '_': "\u00a0", 'L': "\u2028", 'P': "\u2029",
	}
	if s, ok := simple[c]; ok {
		m.emitString(s, at)
		m.i += 2
		return
	}
	if isBreak(c) {
		// An escaped line break joins the lines with nothing between.
		m.i++
		m.skipBreak()
		for isBlank(m.at(m.i)) {
			m.i++
		}
		return
	}
	n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[c]
	if n == 0 || m.i+2+n > len(m.file) {
		m.failed = true
		m.i += 2
		return
	}
	var r rune
	for _, h := range m.file[m.i+2 : m.i+2+n] {
		d := strings.IndexByte("0123456789abcdef", h|0x20)
		if d < 0 {
			m.failed = true
			break
		}
		r = r<<4 | rune(d)
	}
	m.emitString(string(r), at)
	m.i += 2 + n
}

// block maps a literal (|) or folded (>) block scalar: the header line,
// then lines indented deeper than the key. In a literal scalar every line
// break is a newline; in a folded one a break between two lines of text
// at the base indentation is a space, and when empty lines separate them
// the first break is dropped and each empty line is a newline. Chomping
// only decides the final newlines, taken from the decoded value, want.
func (m *mapper) block(folded bool, want string) {
	for m.i < len(m.file) && !isBreak(m.file[m.i]) {
		m.i++ // the header: indicator, chomping, comments
	}
	if m.i >= len(m.file) {
		return
	}
	m.skipBreak()
	indent := -1
	var breaks []int // line breaks since the last line of text
	prevMore := true // the last line of text was more indented (or none yet)
	for m.i < len(m.file) {
		n := 0
		for m.at(m.i+n) == ' ' {
			n++
		}
		if isBreak(m.at(m.i+n)) || m.i+n >= len(m.file) {
			m.i += n
			breaks = append(breaks, m.i)
			if m.i < len(m.file) {
				m.skipBreak()
			}
			continue
		}
		if indent < 0 {
			indent = n
			for _, b := range breaks { // leading empty lines stay newlines
				m.emit('\n', b)
			}
			breaks = nil
		}
		if n < indent {
			break // the block has ended
		}
		more := n > indent || m.at(m.i+n) == '\t'
		switch {
		case len(breaks) == 0:
		case !folded || more || prevMore:
			for _, b := range breaks {
				m.emit('\n', b)
			}
		case len(breaks) == 1:
			m.emit(' ', breaks[0])
		default:
			for _, b := range breaks[1:] {
				m.emit('\n', b)
			}
		}
		breaks = nil
		m.i += indent
		for m.i < len(m.file) && !isBreak(m.file[m.i]) {
			m.emit(m.file[m.i], m.i)
			m.i++
		}
		breaks = append(breaks, m.i)
		prevMore = more
		if m.i < len(m.file) {
			m.skipBreak()
		}
	}
	// Chomping (strip "-", clip, keep "+") only decides how many final
	// newlines stay: take yaml's count, at the last line break.
	for len(m.val) > 0 && m.val[len(m.val)-1] == '\n' {
		m.val = m.val[:len(m.val)-1]
		m.offs = m.offs[:len(m.offs)-1]
	}
	end := m.i
	if len(m.offs) > 0 {
		end = int(m.offs[len(m.offs)-1]) + 1
	}
	for i := len(want); i > 0 && want[i-1] == '\n'; i-- {
		m.emit('\n', end)
	}
}

package ingest

// One-line records read in one pass.
//
// Exported XmlWinEventLog files hold a record a line, each of the same
// shape: <Event ...><System> simple elements </System>, then <EventData>
// of <Data Name='X'>v</Data> elements (or <EventData/>, or nothing), then
// </Event> at the end of the line. The general path searches for the
// record's end, then for each block's name and end tag, then scans the
// blocks: three or four passes over most bytes. lineRecord reads such a
// line once, meeting every '<' in it in order, and so finds the record's
// end and the blocks where those textual searches find them (the first
// </Event>, no <Event before it, the first </System> and </EventData>).
// What does not have that shape, to the byte, is left to the general
// path, nothing emitted.

import (
	"bytes"
	"math/bits"
	"strings"
	"unsafe"

	"github.com/spelunk-dev/spelunk/value"
)

// quickLines turns lineRecord on (off in tests, to compare).
var quickLines = true

// maxQuickLine bounds the search for a line's end: a longer line is read
// by the general path.
const maxQuickLine = 1 << 20

// quickBackoff is how many records the general path reads after a line
// held more than one, so that a file of many records a line is not
// searched to each line's end again for every record on it.
const quickBackoff = 256

// lineRecord reads the record at the start of the window and emits its
// event when the record is its line (but a trailing \r) and of the usual
// shape. done is false when it did not: nothing was consumed or emitted.
func (p *xmlParser) lineRecord(w *window, rn *run, line int) (done bool, err error) {
	if !quickLines {
		return false, nil
	}
	if p.backoff > 0 {
		p.backoff--
		return false, nil
	}
	d := w.data()
	nl := bytes.IndexByte(d[:min(len(d), maxQuickLine)], '\n')
	if nl < 0 {
		return false, nil
	}
	n := nl
	if n > 0 && d[n-1] == '\r' {
		n--
	}
	if !bytes.HasSuffix(d[:n], eventEndTag) {
		return false, nil
	}
	var raw string
	if p.view || p.kept {
		raw = unsafe.String(&d[0], n) // consumed after the callback, or kept mapped
	} else {
		raw = string(d[:n])
	}
	if !p.parseLine(raw) {
		if bytes.Index(d[:n-len(eventEndTag)], eventEndTag) >= 0 {
			p.backoff = quickBackoff // more records on the line
		}
		return false, nil
	}
	// With Need, passLine has found the line may hold what is needed;
	// the record is the line unless a \r ends it.
	if rn.need != nil && n != nl && !rn.need.mayHold(d[:n], false) {
		w.advanceLines(n, 0)
		rn.stats.Unparsed++
		return true, nil
	}
	err = rn.emit(p.finish(raw, rn, line))
	w.advanceLines(n, 0) // a line's record holds no newline
	return true, err
}

// parseLine is parse for a record known to end with </Event>: it reads
// the fields that parse would, in one pass, and reports whether the
// record has the usual shape and is the whole of raw (scanXMLRecord
// would end it at the same place). When not, p's fields are to be read
// again by parse.
func (p *xmlParser) parseLine(raw string) bool {
	p.start()
	// The <Event> start tag, without a '<' in it: the first <System is
	// then the one after it.
	gt := strings.IndexByte(raw, '>')
	if gt < 0 || strings.IndexByte(raw[1:gt], '<') >= 0 || !strings.HasPrefix(raw[gt+1:], "<System>") {
		return false
	}
	i, ok := p.lineSystem(raw, gt+1+len("<System>"))
	if !ok {
		return false
	}
	// The blocks after System: the general path's searches for
	// EventData, UserData, DebugData and RenderingInfo find nothing more
	// in </Event> or in <EventData/></Event>.
	switch rest := raw[i:]; {
	case strings.HasPrefix(rest, "<EventData>"):
		if i, ok = p.lineData(raw, i+len("<EventData>")); !ok {
			return false
		}
	case strings.HasPrefix(rest, "<EventData/>"):
		i += len("<EventData/>")
	}
	return i == len(raw)-len(eventEndTag)
}

// lineSystem reads System's elements from open, the offset after
// <System>, as scanElements reads the block: <X>text</X>, <X a='v'/>,
// and <X a='v'>text</X>, one right after the other, up to </System>. It
// returns the offset after </System>.
func (p *xmlParser) lineSystem(raw string, open int) (next int, ok bool) {
	slot := p.reserve(systemBlock.field)
	for i := open; i < len(raw) && raw[i] == '<'; {
		j := i + 1
		for wordBytes[raw[j]] { // raw ends with '>'
			j++
		}
		name := raw[i+1 : j]
		switch name {
		case "":
			if i == open || !strings.HasPrefix(raw[i:], systemBlock.end) {
				return 0, false
			}
			return i + len(systemBlock.end), p.fill(slot, systemBlock.field, raw[open:i])
		case "Event", "System":
			// A record's tag, or an element the general path's block
			// would end in.
			return 0, false
		}
		end, attrs := j+1, false
		switch raw[j] {
		case '>':
		case ' ', '/':
			var selfClosed bool
			if end, selfClosed, _, _, ok = p.lineAttrs(raw, j, true); !ok {
				return 0, false
			}
			if selfClosed {
				i = end
				continue
			}
			attrs = true
		default:
			return 0, false
		}
		e := indexLT(raw, end)
		if e < 0 || !closes(raw, e, name) {
			return 0, false
		}
		switch text := raw[end:e]; {
		case !attrs:
			p.add(name, text)
			p.systemElement(name, text)
		case name == "EventID":
			if extractAttributedElements {
				p.add(name, text)
			}
			p.eventCode(text)
		}
		i = e + len(name) + 3
	}
	return 0, false
}

// lineData reads EventData's Data elements from open, the offset after
// <EventData>, as scanData reads the block, and returns the offset after
// </EventData>.
func (p *xmlParser) lineData(raw string, open int) (next int, ok bool) {
	slot := -1
	if !fusedData || p.only == nil || p.only.want[eventDataBlock.field] {
		// The general path's name look-ups in the same order (fieldSet).
		slot = p.reserve(eventDataBlock.field)
	}
	for i := open; ; {
		at := indexLT(raw, i)
		if at < 0 {
			return 0, false
		}
		if strings.HasPrefix(raw[at+1:], "Data Name='") {
			// <Data Name='X'>v</Data> or <Data Name='X'/>, read as
			// quickNameAttr and the text's search below read it.
			if k, ok := p.lineDataElement(raw, at+len("<Data Name='")); ok {
				i = k
				continue
			}
		}
		j := at + 1
		for wordBytes[raw[j]] {
			j++
		}
		if j == at+1 {
			switch {
			case strings.HasPrefix(raw[at:], eventDataBlock.end):
				return at + len(eventDataBlock.end), at > open && p.fill(slot, eventDataBlock.field, raw[open:at])
			case isRecordTag(raw, at):
				return 0, false
			}
			i = j // an end tag: no name to read in it
			continue
		}
		if raw[at+1:j] == "Event" && isTagEnd(raw[j]) {
			return 0, false
		}
		dataName, k, selfClosed, found := quickNameAttr(raw, j)
		if found && strings.IndexByte(dataName, '<') >= 0 {
			return 0, false
		}
		if !found {
			if k, selfClosed, dataName, found, ok = p.lineAttrs(raw, j, false); !ok {
				return 0, false
			}
		}
		i = k
		if !found {
			continue
		}
		text := ""
		if !selfClosed {
			// The text runs to the next tag, met next in the loop.
			e := indexLT(raw, k)
			if e < 0 {
				return 0, false
			}
			text, i = raw[k:e], e
		}
		p.add(dataName, text)
	}
}

// lineDataElement reads a Data element from v, the offset of its Name's
// value, when the tag is ` Name='X'>` or ` Name='X'/>` with no '<' in X,
// and returns where to go on: after </Data>, or at the '<' that ends the
// text when it is another tag. ok is false for any other form.
func (p *xmlParser) lineDataElement(raw string, v int) (next int, ok bool) {
	q := indexQuoteLT(raw, v)
	if q < 0 || raw[q] == '<' {
		return 0, false
	}
	name := raw[v:q]
	switch {
	case raw[q+1] == '>':
		e := indexLT(raw, q+2)
		if e < 0 {
			return 0, false
		}
		p.add(name, raw[q+2:e])
		if closes(raw, e, "Data") {
			return e + len("</Data>"), true
		}
		return e, true
	case raw[q+1] == '/' && raw[q+2] == '>':
		p.add(name, "")
		return q + 3, true
	}
	return 0, false
}

// lineAttrs reads the attributes of a start tag from i as nextAttribute
// reads them, and returns the offset after the tag. In System (system)
// it adds them, as attributes does; elsewhere it returns the first Name and whether there was one.
// ok is false when the tag has a '<' in it (a quoted value holding one,
// or a tag cut short), where the general path's searches could stop.
func (p *xmlParser) lineAttrs(s string, i int, system bool) (end int, selfClosed bool, dataName string, found, ok bool) {
	for {
		if name, val, next, ok := quickAttr(s, i); ok {
			if system {
				p.attribute(name, val)
			} else if name == "Name" && !found {
				dataName, found = val, true
			}
			i = next
			continue
		}
		name, val, next, done, sc := nextAttribute(s, i)
		if done {
			// Ended by '>' or "/>" (a '<' or the end of s ends it
			// elsewhere than after a '>').
			return next, sc, dataName, found, next > i && next < len(s) && s[next-1] == '>'
		}
		if strings.IndexByte(val, '<') >= 0 {
			return 0, false, "", false, false
		}
		switch {
		case name == "":
		case system:
			p.attribute(name, val)
		case name == "Name" && !found:
			dataName, found = val, true
		}
		i = next
	}
}

// quickAttr reads ` name='value'` at i, the form of every attribute of
// exported records, as nextAttribute reads it: name a word, no '<' in
// value. ok is false for any other form.
func quickAttr(s string, i int) (name, val string, next int, ok bool) {
	if i+1 >= len(s) || s[i] != ' ' {
		return "", "", 0, false
	}
	j := i + 1
	for wordBytes[s[j]] { // s ends with '>'
		j++
	}
	if j == i+1 || s[j] != '=' || s[j+1] != '\'' {
		return "", "", 0, false
	}
	q := indexQuoteLT(s, j+2)
	if q < 0 || s[q] != '\'' {
		return "", "", 0, false
	}
	return s[i+1 : j], s[j+2 : q], q + 1, true
}

// closes reports whether s holds </name> at e.
func closes(s string, e int, name string) bool {
	k := e + 2 + len(name)
	return k < len(s) && s[e+1] == '/' && s[k] == '>' && s[e+2:k] == name
}

// isRecordTag reports whether the '<' at i in s starts </Event> or an
// <Event start tag, where scanXMLRecord would end a record.
func isRecordTag(s string, i int) bool {
	r := s[i+1:]
	if strings.HasPrefix(r, "/Event>") {
		return true
	}
	return len(r) > 5 && r[:5] == "Event" && isTagEnd(r[5])
}

// indexLT is the offset of the first '<' in s at or after i, or -1. Most
// texts between tags are short: the first bytes are looked at one by
// one, which costs less than a call of IndexByte.
func indexLT(s string, i int) int {
	// Eight bytes at a time (a zero byte of x^'<'... found as in
	// "Bit Twiddling Hacks"), for the first 32.
	for end := min(len(s)-8, i+32); i <= end; i += 8 {
		x := le64(s, i) ^ 0x3c3c3c3c3c3c3c3c
		if t := (x - 0x0101010101010101) &^ x & 0x8080808080808080; t != 0 {
			return i + bits.TrailingZeros64(t)/8
		}
	}
	if k := strings.IndexByte(s[i:], '<'); k >= 0 {
		return i + k
	}
	return -1
}

// indexQuoteLT is the offset of the first ' or < in s at or after i, or
// -1: indexLT's way, for a Data element's name.
func indexQuoteLT(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		x := le64(s, i)
		a, b := x^0x2727272727272727, x^0x3c3c3c3c3c3c3c3c
		if t := ((a-0x0101010101010101)&^a | (b-0x0101010101010101)&^b) & 0x8080808080808080; t != 0 {
			return i + bits.TrailingZeros64(t)/8
		}
	}
	for ; i < len(s); i++ {
		if s[i] == '\'' || s[i] == '<' {
			return i
		}
	}
	return -1
}

// le64 is the eight bytes of s at i, the first the lowest.
func le64(s string, i int) uint64 {
	b := s[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// reserve reserves the field of a block whose text is known at its end
// (fill), where parse adds it: before the block's own fields. It is -1
// when the field is not kept.
func (p *xmlParser) reserve(name string) int {
	if p.only != nil {
		if _, ok := p.only.name(name); !ok {
			return -1
		}
	}
	return p.b.reserve()
}

// fill gives a reserved field its value, as add would have; false when
// that cannot be done (a field of that name was added since).
func (p *xmlParser) fill(slot int, name, val string) bool {
	if slot < 0 {
		return true
	}
	if p.view {
		val = p.arena.copy(val)
	}
	return p.b.fill(slot, name, value.Str(val))
}

package ingest

import "strings"

// fusedData turns scanDataTo on (off in tests, to compare).
var fusedData = true

// dataPair is a Data element's name and text, held until its block is
// known to end.
type dataPair struct{ name, text string }

// eventDataOpen finds the next EventData start tag at or after from, as
// xmlBlock does, and returns the offset after it.
func eventDataOpen(raw string, from int) (open int, ok bool) {
	const name = "EventData"
	for from < len(raw) {
		i := strings.Index(raw[from:], name)
		if i < 0 {
			return 0, false
		}
		at := from + i
		from = at + len(name)
		if at == 0 || raw[at-1] != '<' || from >= len(raw) {
			continue
		}
		switch c := raw[from]; {
		case c == '>':
			return from + 1, true
		case isSpace(c):
			gt := strings.IndexByte(raw[from:], '>')
			if gt < 0 {
				return 0, false
			}
			if raw[from+gt-1] == '/' {
				continue // self-closing: no block
			}
			return from + gt + 1, true
		}
	}
	return 0, false
}

// scanDataTo is xmlBlock's search for </EventData> and scanData over the
// block in one pass, for a read that does not keep EventData_Xml: it
// reads the Data elements from open until the first </EventData> and
// returns the offset after it. Every '<' outside a quoted name or value
// is met on the way, so the first one that starts </EventData> is the
// block's end; when a quoted part holds a '<' (the end could hide in
// it) or no end comes, ok is false and nothing has been added.
func (p *xmlParser) scanDataTo(s string, open int) (next int, ok bool) {
	const end = "</EventData>"
	pairs := p.pairs[:0]
	defer func() { p.pairs = pairs[:0] }()
	for i := open; ; {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			return 0, false
		}
		at := i + lt
		if strings.HasPrefix(s[at:], end) {
			for _, d := range pairs {
				p.add(d.name, d.text)
			}
			return at + len(end), true
		}
		start, j := at+1, at+1
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		if j == start {
			i = start
			continue
		}
		dataName, k, selfClosed, found := quickNameAttr(s, j)
		if found && strings.IndexByte(dataName, '<') >= 0 {
			return 0, false
		}
		for quick := found; !quick; {
			name, val, next, done, sc := nextAttribute(s, k)
			if done {
				if next >= len(s) {
					return 0, false // an open quote or tag to the end
				}
				k, selfClosed = next, sc
				break
			}
			if strings.IndexByte(val, '<') >= 0 {
				return 0, false
			}
			if name == "Name" && !found {
				dataName, found = val, true
			}
			k = next
		}
		i = k
		if !found {
			continue
		}
		text := ""
		if !selfClosed {
			// The text runs to the next tag: at the latest the end.
			lt := strings.IndexByte(s[k:], '<')
			if lt < 0 {
				return 0, false
			}
			text, i = s[k:k+lt], k+lt
		}
		pairs = append(pairs, dataPair{dataName, text})
	}
}

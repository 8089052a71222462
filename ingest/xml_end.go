package ingest

import "bytes"

// scanXMLRecord finds the end of the record at the start of the window. It
// returns the record length, or a reason when the record is broken, in which
// case the broken bytes have been consumed.
func scanXMLRecord(w *window) (n int, reason string) {
	if n, reason, ok := scanXMLRecordHeld(w); ok {
		return n, reason
	}
	return scanXMLRecordSlow(w)
}

var eventWord = []byte("Event")

// ventWord is eventWord but its first letter: a search for it stops at
// half as many places in a Sysmon record as one for "Event" does (a
// 'v' against an 'E', which the records' hex hashes and GUIDs hold by
// the dozen), each a call of its own.
var ventWord = eventWord[1:]

// scanXMLRecordHeld is scanXMLRecord when the window holds the record's
// end tag or the next record's start tag: one pass over the words
// "Event", the end tag's and start tags' alike, rather than one for the
// end tag and another for a start tag before it. ok is false when the
// window does not settle it.
func scanXMLRecordHeld(w *window) (n int, reason string, ok bool) {
	d := w.data()
	for i := len(eventStartTag) + 1; ; {
		k := bytes.Index(d[i:], ventWord)
		if k < 0 {
			return 0, "", false
		}
		p := i + k - 1 // p-2 >= 4: the record's own tag is not met again
		if d[p] != 'E' {
			i = p + 2
			continue
		}
		if p+len(eventWord) >= len(d) {
			return 0, "", false
		}
		switch next := d[p+len(eventWord)]; {
		case d[p-1] == '/' && d[p-2] == '<' && next == '>':
			return p + len(eventWord) + 1, "", true
		case d[p-1] == '<' && isTagEnd(next):
			w.advance(p - 1)
			return 0, "truncated record: no </Event> before the next <Event", true
		}
		i = p + 2
	}
}

// scanXMLRecordSlow is scanXMLRecord reading more input as needed.
func scanXMLRecordSlow(w *window) (n int, reason string) {
	from := len(eventStartTag) // where to look for </Event>
	nsFrom := from             // where to look for the next <Event
	for {
		d := w.data()
		e := bytes.Index(d[from:], eventEndTag)
		limit := len(d)
		if e >= 0 {
			limit = from + e
		}
		if limit > nsFrom {
			if ns := indexEventStart(d[nsFrom:limit]); ns >= 0 {
				w.advance(nsFrom + ns)
				return 0, "truncated record: no </Event> before the next <Event"
			}
		}
		if e >= 0 {
			return from + e + len(eventEndTag), ""
		}
		if len(d) > maxRecord {
			skipJunk(w, indexEventStart, len(eventStartTag))
			return 0, "record longer than 64 MiB without </Event>"
		}
		from = max(len(eventStartTag), len(d)-len(eventEndTag)+1)
		nsFrom = max(len(eventStartTag), len(d)-len(eventStartTag))
		if !w.fill() {
			if w.err != nil {
				return 0, readFailed
			}
			w.advance(len(w.data()))
			return 0, "truncated record: no </Event> before the end of the input"
		}
	}
}

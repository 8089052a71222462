package ingest

// Classic WinEventLog text, as the Windows forwarder wrote events before
// renderXml: a timestamp line, then Key=Value header lines, then a
// Message= that runs to the end of the record over many lines:
//
//	07/01/2021 04:20:47 PM
//	LogName=Security
//	EventCode=4624
//	...
//	Message=An account was successfully logged on.
//
//	Subject:
//		Security ID:		S-1-0-0
//		Account Name:		-
//
// A record starts at each line holding only such a timestamp. Fields, as
// Splunk_TA_windows 8.4.0's [WinEventLog] REPORTs give them: every header
// Key=Value (wel-eq-kv; taken from the header only, never from the
// message text), Message (wel-message), and every "Key: value" line of
// the message (wel-col-kv), the key cleaned ("Account Name" gives
// Account_Name) and repeated keys (Subject and New Logon sections) joined
// in a multivalue, in order.
//
// Metadata: sourcetype WinEventLog, source WinEventLog:<LogName>, host the
// ComputerName, _time the first line read as UTC (the forwarder wrote its
// local time; the zone is not in the text).

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/spelunk-dev/spelunk/value"
)

// welFormat is classic WinEventLog text.
type welFormat struct{}

func (welFormat) about() formatAbout {
	return formatAbout{name: "wineventlog", doc: "classic Windows event log text"}
}

var winEventLogStart = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M\r?$`)
})

// detect: a timestamp line followed by LogName=.
func (welFormat) detect(head []byte, final bool) (sourcetypeSpec, verdict) {
	if head[0] < '0' || head[0] > '9' {
		return sourcetypeSpec{}, notThis
	}
	return byFirstLine(head, final, func(line, rest []byte) (sourcetypeSpec, bool) {
		next, _, _ := bytes.Cut(rest, newline)
		return knownSpec(sourcetypeWinEventLog), winEventLogStart().Match(line) && bytes.HasPrefix(next, []byte("LogName="))
	})
}

func (welFormat) cutter([]byte) func(prev, next []byte) bool { return nil }

func (welFormat) read(w *window, rn *run, _ sourcetypeSpec) error { return readWinEventLog(w, rn) }

func readWinEventLog(w *window, rn *run) error {
	var b fieldBuilder
	for {
		// Find the end of this record: the next timestamp line.
		d := w.data()
		if len(d) == 0 {
			if w.fill() {
				continue
			}
			return nil
		}
		end := -1
		for from := 0; ; {
			nl := bytes.IndexByte(d[from:], '\n')
			if nl < 0 {
				break
			}
			start := from + nl + 1
			lineEnd := bytes.IndexByte(d[start:], '\n')
			if lineEnd < 0 {
				break
			}
			if winEventLogStart().Match(d[start : start+lineEnd]) {
				end = start
				break
			}
			from = start
		}
		if end < 0 {
			if !w.eof && w.err == nil {
				if len(d) > maxRecord {
					n, _ := skipJunk(w, indexNewline, 0)
					rn.bad(w.line, junkReason(n, false, "a record shorter than 64 MiB"))
					continue
				}
				w.fill()
				continue
			}
			end = len(d)
		}
		line := w.line
		raw := strings.TrimRight(string(d[:end]), "\r\n\t ")
		w.advance(end)
		if strings.TrimSpace(raw) == "" {
			continue
		}
		first, _, _ := strings.Cut(raw, "\n")
		if !winEventLogStart().MatchString(first) {
			rn.bad(line, junkReason(len(raw), looksBinary([]byte(raw)), "a WinEventLog record (a timestamp line first)"))
			continue
		}
		b.reset()
		parseWinEventLog(raw, &b)
		fs := b.take()
		ev := &Event{Raw: raw, Sourcetype: sourcetypeWinEventLog, Index: rn.index, Fields: fs, File: rn.name, Line: line, Host: "unknown"}
		if t, err := time.Parse("01/02/2006 03:04:05 PM", strings.TrimRight(first, "\r")); err == nil {
			ev.Time, ev.DateZone = float64(t.Unix()), "local"
		}
		ev.Source = rn.name
		if ln := fs.Get("LogName").First().String(); ln != "" {
			ev.Source = "WinEventLog:" + ln
		} else if rn.opt.Source != "" {
			ev.Source = rn.opt.Source
		}
		if h := fs.Get("ComputerName").First().String(); h != "" {
			ev.Host = h
		}
		if rn.opt.Host != "" {
			ev.Host = rn.opt.Host
		}
		if err := rn.emit(ev); err != nil {
			return err
		}
	}
}

func parseWinEventLog(raw string, b *fieldBuilder) {
	lines := strings.Split(raw, "\n")
	for i := 1; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\r")
		k, v, ok := strings.Cut(l, "=")
		if !ok || k == "" || strings.ContainsAny(k, " \t") {
			continue
		}
		if k == "Message" {
			_, whole, _ := strings.Cut(lines[i], "=")
			msg := strings.TrimRight(strings.Join(append([]string{whole}, lines[i+1:]...), "\n"), "\r\n\t ")
			if msg != "" {
				b.add("Message", value.Str(msg))
			}
			for _, ml := range lines[i+1:] {
				colonKV(strings.TrimRight(ml, "\r"), b)
			}
			return
		}
		if v != "" {
			b.add(cleanKey(k), value.Str(v))
		}
	}
}

// colonKV extracts one "  Key:<tab or spaces>value" message line.
func colonKV(l string, b *fieldBuilder) {
	t := strings.TrimLeft(l, " \t")
	i := strings.IndexByte(t, ':')
	if i <= 0 || i+1 >= len(t) || (t[i+1] != ' ' && t[i+1] != '\t') {
		return
	}
	v := strings.TrimSpace(t[i+1:])
	if v == "" {
		return
	}
	b.add(cleanKey(strings.TrimSpace(t[:i])), value.Str(v))
}

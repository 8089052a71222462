package ingest

// Line-oriented text: one record per line, fields from key=value pairs as
// Splunk's automatic key/value extraction (KV_MODE=auto) finds them:
// key=value, key="quoted value" or key='quoted value'. A single-quoted
// value that itself holds pairs (auditd's msg='op=... exe="..." res=...')
// gives its inner pairs too, as Splunk_TA_nix's linux:audit fields show
// (security_content data_sources/linux_auditd_*.yml list op, exe, res next
// to msg). Empty values make no field (KEEP_EMPTY_VALS is false). Keys are
// kept as written, dots and dashes included (Enterprise Security's risk
// events name fields annotations.mitre_attack.mitre_tactic_id, which the
// Risk data model reads).
//
// Sourcetypes: linux:audit (_time from msg=audit(<epoch>:<serial>)),
// nginx:plus:kv (_time from time_local), and any sourcetype named with
// --sourcetype that has no reader of its own (_time from an ISO 8601
// timestamp at the start of the line, else 0).

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spelunk-dev/spelunk/value"
)

// kvFormat is one record per line with key=value pairs, and the reader
// of any line-oriented sourcetype spelunk has no format for.
type kvFormat struct{}

func (kvFormat) about() formatAbout {
	return formatAbout{name: "kv", doc: "lines of key=value pairs"}
}

var (
	auditStart = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^type=[A-Z_0-9]+ msg=audit\(\d+(?:\.\d+)?:\d+\):`) })
	kvPair     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][\w.-]*=`) })
)

// detect: linux:audit or nginx:plus:kv by the first line.
func (kvFormat) detect(head []byte, final bool) (sourcetypeSpec, verdict) {
	return byFirstLine(head, final, func(line, _ []byte) (sourcetypeSpec, bool) {
		switch {
		case auditStart().Match(line):
			return knownSpec("linux:audit"), true
		case kvPair().Match(line) && bytes.Contains(line, []byte(` time_local="`)) && bytes.Contains(line, []byte(` nginx_version="`)):
			return knownSpec("nginx:plus:kv"), true
		}
		return sourcetypeSpec{}, false
	})
}

func (kvFormat) cutter([]byte) func(prev, next []byte) bool { return nil }

func (kvFormat) read(w *window, rn *run, spec sourcetypeSpec) error {
	return readKV(w, rn, spec, false)
}

// readKV reads one record per line: key=value pairs, or PAN-OS's
// positional fields when pan is set.
func readKV(w *window, rn *run, spec sourcetypeSpec, pan bool) error {
	var b fieldBuilder
	for {
		d := w.data()
		nl := bytes.IndexByte(d, '\n')
		if nl < 0 && !w.eof && w.err == nil {
			if len(d) > maxRecord {
				n, _ := skipJunk(w, indexNewline, 0)
				rn.bad(w.line, junkReason(n, false, "a line shorter than 64 MiB"))
				continue
			}
			w.fill()
			continue
		}
		if nl < 0 {
			if len(d) == 0 {
				return nil
			}
			nl = len(d)
		}
		line := w.line
		text := strings.TrimRight(string(d[:nl]), "\r")
		w.advance(min(nl+1, len(d)))
		if strings.TrimSpace(text) == "" {
			continue
		}
		if looksBinary([]byte(text)) {
			rn.bad(line, junkReason(len(text), true, "a line of text"))
			continue
		}
		b.reset()
		if !pan {
			extractKV(text, &b, 0)
		}
		ev := &Event{
			Raw:        text,
			Sourcetype: spec.name,
			Source:     spec.source,
			Index:      rn.index,
			Fields:     b.take(),
			File:       rn.name,
			Line:       line,
			Host:       "unknown",
		}
		if ev.Sourcetype == "" {
			ev.Sourcetype = "unknown"
		}
		if ev.Source == "" {
			ev.Source = rn.name
		}
		if !pan || !panEvent(ev, &b) {
			ev.Time, ev.DateZone = kvTime(spec.name, text, ev.Fields)
		}
		if rn.opt.Source != "" {
			ev.Source = rn.opt.Source
		}
		if rn.opt.Host != "" {
			ev.Host = rn.opt.Host
		}
		if err := rn.emit(ev); err != nil {
			return err
		}
	}
}

// kvTime finds the _time of a key=value line, and its date_zone.
func kvTime(sourcetype, text string, fs value.Fields) (float64, string) {
	switch sourcetype {
	case "linux:audit":
		if i := strings.Index(text, "msg=audit("); i >= 0 {
			s := text[i+len("msg=audit("):]
			if j := strings.IndexByte(s, ':'); j > 0 {
				if t, ok := value.ParseNumber(s[:j]); ok {
					return t, "0"
				}
			}
		}
	case "nginx:plus:kv":
		if t, err := time.Parse("02/Jan/2006:15:04:05 -0700", fs.Get("time_local").First().String()); err == nil {
			_, off := t.Zone()
			return float64(t.Unix()), strconv.Itoa(off / 60)
		}
	}
	for _, n := range []int{35, 32, 29, 26, 25, 24, 23, 20, 19} {
		if len(text) >= n {
			if t, ok := parseISOTime(text[:n]); ok {
				return t, dateZone(text[:n])
			}
		}
	}
	// Splunk's own summary events (stash) start with the event time: an
	// epoch, or MM/DD/YYYY hh:mm:ss with a zone offset, then a comma.
	if head, _, ok := strings.Cut(text, ","); ok {
		head = strings.TrimSpace(head)
		if t, err := time.Parse("01/02/2006 15:04:05 -0700", head); err == nil {
			_, off := t.Zone()
			return float64(t.Unix()), strconv.Itoa(off / 60)
		}
		if len(head) >= 9 && strings.Trim(head, "0123456789.") == "" {
			if t, ok := value.ParseNumber(head); ok {
				return t, "0"
			}
		}
	}
	return 0, ""
}

func isKeyByte(c byte) bool { return isWordByte(c) || c == '.' || c == '-' }

func isKVKey(k string) bool {
	if k == "" || !(k[0] == '_' || (k[0]|0x20 >= 'a' && k[0]|0x20 <= 'z')) {
		return false
	}
	for i := 1; i < len(k); i++ {
		if !isKeyByte(k[i]) {
			return false
		}
	}
	return true
}

// tabDelimitedKV reports whether most tab-separated cells of s (at least
// two) are key=value.
func tabDelimitedKV(s string) bool {
	if strings.Count(s, "\t") == 0 {
		return false
	}
	cells := strings.Split(s, "\t")
	n := 0
	for _, c := range cells {
		if k, _, ok := strings.Cut(c, "="); ok && isKVKey(k) {
			n++
		}
	}
	return n >= 2 && 2*n >= len(cells)
}

// extractKV adds the key=value pairs of s to b. A line of tab-separated
// key=value cells (Zscaler NSS, many appliance feeds) is cut at the tabs
// only, so values may hold blanks, as the add-ons' DELIMS = "\t", "="
// extractions read them.
func extractKV(s string, b *fieldBuilder, depth int) {
	if depth == 0 && tabDelimitedKV(s) {
		for _, cell := range strings.Split(s, "\t") {
			k, v, ok := strings.Cut(cell, "=")
			if ok && isKVKey(k) && v != "" {
				b.add(k, value.Str(v))
			}
		}
		return
	}
	for i := 0; i < len(s); {
		c := s[i]
		if !(c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z')) || (i > 0 && (isKeyByte(s[i-1]) || s[i-1] == '=')) {
			i++
			continue
		}
		j := i
		for j < len(s) && isKeyByte(s[j]) {
			j++
		}
		if j >= len(s) || s[j] != '=' {
			i = j
			continue
		}
		key := s[i:j]
		k := j + 1
		var val string
		if k < len(s) && (s[k] == '"' || s[k] == '\'') {
			q := s[k]
			end := strings.IndexByte(s[k+1:], q)
			if end < 0 {
				i = k + 1
				continue
			}
			val = s[k+1 : k+1+end]
			i = k + 2 + end
			if q == '\'' && depth == 0 && strings.IndexByte(val, '=') > 0 {
				b.add(key, value.Str(val))
				extractKV(val, b, depth+1)
				continue
			}
		} else {
			e := k
			for e < len(s) && !isSpace(s[e]) && s[e] != '"' && s[e] != '\'' && s[e] != 0x1d && s[e] != ',' {
				e++
			}
			val = s[k:e]
			i = e
		}
		if val != "" {
			b.add(key, value.Str(val))
		}
	}
}

package engine

import (
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/timefmt"
	"github.com/spelunk-dev/spelunk/value"
)

// collect adds the results to a summary index. Offline, the index is a
// file in the one folder --collect-dir allows (Folders.Collect): one
// line of HEC JSON per event ({"time", "host", "source", "sourcetype",
// "index", "event", "fields"}), the form Splunk's HTTP Event Collector
// takes, which spelunk reads back as events of the index named (the
// runner adds the folder's *.stash files to the data). Results pass on
// unchanged.
//
// Each event's _raw is built as the page says Splunk builds it:
//   - a result with _raw keeps it, with marker= appended after ", ";
//   - a result without _raw (stats, table output) becomes its fields as
//     key=value pairs separated by ", ": first, with addtime=true (the
//     default), its time as timeformat= prints it (default
//     "%m/%d/%Y %H:%M:%S %z"); then, with addinfo=true (the default),
//     info_min_time, info_max_time and info_search_time as addinfo gives
//     them; then the result's fields in order, internal ones (a leading
//     "_") left out and host, source, sourcetype and index renamed
//     orig_<name> (so that the summary event's own default fields do not
//     hide them); then marker=. A number is written bare, other values in
//     double quotes with \ and " escaped, and each value of a multivalue
//     field as its own pair [UNCONFIRMED: the page does not say how
//     values are quoted; spelunk quotes every non-number].
//
// The event's _time is the result's info_min_time, else its _time, else
// the search's now (the page's order for addtime). sourcetype defaults to
// stash, source to the file name, host to "spelunk" [offline choice: no
// search head]. "fields" holds the key=value pairs of _raw, which Splunk
// extracts at search time from stash events (automatic key=value
// extraction). file= names the file ($random$ and $timestamp$ replaced;
// default $random$_events.stash); it may not leave the folder.
// No results write no file. testmode=true writes nothing and gives each result the _raw it would
// have had. spool=false and output_format=hec are errors: spelunk writes
// only the spooled, raw form. uselb and run_in_preview mean nothing
// offline.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/collect
func init() {
	registerStream("collect", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.CollectCommand)
		if c.HEC {
			return nil, errAt(c, "collect: output_format=hec is not supported: spelunk writes summary events in the raw form")
		}
		if !c.Spool {
			return nil, errAt(c, "collect: spool=false is not supported: spelunk writes collected events only where they are read back (--collect-dir)")
		}
		s := &collectStage{rc: rc, cmd: c, next: next}
		if c.TestMode {
			return s, nil
		}
		if rc.folders.Collect == "" {
			return nil, errAt(c, "collect: no folder to write the summary index %q in; give --collect-dir DIR (the only folder collect may write in, read back as indexes by later searches)", c.Index)
		}
		name := collectFileName(c.File, rc.now)
		p, err := confinedPath(rc.folders.Collect, name, false)
		if err != nil {
			return nil, errAt(c, "collect: file=%s: %v", c.File, err)
		}
		s.path, s.name = p, name
		return s, nil
	})
}

// collectFileName is file= with $timestamp$ and $random$ replaced, or
// the default $random$_events.stash.
func collectFileName(file string, now float64) string {
	if file == "" {
		file = "$random$_events.stash"
	}
	file = strings.ReplaceAll(file, "$timestamp$", strconv.FormatInt(int64(now), 10))
	for strings.Contains(file, "$random$") {
		file = strings.Replace(file, "$random$", strconv.FormatUint(rand.Uint64N(1<<40), 10), 1)
	}
	return file
}

type collectStage struct {
	rc         *runCtx
	cmd        *spl.CollectCommand
	next       stage
	path, name string
	lines      [][]byte
}

func (s *collectStage) push(rows []value.Fields) error {
	for i := range rows {
		raw, t, fields := s.event(rows[i])
		if s.cmd.TestMode {
			rows[i].Set("_raw", value.Str(raw))
			continue
		}
		line, err := json.Marshal(hecEvent{Time: t, Host: s.host(), Source: s.source(), Sourcetype: s.sourcetype(),
			Index: s.cmd.Index, Event: raw, Fields: fields})
		if err != nil {
			return errAt(s.cmd, "collect: %v", err)
		}
		s.lines = append(s.lines, line)
	}
	return s.next.push(rows)
}

func (s *collectStage) finish() error {
	if s.cmd.TestMode || len(s.lines) == 0 {
		return s.next.finish() // no results: no file
	}
	if err := s.write(); err != nil {
		return errAt(s.cmd, "collect: %v", err)
	}
	return s.next.finish()
}

// write adds the events to the file (a new file unless file= names one
// that exists), through a temporary file renamed over it.
func (s *collectStage) write() error {
	var old []byte
	if b, err := os.ReadFile(s.path); err == nil {
		old = b
	}
	return replaceFile(s.path, ".collect-*", func(w io.Writer) error {
		if _, err := w.Write(old); err != nil {
			return err
		}
		for _, l := range s.lines {
			if _, err := w.Write(append(l, '\n')); err != nil {
				return err
			}
		}
		return nil
	})
}

// hecEvent is one line of the file, as HEC takes an event.
type hecEvent struct {
	Time       float64        `json:"time"`
	Host       string         `json:"host"`
	Source     string         `json:"source"`
	Sourcetype string         `json:"sourcetype"`
	Index      string         `json:"index"`
	Event      string         `json:"event"`
	Fields     map[string]any `json:"fields,omitempty"`
}

func (s *collectStage) host() string       { return orDefault(s.cmd.Host, "spelunk") }
func (s *collectStage) source() string     { return orDefault(s.cmd.Source, s.name) }
func (s *collectStage) sourcetype() string { return orDefault(s.cmd.Sourcetype, "stash") }

// orDefault is a unless it is empty, else b.
func orDefault(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// event builds a result's summary event: its _raw, its time, and the
// fields a search finds in it.
func (s *collectStage) event(r value.Fields) (string, float64, map[string]any) {
	t := s.rc.now
	for _, f := range []string{"info_min_time", "_time"} {
		if n, ok := r.Get(f).Number(); ok {
			t = n
			break
		}
	}
	var pairs []string
	if raw, ok := r.Lookup("_raw"); ok && !raw.IsNull() {
		text := strings.Join(raw.Strings(), "\n")
		if s.cmd.Marker != "" {
			text += ", " + s.cmd.Marker
		}
		return text, t, autoKV(text)
	}
	if s.cmd.AddTime {
		format := orDefault(s.cmd.TimeFormat, "%m/%d/%Y %H:%M:%S %z")
		pairs = append(pairs, timefmt.Strftime(t, format, s.rc.tz))
	}
	skip := map[string]bool{}
	if s.cmd.AddInfo {
		lo, hi := value.Str("0.000"), value.Str("+Infinity")
		if s.rc.earliest != nil {
			lo = infoTime(*s.rc.earliest)
		}
		if s.rc.latest != nil {
			hi = infoTime(*s.rc.latest)
		}
		for _, kv := range []struct {
			k string
			v value.Value
		}{{"info_min_time", lo}, {"info_max_time", hi}, {"info_search_time", infoTime(s.rc.now)}} {
			pairs = append(pairs, kv.k+"="+kv.v.String())
			skip[kv.k] = true
		}
	}
	for _, f := range r {
		if strings.HasPrefix(f.Name, "_") || skip[f.Name] || f.Value.IsNull() {
			continue
		}
		name := f.Name
		switch name {
		case "host", "source", "sourcetype", "index":
			name = "orig_" + name
		}
		for _, v := range f.Value.Values() {
			pairs = append(pairs, name+"="+kvValue(v))
		}
	}
	if s.cmd.Marker != "" {
		pairs = append(pairs, s.cmd.Marker)
	}
	text := strings.Join(pairs, ", ")
	return text, t, autoKV(text)
}

// kvValue writes a value of a key=value pair: a number bare, other text
// quoted.
func kvValue(v value.Value) string {
	if v.Kind() == value.KindNumber {
		return v.String()
	}
	if _, ok := value.ParseNumber(v.String()); ok && v.String() != "" && strings.TrimSpace(v.String()) == v.String() {
		return v.String()
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(v.String()) + `"`
}

var kvPair = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_.:-]*)=(?:"((?:[^"\\]|\\.)*)"|([^\s,;"]*))`)
})

// autoKV extracts key=value pairs as Splunk's automatic key=value
// extraction reads them: a quoted value unescaped, else up to a space,
// comma or semicolon. A key given more than once is multivalued.
func autoKV(text string) map[string]any {
	vals := map[string][]string{}
	for _, m := range kvPair().FindAllStringSubmatchIndex(text, -1) {
		if m[0] > 0 && isKVNameByte(text[m[0]-1]) {
			continue // inside a longer word
		}
		k := text[m[2]:m[3]]
		var v string
		if m[4] >= 0 {
			v = unescapeKV(text[m[4]:m[5]])
		} else {
			v = text[m[6]:m[7]]
		}
		if v == "" {
			continue
		}
		vals[k] = append(vals[k], v)
	}
	if len(vals) == 0 {
		return nil
	}
	out := make(map[string]any, len(vals))
	for k, v := range vals {
		if len(v) == 1 {
			out[k] = v[0]
		} else {
			out[k] = v
		}
	}
	return out
}

func isKVNameByte(c byte) bool {
	return c == '_' || c == '.' || c == '-' || c == ':' || (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

func unescapeKV(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

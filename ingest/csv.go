package ingest

// Splunk CSV exports (Export results, or `outputcsv`): a header row naming
// the columns, then one event per row. `_raw` is the event text, `_time`
// its time (epoch seconds or an ISO 8601 timestamp), `host`, `source`,
// `sourcetype`, `index` its default fields; other columns are the fields
// Splunk had extracted, a cell with several lines being a multivalue (as
// Splunk writes them). When the row's sourcetype has a reader here, _raw
// is read again with it so that the event has the same fields as if the
// raw log had been read; the exported columns then add what the reader
// does not give. Columns that search-time knowledge recomputes (eventtype,
// tag, tag::*) and Splunk's internal ones (_*, date_*, punct,
// splunk_server, timestartpos, timeendpos, linecount) are dropped.

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/spelunk-dev/spelunk/value"
)

// csvFormat is Splunk's CSV exports.
type csvFormat struct{}

func (csvFormat) about() formatAbout {
	return formatAbout{name: "csv", doc: "Splunk CSV export"}
}

// detect: a header row naming _raw or _time.
func (csvFormat) detect(head []byte, final bool) (sourcetypeSpec, verdict) {
	return byFirstLine(head, final, func(line, _ []byte) (sourcetypeSpec, bool) {
		return knownSpec(sourcetypeCSV), isCSVHeader(line)
	})
}

func (csvFormat) cutter([]byte) func(prev, next []byte) bool { return nil }

func (csvFormat) read(w *window, rn *run, _ sourcetypeSpec) error { return readCSV(w, rn) }

// isCSVHeader reports whether a first line is the header of a Splunk
// export: comma-separated column names, one of them _raw or _time.
func isCSVHeader(line []byte) bool {
	if bytes.IndexByte(line, ',') < 0 {
		return false
	}
	r := csv.NewReader(bytes.NewReader(line))
	cols, err := r.Read()
	if err != nil {
		return false
	}
	for _, c := range cols {
		if c == "_raw" || c == "_time" {
			return true
		}
	}
	return false
}

// windowReader reads the rest of a window.
type windowReader struct{ w *window }

func (r windowReader) Read(p []byte) (int, error) {
	for len(r.w.data()) == 0 {
		if !r.w.fill() {
			if r.w.err != nil {
				return 0, r.w.err
			}
			return 0, io.EOF
		}
	}
	n := copy(p, r.w.data())
	r.w.advance(n)
	return n, nil
}

var csvDropped = map[string]bool{
	"eventtype": true, "tag": true, "punct": true, "splunk_server": true, "timestartpos": true,
	"timeendpos": true, "linecount": true, "host": true, "source": true, "sourcetype": true, "index": true,
}

func readCSV(w *window, rn *run) error {
	return readCSVRows(w, rn, "CSV", func(header []string) func(rec []string, line int) error {
		col := map[string]int{}
		for i, h := range header {
			col[h] = i
		}
		get := func(rec []string, name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return rec[i]
			}
			return ""
		}
		return func(rec []string, line int) error {
			ev := &Event{
				Raw:        get(rec, "_raw"),
				Host:       get(rec, "host"),
				Source:     get(rec, "source"),
				Sourcetype: get(rec, "sourcetype"),
				Index:      get(rec, "index"),
				File:       rn.name,
				Line:       line,
			}
			if t, ok := parseJSONTime(get(rec, "_time")); ok {
				ev.Time = t
			} else if t, ok := parseSplunkTime(get(rec, "_time")); ok {
				ev.Time = t
			}
			if ev.Sourcetype == "" {
				ev.Sourcetype = sourcetypeCSV
			}
			var b fieldBuilder
			b.reset()
			if ev.Raw != "" {
				if f := lookupSourcetype(ev.Sourcetype).format; f != nil && f != (csvFormat{}) && !f.about().binary {
					_, _ = Read(strings.NewReader(ev.Raw), rn.name, Options{Sourcetype: ev.Sourcetype}, func(inner *Event) error {
						for _, f := range inner.Fields {
							b.add(f.Name, f.Value)
						}
						return errStop
					})
				}
			}
			for i, h := range header {
				if i >= len(rec) || rec[i] == "" || strings.HasPrefix(h, "_") || strings.HasPrefix(h, "date_") ||
					strings.HasPrefix(h, "tag::") || csvDropped[h] || b.fs.Index(h) >= 0 {
					continue
				}
				vals := strings.Split(rec[i], "\n")
				if len(vals) == 1 {
					b.add(h, value.Str(vals[0]))
				} else {
					b.add(h, value.Strs(vals...))
				}
			}
			ev.Fields = b.take()
			if ev.Host == "" {
				ev.Host = "unknown"
			}
			if ev.Source == "" {
				ev.Source = rn.name
			}
			if ev.Index == "" {
				ev.Index = rn.index
			}
			return rn.emitOverridden(ev)
		}
	})
}

// readCSVRows reads w as CSV with a header row. A bad header ends the
// file and a bad row is skipped, each reported as a bad what; start gets
// the header and returns what handles each row with its line number.
func readCSVRows(w *window, rn *run, what string, start func(header []string) func(rec []string, line int) error) error {
	r := csv.NewReader(windowReader{w})
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	header, err := r.Read()
	if err != nil {
		if err != io.EOF {
			rn.bad(1, "bad "+what+" header: "+err.Error())
		}
		return nil
	}
	row := start(header)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				rn.bad(pe.StartLine, "bad "+what+" row: "+pe.Err.Error())
				continue
			}
			return nil // a read error: reported by Read from w.err
		}
		line, _ := r.FieldPos(0)
		if err := row(rec, line); err != nil {
			return err
		}
	}
}

// emitOverridden emits ev after the source, host and index the options
// set, which win over what the file's columns say.
func (rn *run) emitOverridden(ev *Event) error {
	if rn.opt.Source != "" {
		ev.Source = rn.opt.Source
	}
	if rn.opt.Host != "" {
		ev.Host = rn.opt.Host
	}
	if rn.opt.Index != "" {
		ev.Index = rn.opt.Index
	}
	return rn.emit(ev)
}

var errStop = errors.New("stop")

// parseSplunkTime reads the "2024-01-02 03:04:05.000 UTC" form some exports
// use.
func parseSplunkTime(s string) (float64, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), " UTC")
	return parseISOTime(s)
}

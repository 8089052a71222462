package ingest

import (
	"bytes"
	"io"
	"strings"
)

// format is one log format spelunk reads: how input in it is recognised,
// where a large file of it may be cut for parallel reading, and how its
// records become events. Each format lives in its reader file; the
// sourcetypes table (sourcetypes.go) names the format of each sourcetype,
// and the formats, in the order the table first names them, are the
// registry: detection asks them in that order. CONTRIBUTING.md says how to
// add one.
type format interface {
	// about describes the format for the reading around it and the docs.
	about() formatAbout
	// detect tells whether input starting with head (its first non-blank
	// bytes, at least 16 of them unless the input is shorter; the raw
	// bytes for a binary format) is in this format, and which sourcetype
	// it is when the content tells (the zero spec when each record
	// chooses its own). final reports that head is all the input there
	// will be; until then a format may ask for more.
	detect(head []byte, final bool) (sourcetypeSpec, verdict)
	// cutter returns where a large plain file starting with head may be
	// cut into chunks read concurrently: before the line next when the
	// line prev ends a record, so that each side reads as it would in the
	// whole file (chunks.go). nil means the file is read as one chunk.
	cutter(head []byte) func(prev, next []byte) bool
	// read reads the records of w into events for rn; spec is the
	// sourcetype named or detected (possibly the zero spec).
	read(w *window, rn *run, spec sourcetypeSpec) error
}

// formatAbout is what a format says of itself.
type formatAbout struct {
	// name is short and unique; the format's example input, which
	// TestFormatExamples reads, is testdata/formats/<name>.*.
	name string
	// doc is the format column of docs/DATASOURCES.md.
	doc string
	// binary formats are detected from the raw bytes, before UTF-16
	// decoding and blank skipping, and are not read from a CSV row's _raw.
	binary bool
	// structured formats' records carry their own structure (XML tags,
	// JSON objects): input named with a sourcetype of another format, or
	// none spelunk reads, is still read by them under that name. Other
	// formats then give way to key=value lines (kv.go).
	structured bool
	// need is what Options.Need may judge a record by.
	need needText
}

// needText is what the Need prefilter may judge a record of a format by.
type needText int8

const (
	// needNone: every record is read; Options.Need is not used.
	needNone needText = iota
	// needXML: the fields are text of the record, XML escapes decoded
	// (need.mayHold with json false).
	needXML
	// needJSON: the fields are text of the record, JSON escapes decoded
	// (need.mayHold with json true).
	needJSON
)

// verdict is a format's answer to detect.
type verdict int8

const (
	notThis  verdict = iota // not in this format
	isThis                  // in this format
	needMore                // cannot tell yet: head is too short
)

// formats are the formats of the sourcetypes table, in the order it
// first names them.
var formats = func() []format {
	var out []format
	seen := map[string]bool{}
	for _, s := range sourcetypes {
		if n := s.format.about().name; !seen[n] {
			seen[n] = true
			out = append(out, s.format)
		}
	}
	return out
}()

// ownsSourcetype reports whether the sourcetypes table gives name (any
// case) to format f.
func ownsSourcetype(f format, name string) bool {
	for _, s := range sourcetypes {
		if s.format == f && strings.EqualFold(s.name, name) {
			return true
		}
	}
	return false
}

// open prepares r for reading: it chooses the format and sourcetype (the
// named one, else by the content) and decodes UTF-16 that starts with a
// byte order mark, when a look for a binary format has read the start (a
// named format is read as it comes). A nil format with a nil error means
// empty input.
func open(r io.Reader, name string, forced sourcetypeSpec) (*window, format, sourcetypeSpec, error) {
	w := newWindow(r)
	f, spec := forced.format, forced
	if f == nil {
		if bf, found, ok := detectBinary(w); ok {
			return w, bf, found, nil
		}
	}
	if f != nil && f.about().binary {
		return w, f, spec, nil
	}
	if d := w.data(); len(d) >= 2 && (d[0] == 0xff && d[1] == 0xfe || d[0] == 0xfe && d[1] == 0xff) {
		// UTF-16 with a byte order mark: decode what the window holds
		// and the rest of the input.
		rest := io.MultiReader(bytes.NewReader(append([]byte(nil), d[2:]...)), r)
		w = newWindow(newUTF16Reader(rest, d[0] == 0xfe))
	}
	w.skipBOM()
	if f != nil {
		return w, f, spec, nil
	}
	found, ok := detect(w)
	if !ok {
		if w.err != nil {
			return w, nil, spec, readError(name, w)
		}
		for len(w.data()) < 32 && w.fill() {
		}
		d := w.data()
		if len(d) == 0 {
			return w, nil, spec, nil // empty input holds no records
		}
		if forced.name == "" {
			return w, nil, spec, &formatError{file: name, first: d[:min(len(d), 32)]}
		}
		// A sourcetype spelunk has no reader for: one event per line
		// with Splunk's automatic key=value extraction.
		found = sourcetypeSpec{format: kvFormat{}}
	}
	spec = named(forced, found)
	return w, spec.format, spec, nil
}

// named is the spec of input detected as found when the user named the
// sourcetype forced, which has no format of its own (a name spelunk does
// not know, or WinEventLog, whose inputs give classic text or XML).
func named(forced, found sourcetypeSpec) sourcetypeSpec {
	spec := found
	if forced.name == "" {
		return spec
	}
	if !found.format.about().structured && !ownsSourcetype(found.format, forced.name) {
		// A named sourcetype's text is its own: lines of key=value,
		// whatever its first line looks like.
		spec.format = kvFormat{}
	}
	// A WinEventLog input with renderXml gives XML, which the Windows
	// add-on turns into XmlWinEventLog; any other name is kept, the
	// input read as its content says.
	if _, isXML := found.format.(xmlFormat); !(isXML && strings.EqualFold(forced.name, sourcetypeWinEventLog)) {
		spec.name, spec.source, spec.timeKeys, spec.detect = forced.name, forced.source, forced.timeKeys, nil
	}
	return spec
}

// detectBinary asks the binary formats about the raw start of the input.
func detectBinary(w *window) (format, sourcetypeSpec, bool) {
	for _, f := range formats {
		if !f.about().binary {
			continue
		}
		for {
			final := w.eof || w.err != nil
			spec, v := f.detect(w.data(), final)
			if v == isThis {
				spec.format = f
				return f, spec, true
			}
			if v == notThis || final {
				break
			}
			w.fill()
		}
	}
	return nil, sourcetypeSpec{}, false
}

// detect asks the text formats about the first non-blank bytes; it
// consumes only the blanks.
func detect(w *window) (sourcetypeSpec, bool) {
	for {
		w.advance(skipSpace(w.data()))
		d := w.data()
		final := w.eof || w.err != nil
		// 16 bytes cover every XML/JSON prefix the formats test, so the
		// choice does not depend on how much the first read returned.
		if len(d) >= 16 || final {
			if len(d) == 0 {
				return sourcetypeSpec{}, false
			}
			more := false
			for _, f := range formats {
				if f.about().binary {
					continue
				}
				spec, v := f.detect(d, final)
				if v == isThis {
					spec.format = f
					return spec, true
				}
				if v == needMore && !final {
					more = true
					break
				}
			}
			if !more {
				return sourcetypeSpec{}, false
			}
		}
		if !w.fill() && len(w.data()) == 0 {
			return sourcetypeSpec{}, false
		}
	}
}

// byFirstLine answers detect for a text format told by its first line
// (and what follows it): judge is asked once head holds the two lines text
// formats are told by, 64 KiB, or all the input.
func byFirstLine(head []byte, final bool, judge func(line, rest []byte) (sourcetypeSpec, bool)) (sourcetypeSpec, verdict) {
	if bytes.Count(head, newline) < 2 && len(head) < 1<<16 && !final {
		return sourcetypeSpec{}, needMore
	}
	line, rest, _ := bytes.Cut(head, newline)
	if spec, ok := judge(bytes.TrimSuffix(line, []byte{'\r'}), rest); ok {
		return spec, isThis
	}
	return sourcetypeSpec{}, notThis
}

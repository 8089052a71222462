// Package ingest reads raw log files into events the way Splunk would index
// them: one Event per record, with _time, host, source, sourcetype, index and
// the fields the sourcetype's search-time extractions yield.
//
// Formats (one file each, behind the format interface of formats.go;
// sourcetypes.go lists the sourcetypes, each with its format, and how
// each is detected):
//   - xml.go: XmlWinEventLog, the rendered XML of Windows events as the
//     Windows add-on (Splunk_TA_windows 8.4.0) extracts it, and Sysmon for
//     Linux (sysmon:linux);
//   - evtx.go: Windows EVTX files, rendered to the same XML;
//   - json.go: JSON objects, one per line (or pretty-printed, or a top-level
//     array), with Splunk's automatic JSON extraction, the sourcetype told
//     from the fields (CloudTrail, O365, Azure AD, Okta, Suricata, ...);
//   - wineventlog.go: classic multi-line WinEventLog text;
//   - kv.go: one record per line with key=value pairs (linux:audit,
//     nginx:plus:kv, and any other sourcetype named with --sourcetype);
//   - pan.go: PAN-OS firewall logs, comma-separated lines;
//   - csv.go: Splunk's CSV exports (_raw, _time and field columns).
//
// Bad input never stops a read: a broken record is skipped, counted in
// Stats.Bad and described in Stats.Problems, and the records after it are
// still read. A file whose format cannot be detected, or whose gzip data is
// corrupt, is a problem of the same kind: the records before the damage
// are kept, the file is counted as one bad record, and the other files are
// still read. A record holding invalid UTF-8 is kept byte for byte and
// counted in Stats.InvalidUTF8. Only I/O errors (unreadable paths, failed
// reads) and errors returned by the callback end a read early.
package ingest

import (
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/spelunk-dev/spelunk/value"
)

// Event is one indexed record.
type Event struct {
	Time float64 // epoch seconds; sub-seconds kept
	// DateZone is how Splunk's date_zone names the zone of the timestamp
	// as written in the event: its offset from UTC in minutes ("0" for Z
	// and epoch times, "-300"), "local" when the text names no zone (then
	// it was read as UTC), or "" when _time was not found in the event
	// (no date_* fields then).
	DateZone   string
	Raw        string // _raw, exactly the record's text
	Host       string
	Source     string
	Sourcetype string
	Index      string
	// Fields holds the fields the format yields at search time, in order of
	// appearance in the record. Values are substrings of Raw where possible,
	// so keeping a field keeps Raw alive.
	Fields value.Fields
	File   string // file the record came from ("-" for stdin)
	Line   int    // 1-based line where the record starts
}

// Options adjusts how records are read.
type Options struct {
	// Sourcetype names the sourcetype instead of detecting it. Known
	// names (sourcetypes.go, case-insensitive) choose their reader; any
	// other name is kept and the content decides the reader (XML, JSON,
	// or one event per line with key=value extraction).
	Sourcetype string
	// Source overrides the source. XmlWinEventLog records with a <Channel>
	// keep XmlWinEventLog:<Channel>, because the add-on rewrites source at
	// index time whatever the input said.
	Source string
	Host   string // overrides host
	Index  string // default "main"
	// ReuseFields lets the XML and JSON readers make each event's Fields
	// in the slice of the previous event's, for a callback that is done
	// with an event's Fields when it returns (it may keep the values).
	ReuseFields bool
	// Need lets the XML and JSON readers pass over a record whose fields
	// cannot hold every one of these pieces (lower-case ASCII, compared
	// ignoring case) without parsing it, for a caller that has shown that
	// such a record cannot give a result (datamodel's streamed tstats).
	// Such records are counted in Stats.Unparsed, not in Events, and not
	// checked for damage.
	Need []string
	// Fields lets the XML reader leave out of an event's Fields every
	// field not named here (by its name after CLEAN_KEYS), for a caller
	// that reads no other; nil keeps every field. What the reader takes
	// for the event itself (source, host, _time) is read either way.
	Fields []string
	// RawView lets the XML reader, in a read with Fields that does not
	// name _raw, leave an event's Raw a view of its input instead of a
	// copy: valid only until the callback returns, for a caller that
	// reads it at most while the callback runs (to count its bytes) and
	// keeps no part of it, nor the *Event, which the next event may
	// reuse. The fields' names and values are then copies of their own
	// (a few hundred bytes of a record's thousands).
	RawView bool
	// Retain lets the XML reader leave the records of a file it reads
	// in place (a mapped chunk of a large plain file) views of the
	// mapping, Raw and the values taken from it, instead of copies, for
	// a caller that keeps events after its callback returns (the
	// index's writer stages them). The mappings stay until
	// Retain.Release; nothing may read an event's text after it.
	Retain *Retained

	// mappedViews says this read's input is a mapping kept by Retain.
	mappedViews bool
}

// Problem describes one skipped record (or skipped file).
type Problem struct {
	File   string
	Line   int
	Reason string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Reason)
}

// Stats summarises a read.
type Stats struct {
	Events       int       // good records delivered
	Bad          int       // records skipped (a skipped or cut-off file counts as one)
	Problems     []Problem // the first maxProblems problems
	BySourcetype map[string]int
	Files        int // files (and standard input) read
	// InvalidUTF8 counts delivered records whose text is not valid UTF-8;
	// they are kept as they are (Notes names the first few).
	InvalidUTF8 int
	Notes       []Problem
	// Unparsed counts the records passed over unparsed (Options.Need); a
	// line of one-line XML records passed over at once counts once.
	Unparsed int
}

const maxProblems = 20

// maxRecord bounds one record. Real records stay far below it (the largest
// PowerShell script blocks are a few MB); it only stops a missing end tag or
// brace from swallowing a whole file into memory.
const maxRecord = 64 << 20

func (s *Stats) merge(o Stats) {
	s.Events += o.Events
	s.Bad += o.Bad
	s.Files += o.Files
	s.InvalidUTF8 += o.InvalidUTF8
	s.Unparsed += o.Unparsed
	for _, p := range o.Problems {
		if len(s.Problems) >= maxProblems {
			break
		}
		s.Problems = append(s.Problems, p)
	}
	for _, p := range o.Notes {
		if len(s.Notes) >= maxProblems {
			break
		}
		s.Notes = append(s.Notes, p)
	}
	if s.BySourcetype == nil {
		s.BySourcetype = map[string]int{}
	}
	for k, v := range o.BySourcetype {
		s.BySourcetype[k] += v
	}
}

func (s *Stats) problem(file string, line int, reason string) {
	s.Bad++
	if len(s.Problems) < maxProblems {
		s.Problems = append(s.Problems, Problem{File: file, Line: line, Reason: reason})
	}
}

// ReadPaths reads every path in turn and calls fn for each good record.
// A path is a file, a directory (all regular files below it, sorted, hidden
// files and directories skipped), a glob pattern, or "-" for stdin. Files
// ending in .gz are gunzipped. An unreadable path or a read error stops the
// read with an error naming the file; an error from fn stops it and is
// returned as is. A file whose format cannot be detected, or whose gzip
// data is corrupt or cut short, is a problem instead (at the line where
// reading broke off, the records before it kept), so one damaged file does
// not hide the others.
func ReadPaths(paths []string, opt Options, fn func(*Event) error) (Stats, error) {
	total := Stats{BySourcetype: map[string]int{}}
	for _, p := range paths {
		if p == "-" {
			st, err := Read(os.Stdin, "-", opt, fn)
			st.Files++
			total.merge(st)
			if err := total.dataProblem("-", err); err != nil {
				return total, err
			}
			continue
		}
		files, _, err := expandPath(p)
		if err != nil {
			return total, err
		}
		for _, f := range files {
			st, err := readFile(f, opt, fn)
			st.Files++
			total.merge(st)
			if err := total.dataProblem(f, err); err != nil {
				return total, err
			}
		}
	}
	return total, nil
}

// dataProblem records a read error that is about the data (undetectable
// format, damaged gzip) as a problem of file and returns nil; any other
// error is returned as it is.
func (s *Stats) dataProblem(file string, err error) error {
	var fe *formatError
	var ce *corruptError
	switch {
	case errors.As(err, &fe):
		s.problem(file, 1, fe.Error()+"; file skipped")
	case errors.As(err, &ce):
		s.problem(file, ce.line, ce.reason())
	default:
		return err
	}
	return nil
}

// expandPath turns one path argument into files. listed reports whether the
// files were found by walking a directory or matching a glob rather than
// named directly.
func expandPath(p string) (files []string, listed bool, err error) {
	info, statErr := os.Stat(p)
	if statErr != nil {
		if !strings.ContainsAny(p, "*?[") {
			return nil, false, cannotRead(p, statErr)
		}
		matches, gerr := filepath.Glob(p)
		if gerr != nil {
			return nil, false, fmt.Errorf("bad glob %s: %w", p, gerr)
		}
		if len(matches) == 0 {
			return nil, false, fmt.Errorf("no files match %s", p)
		}
		sort.Strings(matches)
		for _, m := range matches {
			sub, _, err := expandPath(m)
			if err != nil {
				return nil, false, err
			}
			files = append(files, sub...)
		}
		return files, true, nil
	}
	if !info.IsDir() {
		return []string{p}, false, nil
	}
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return cannotRead(path, err)
		}
		if path != p && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			files = append(files, path)
		} else if d.Type()&fs.ModeSymlink != 0 {
			if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
				files = append(files, path)
			}
		}
		return nil
	})
	return files, true, err
}

// cannotRead names the path once: os errors repeat it otherwise.
func cannotRead(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("cannot read %s: %w", path, err)
}

func readFile(path string, opt Options, fn func(*Event) error) (Stats, error) {
	f, err := os.Open(path)
	if err != nil {
		return Stats{}, cannotRead(path, err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err == io.EOF {
			return Stats{}, nil // an empty file holds no records, gzipped or not
		}
		if err != nil {
			if gzipDamage(err) {
				return Stats{}, &corruptError{file: path, line: 1, err: err, header: true}
			}
			return Stats{}, fmt.Errorf("%s: %w", path, err)
		}
		defer gz.Close()
		r = gzipData{gz}
	}
	return Read(r, path, opt, fn)
}

// gzipData marks the errors of a gzip stream as damage to the data, which
// ReadPaths reports as a problem, unlike an error of the disk beneath.
type gzipData struct{ r io.Reader }

func (g gzipData) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF && gzipDamage(err) {
		err = &corruptError{err: err}
	}
	return n, err
}

func gzipDamage(err error) bool {
	var ce flate.CorruptInputError
	return errors.Is(err, gzip.ErrHeader) || errors.Is(err, gzip.ErrChecksum) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &ce)
}

// corruptError is damaged gzip data: where reading broke off and why.
type corruptError struct {
	file   string
	line   int
	err    error
	header bool // not gzip data at all
}

func (e *corruptError) Error() string { return fmt.Sprintf("%s: %v", e.file, e.err) }

func (e *corruptError) Unwrap() error { return e.err }

func (e *corruptError) reason() string {
	if e.header {
		return fmt.Sprintf("not gzip data (%v); file skipped", e.err)
	}
	switch {
	case errors.Is(e.err, gzip.ErrChecksum):
		return "corrupt gzip data (gzip: invalid checksum at the end of the file); the records before it were read but may be damaged"
	case errors.Is(e.err, io.ErrUnexpectedEOF):
		return "corrupt gzip data (the file ends in the middle of the compressed data); the rest of the file cannot be read"
	}
	return fmt.Sprintf("corrupt gzip data (%v); the rest of the file cannot be read", e.err)
}

// formatError reports input whose format cannot be detected.
type formatError struct {
	file  string
	first []byte
}

func (e *formatError) Error() string {
	return fmt.Sprintf("cannot detect the format of %s (first bytes %q); use --sourcetype", e.file, e.first)
}

// Read reads records from r; name is the file name used for File, for the
// default source and in problems. See ReadPaths for errors.
func Read(r io.Reader, name string, opt Options, fn func(*Event) error) (Stats, error) {
	rn := &run{name: name, opt: opt, fn: fn, index: opt.Index, need: newNeed(opt.Need)}
	rn.stats.BySourcetype = map[string]int{}
	if rn.index == "" {
		rn.index = "main"
	}
	w, f, spec, err := open(r, name, lookupSourcetype(opt.Sourcetype))
	if err != nil || f == nil {
		return rn.stats, err
	}
	if opt.Index == "" && spec.index != "" {
		rn.index = spec.index
	}
	if f.about().need == needNone {
		rn.need = nil
	}
	err = f.read(w, rn, spec)
	if err == nil && w.err != nil {
		err = readError(name, w)
	}
	rn.countRun()
	return rn.stats, err
}

// readError names the file of a read error; damaged compressed data also
// gets the line where reading broke off (the first line not delivered).
func readError(name string, w *window) error {
	var ce *corruptError
	if errors.As(w.err, &ce) {
		return &corruptError{file: name, line: w.line, err: ce.err}
	}
	return fmt.Errorf("%s: %w", name, w.err)
}

// run is the state of one Read: where events go and what went wrong.
type run struct {
	name  string
	opt   Options
	index string
	fn    func(*Event) error
	stats Stats
	need  *need
	// st and stN are the sourcetype of the last events emitted and how
	// many in a row, not counted in stats yet: a map update an event was
	// a share of reading one.
	st  string
	stN int
}

// countRun adds the run of events of one sourcetype to the stats.
func (rn *run) countRun() {
	if rn.stN > 0 {
		rn.stats.BySourcetype[rn.st] += rn.stN
		rn.stN = 0
	}
}

func (rn *run) bad(line int, reason string) { rn.stats.problem(rn.name, line, reason) }

func (rn *run) emit(ev *Event) error {
	rn.stats.Events++
	if ev.Sourcetype != rn.st {
		rn.countRun()
		rn.st = ev.Sourcetype
	}
	rn.stN++
	if !utf8.ValidString(ev.Raw) {
		// Kept byte for byte: Splunk indexes what it cannot decode too,
		// and a search for the valid parts must still find the record.
		rn.stats.InvalidUTF8++
		if len(rn.stats.Notes) < maxProblems {
			rn.stats.Notes = append(rn.stats.Notes, Problem{File: rn.name, Line: ev.Line, Reason: "invalid UTF-8; the record is kept as it is"})
		}
	}
	return rn.fn(ev)
}

// fieldBuilder collects an event's fields. Extractions add values as they
// meet them; a name seen before turns into a multivalue (Splunk's MV_ADD).
// A 128-bit filter of the names seen so far skips the linear duplicate scan
// for almost every field.
type fieldBuilder struct {
	fs    value.Fields
	seen  [2]uint64
	sizes int // field count of the previous event, to size the next
	// reuse makes each event's fields in the slice of the previous
	// event's (Options.ReuseFields).
	reuse bool
	last  value.Fields
}

func (b *fieldBuilder) reset() {
	if b.reuse && b.last != nil {
		// Not cleared (about 0.04 s of CPU on W1): this event's fields
		// overwrite the last's, and take clears those past them.
		b.fs = b.last[:0]
	} else {
		b.fs = make(value.Fields, 0, b.sizes+4)
	}
	b.seen = [2]uint64{}
}

func (b *fieldBuilder) take() value.Fields {
	fs := b.fs
	if b.reuse && len(fs) < len(b.last) {
		clear(b.last[len(fs):]) // the last event's texts, not to be kept alive
	}
	b.sizes = len(fs)
	b.fs = nil
	if b.reuse {
		b.last = fs
	}
	return fs
}

func (b *fieldBuilder) add(name string, v value.Value) {
	if name == "" {
		return
	}
	word, bit := seenBit(name)
	if b.seen[word]&bit != 0 && b.fs.Index(name) >= 0 {
		b.fs.Add(name, v)
		return
	}
	b.seen[word] |= bit
	b.fs = append(b.fs, value.Field{Name: name, Value: v})
}

// addText is add of a text. The field is made in place: a Value made,
// then copied into the slice, stalled on loading what had just been
// stored (a third of add's time, and add was an eighth of reading W1's
// XML).
func (b *fieldBuilder) addText(name, s string) {
	if name == "" {
		return
	}
	word, bit := seenBit(name)
	if b.seen[word]&bit != 0 && b.fs.Index(name) >= 0 {
		b.fs.Add(name, value.Str(s))
		return
	}
	b.seen[word] |= bit
	n := len(b.fs)
	if n == cap(b.fs) {
		b.fs = append(b.fs, value.Field{})
	} else {
		b.fs = b.fs[:n+1]
	}
	f := &b.fs[n]
	if unsafe.StringData(f.Name) != unsafe.StringData(name) || len(f.Name) != len(name) {
		// Not when the last event's field here had the name (a reader's
		// shared copy): a pointer written while the collector marks
		// costs a write barrier, a seventh of reading W1's XML.
		f.Name = name
	}
	f.Value.SetStr(s)
}

// seenBit is name's bit in fieldBuilder's filter.
func seenBit(name string) (word uint, bit uint64) {
	h := uint(len(name))*31 + uint(name[0])*7 + uint(name[len(name)-1])*131 + uint(name[len(name)/2])
	return (h >> 6) & 1, uint64(1) << (h & 63)
}

// reserve adds a field whose name and value come later (fill), for a
// reader that learns a value only after the fields that follow it.
func (b *fieldBuilder) reserve() int {
	b.fs = append(b.fs, value.Field{})
	return len(b.fs) - 1
}

// fill gives the field reserved at k its name and value, as add would
// have added them then; false when a field of that name was added since
// (add would have made the two one multivalue), and nothing is changed.
func (b *fieldBuilder) fill(k int, name string, v value.Value) bool {
	word, bit := seenBit(name)
	if b.seen[word]&bit != 0 && b.fs.Index(name) >= 0 {
		return false
	}
	b.seen[word] |= bit
	b.fs[k] = value.Field{Name: name, Value: v}
	return true
}

// parseISOTime reads YYYY-MM-DD[T ]hh:mm:ss[.fraction][Z|±hh:mm|±hhmm] as
// epoch seconds; no zone means UTC.
func parseISOTime(s string) (float64, bool) {
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
		s[13] != ':' || s[16] != ':' {
		return 0, false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, mo, d, h, mi, sec := num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2), num(17, 2)
	if y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 24 || mi < 0 || mi > 59 || sec < 0 || sec > 60 {
		return 0, false
	}
	i := 19
	frac := ""
	if i < len(s) && (s[i] == '.' || s[i] == ',') {
		j := i + 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		frac = s[i+1 : j]
		i = j
	}
	offset := 0
	switch {
	case i == len(s):
	case s[i] == 'Z' || s[i] == 'z':
		i++
	case s[i] == '+' || s[i] == '-':
		z := s[i+1:]
		var oh, om int
		switch {
		case len(z) == 5 && z[2] == ':':
			oh, om = num(i+1, 2), num(i+4, 2)
		case len(z) == 4:
			oh, om = num(i+1, 2), num(i+3, 2)
		case len(z) == 2:
			oh, om = num(i+1, 2), 0
		default:
			return 0, false
		}
		if oh < 0 || om < 0 {
			return 0, false
		}
		offset = oh*3600 + om*60
		if s[i] == '-' {
			offset = -offset
		}
		i = len(s)
	}
	if i != len(s) {
		return 0, false
	}
	unix := time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC).Unix() - int64(offset)
	return epochFloat(unix, frac), true
}

// dateZone gives Event.DateZone for a timestamp string that was read.
func dateZone(s string) string {
	s = strings.TrimSpace(s)
	if _, ok := value.ParseNumber(s); ok {
		return "0"
	}
	if strings.HasSuffix(s, "Z") || strings.HasSuffix(s, "z") {
		return "0"
	}
	if len(s) > 19 {
		tail := s[19:]
		if i := strings.IndexAny(tail, "+-"); i >= 0 {
			z := strings.ReplaceAll(tail[i+1:], ":", "")
			if len(z) == 2 {
				z += "00"
			}
			if len(z) == 4 {
				h, err1 := strconv.Atoi(z[:2])
				m, err2 := strconv.Atoi(z[2:])
				if err1 == nil && err2 == nil {
					off := h*60 + m
					if tail[i] == '-' {
						off = -off
					}
					return strconv.Itoa(off)
				}
			}
		}
	}
	return "local"
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9}

// epochFloat joins whole seconds and fraction digits into the float64
// nearest to their decimal value: one rounding, so nanosecond timestamps
// keep every sub-second digit float64 can hold.
func epochFloat(sec int64, frac string) float64 {
	frac = strings.TrimRight(frac, "0")
	if frac == "" {
		return float64(sec)
	}
	if len(frac) > 30 {
		frac = frac[:30]
	}
	if sec < 0 {
		f, _ := strconv.ParseFloat("0."+frac, 64)
		return float64(sec) + f
	}
	// Digits that make an integer below 2^53 divided by an exact power
	// of ten: one rounding, that of the division (Clinger's fast path).
	if len(frac) <= 9 && sec < 1e10 {
		n := uint64(sec)
		for i := 0; i < len(frac); i++ {
			n = n*10 + uint64(frac[i]-'0')
		}
		if n < 1<<53 {
			return float64(n) / pow10[len(frac)]
		}
	}
	var buf [64]byte
	b := strconv.AppendInt(buf[:0], sec, 10)
	b = append(b, '.')
	b = append(b, frac...)
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return float64(sec)
	}
	return f
}

package ingest

// JSON: one object per record, as Splunk's automatic JSON extraction
// (KV_MODE=json / spath) sees it. Records are usually one per line, but a
// record may be pretty-printed over several lines, and a file may be one
// top-level array of objects.
//
// Flattening: nested objects join keys with '.', array elements add "{}" to
// the name (a{} for scalars, a{}.b for objects in arrays), and every value
// met again under the same name joins a multivalue in order. Scalars keep
// their JSON text: numbers as written, true/false, and strings decoded.
// Empty strings are kept (ESCU's CrowdStrike field list has the empty
// ProcessEndTime; CloudTrail's has the empty requestParameters.acl); empty
// objects and arrays yield nothing.
//
// Record boundaries are found with a small brace scanner before the record
// is decoded, so one bad record never costs the good ones after it: a JSON
// string cannot hold a raw newline, so an unterminated string ends at its
// line; and an unfinished object ends where a line starts with '{' at
// column 0, which in pretty-printed JSON only a new top-level object does.

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"math"
	"math/bits"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/value"
)

const sourcetypeCrowdStrike = "crowdstrike:events:sensor"

// jsonNullAsText decides what a JSON null yields. Splunk shows the field
// with the text "null": ESCU's captured field lists include keys whose
// example values are null (CloudTrail responseElements in 24 data sources,
// CircleCI fail_reason, Gmail connection_info.dmarc_pass). Set to false to
// skip nulls instead.
const jsonNullAsText = true

// jsonFormat is JSON objects, one per record.
type jsonFormat struct{}

func (jsonFormat) about() formatAbout {
	return formatAbout{name: "json", doc: "JSON", structured: true, need: needJSON}
}

// detect: an object, or a top-level array of objects.
func (jsonFormat) detect(head []byte, final bool) (sourcetypeSpec, verdict) {
	switch head[0] {
	case '{':
		return sourcetypeSpec{}, isThis
	case '[':
		// Peek past the bracket.
		rest := head[1:]
		rest = rest[skipSpace(rest):]
		if len(rest) == 0 && !final {
			return sourcetypeSpec{}, needMore
		}
		if len(rest) > 0 && (rest[0] == '{' || rest[0] == ']') {
			return sourcetypeSpec{}, isThis
		}
	}
	return sourcetypeSpec{}, notThis
}

// cutter cuts objects one per line: before a line that starts with "{"
// (which the reader always takes as a new object) after a line that is
// one whole object.
func (jsonFormat) cutter(head []byte) func(prev, next []byte) bool {
	if head[0] != '{' {
		return nil
	}
	return func(prev, next []byte) bool {
		return len(next) > 0 && next[0] == '{' && isWholeObject(prev)
	}
}

func (jsonFormat) read(w *window, rn *run, spec sourcetypeSpec) error { return readJSON(w, rn, spec) }

// readJSON reads JSON records; spec is the named sourcetype, or the zero
// spec to choose one per record.
func readJSON(w *window, rn *run, spec sourcetypeSpec) error {
	b := fieldBuilder{reuse: rn.opt.ReuseFields}
	inArray := false
	for {
		d := w.data()
		i := 0
		for i < len(d) && (isSpace(d[i]) || (inArray && d[i] == ',')) {
			i++
		}
		w.advance(i)
		d = w.data()
		if len(d) == 0 {
			if w.fill() {
				continue
			}
			return nil
		}
		line := w.line
		switch c := d[0]; {
		case c == '{':
			if !inArray && rn.need != nil && skipJSONLine(w, rn) {
				continue
			}
			n, reason := scanJSONRecord(w)
			if reason == readFailed {
				return nil
			}
			if reason != "" {
				rn.bad(line, reason)
				continue
			}
			if rn.need != nil && !rn.need.mayHold(w.data()[:n], true) {
				w.advance(n)
				rn.stats.Unparsed++
				continue
			}
			raw := string(w.data()[:n])
			w.advance(n)
			for _, rec := range splitRecords(raw) {
				ev, err := jsonEvent(rec, &b, rn, spec, line)
				if err != nil {
					rn.bad(line, "invalid JSON: "+err.Error())
					continue
				}
				if err := rn.emit(ev); err != nil {
					return err
				}
			}
		case c == '[' && !inArray:
			inArray = true
			w.advance(1)
		case c == ']' && inArray:
			inArray = false
			w.advance(1)
		default:
			n, binary := skipJunk(w, indexNewline, 0)
			rn.bad(line, junkReason(n, binary, "a JSON object"))
		}
	}
}

// isWholeObject reports whether a line is one JSON object: it starts with
// "{" and its braces and brackets, outside strings, balance at its end
// and not before.
func isWholeObject(line []byte) bool {
	line = bytes.TrimRight(line, " \t\r")
	if len(line) == 0 || line[0] != '{' {
		return false
	}
	depth := 0
	inStr, esc := false, false
	for i, c := range line {
		switch {
		case inStr:
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return i == len(line)-1
			}
		}
	}
	return false
}

func indexNewline(b []byte) int { return bytes.IndexByte(b, '\n') }

// skipJSONLine passes over the line at the start of the window (which
// starts an object; passLine) when the next line starts another:
// scanJSONRecord ends a record at the latest before a line that starts
// with "{", so every record that starts on this line ends on it. A line
// with a "[" is read in full: a top-level array there would change how the
// lines after it are read.
func skipJSONLine(w *window, rn *run) bool {
	return passLine(w, rn, true, func(line, rest []byte) bool {
		return len(rest) > 0 && rest[0] == '{' && bytes.IndexByte(line, '[') < 0
	})
}

// hasByte is not zero when one of the eight bytes of x is c (the
// classic test for a zero byte, on x with c's bits flipped).
func hasByte(x uint64, c byte) uint64 {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	y := x ^ (lo * uint64(c))
	return (y - lo) &^ y & hi
}

// splitRecords returns the records of a CloudTrail log file as delivered
// to S3, {"Records":[{...},{...}]}, one per element, as the AWS add-on's
// S3 input indexes them; any other object is returned as it is.
func splitRecords(raw string) []string {
	rest := strings.TrimLeft(raw[1:], " \t\r\n")
	if !strings.HasPrefix(rest, `"Records"`) {
		return []string{raw}
	}
	var file map[string]json.RawMessage
	if json.Unmarshal([]byte(raw), &file) != nil || len(file) != 1 {
		return []string{raw}
	}
	var recs []json.RawMessage
	if json.Unmarshal(file["Records"], &recs) != nil || len(recs) == 0 {
		return []string{raw}
	}
	out := make([]string, 0, len(recs))
	for _, r := range recs {
		if len(r) == 0 || r[0] != '{' {
			return []string{raw}
		}
		out = append(out, string(r))
	}
	return out
}

// scanJSONRecord finds the end of the object at the start of the window by
// counting brackets outside strings. It returns the record length, or a
// reason when the record is broken, in which case the broken bytes have been
// consumed.
func scanJSONRecord(w *window) (n int, reason string) {
	depth, pos := 0, 0
	inStr, esc := false, false
	for {
		d := w.data()
	scan:
		for ; pos < len(d); pos++ {
			if inStr && !esc {
				// Most of a record is string text: pass over eight
				// bytes at a time while none ends the string, starts
				// an escape or ends the line.
				for pos+8 <= len(d) {
					x := binary.LittleEndian.Uint64(d[pos:])
					if m := hasByte(x, '"') | hasByte(x, '\\') | hasByte(x, '\n'); m != 0 {
						// The lowest bit set marks the first such byte
						// exactly (the test errs only above a match).
						pos += bits.TrailingZeros64(m) / 8
						break
					}
					pos += 8
				}
				if pos == len(d) {
					break
				}
			}
			c := d[pos]
			if inStr {
				switch {
				case c == '\n':
					w.advance(pos)
					return 0, "unterminated string: a JSON string cannot span lines"
				case esc:
					esc = false
				case c == '\\':
					esc = true
				case c == '"':
					inStr = false
				}
				continue
			}
			switch c {
			case '"':
				inStr = true
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return pos + 1, ""
				}
			case '\n':
				if pos+1 == len(d) && !w.eof && w.err == nil {
					break scan // need the next byte
				}
				if pos+1 < len(d) && d[pos+1] == '{' {
					w.advance(pos + 1)
					return 0, "truncated object: the next line starts a new object"
				}
			}
		}
		if len(d) > maxRecord {
			w.advance(pos)
			skipJunk(w, indexNewline, 0)
			return 0, "record longer than 64 MiB"
		}
		if !w.fill() {
			if w.err != nil {
				return 0, readFailed
			}
			if pos < len(w.data()) {
				continue // the held-back newline, now known to end the input
			}
			w.advance(len(w.data()))
			return 0, "truncated object: the input ends before its closing brace"
		}
	}
}

func jsonEvent(raw string, b *fieldBuilder, rn *run, spec sourcetypeSpec, line int) (*Event, error) {
	hec := parseHEC(raw)
	b.reset()
	if hec != nil {
		raw = hec.text
		if hec.object && flattenJSON(raw, b) != nil {
			b.reset() // a string event that only looks like an object
		}
		for _, f := range hec.fields {
			if !f.Value.IsNull() {
				b.add(f.Name, f.Value)
			}
		}
		if spec.name == "" && hec.sourcetype != "" {
			spec = lookupSourcetype(hec.sourcetype)
		}
	} else if err := flattenJSON(raw, b); err != nil {
		b.take()
		return nil, err
	}
	fs := b.take()
	source := ""
	if spec.name == "" {
		if s := jsonSourcetype(fs); s != nil {
			spec = *s
		} else {
			spec = lookupSourcetype("_json")
			if strings.HasPrefix(fs.Get("apiVersion").First().String(), "audit.k8s.io/") {
				// Kubernetes audit events: security_content's kube_audit
				// macro reads source="kubernetes".
				source = "kubernetes"
			}
		}
	}
	if source == "" {
		source = spec.source
	}
	if source == "" {
		source = rn.name
	}
	ev := &Event{
		Raw:        raw,
		Sourcetype: spec.name,
		Source:     source,
		Index:      rn.index,
		Fields:     fs,
		File:       rn.name,
		Line:       line,
		Host:       "unknown",
	}
	for _, k := range spec.timeKeys {
		if s := fs.Get(k).First().String(); s != "" {
			if t, ok := parseJSONTime(s); ok {
				ev.Time, ev.DateZone = t, dateZone(s)
				break
			}
		}
	}
	if spec.name == sourcetypeCrowdStrike {
		// The sensor's machine name stands in for the forwarder host.
		for _, k := range []string{"aid_computer_name", "ComputerName"} {
			if h := fs.Get(k).First().String(); h != "" {
				ev.Host = h
				break
			}
		}
	}
	if hec != nil {
		hec.apply(ev, rn)
	}
	if rn.opt.Source != "" {
		ev.Source = rn.opt.Source
	}
	if rn.opt.Host != "" {
		ev.Host = rn.opt.Host
	}
	return ev, nil
}

// flattenJSON adds the leaves of the object in raw to b: with the fast
// scanner of json_fast.go, or, for anything it does not accept, with
// encoding/json, which then gives the result or the error.
func flattenJSON(raw string, b *fieldBuilder) error {
	if flattenJSONFast(raw, b) == nil {
		return nil
	}
	b.reset()
	return flattenJSONStd(raw, b)
}

// FlattenJSON returns the fields Splunk's automatic JSON extraction
// (KV_MODE=json, and spath without a path) makes of JSON text, in order of
// appearance, a name met again making a multivalue: those the JSON reader
// gives its records. Unlike a record, the text may be any JSON value: the
// elements of a top-level array are named {}, {}.a, ...; a scalar yields
// no field. ok is false when the text is not one well-formed JSON value.
func FlattenJSON(text string) (fs value.Fields, ok bool) {
	var b fieldBuilder
	b.reset()
	if scanJSONValue(text, &b, false) != nil {
		b.reset()
		if flattenJSONStdValue(text, &b, false) != nil {
			return nil, false
		}
	}
	return b.take(), true
}

// flattenJSONStd is flattenJSON with encoding/json. Decoding by tokens
// keeps the key order, which a map would lose.
func flattenJSONStd(raw string, b *fieldBuilder) error { return flattenJSONStdValue(raw, b, true) }

// flattenJSONStdValue is flattenJSONStd for any JSON value unless object
// is set, as scanJSONValue. A syntax error is told in jsonSyntax's words.
func flattenJSONStdValue(raw string, b *fieldBuilder, object bool) error {
	err := decodeJSONTokens(raw, b, object)
	if err != nil {
		if serr := jsonSyntax(raw); serr != nil {
			return serr
		}
	}
	return err
}

func decodeJSONTokens(raw string, b *fieldBuilder, object bool) error {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	t, err := dec.Token()
	if err != nil {
		return err
	}
	if object && t != json.Delim('{') {
		return errors.New("not an object")
	}
	if err := flattenToken(dec, t, "", b, 0); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the object")
		}
		return err
	}
	return nil
}

// errJSONDepth is encoding/json's error for nesting deeper than it reads.
// The token decoder does not check nesting, and each level's field name
// is the one above it plus a key, so without this bound a line of two
// million {"a": took memory quadratic in its length until the process
// was killed.
var errJSONDepth = errors.New("exceeded max depth")

func flattenObject(dec *json.Decoder, prefix string, b *fieldBuilder, depth int) error {
	if depth > jsonMaxDepth {
		return errJSONDepth
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := t.(string)
		name := key
		if prefix != "" {
			name = prefix + "." + key
		}
		if err := flattenValue(dec, name, b, depth); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	return err
}

func flattenValue(dec *json.Decoder, name string, b *fieldBuilder, depth int) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	return flattenToken(dec, t, name, b, depth)
}

// flattenToken adds the value that starts with token t; an object or
// array in it is one level below depth.
func flattenToken(dec *json.Decoder, t json.Token, name string, b *fieldBuilder, depth int) error {
	switch v := t.(type) {
	case json.Delim:
		if v == '{' {
			return flattenObject(dec, name, b, depth+1)
		}
		if v != '[' {
			return errors.New("unexpected " + v.String())
		}
		if depth+1 > jsonMaxDepth {
			return errJSONDepth
		}
		elem := name + "{}"
		for dec.More() {
			if err := flattenValue(dec, elem, b, depth+1); err != nil {
				return err
			}
		}
		_, err := dec.Token()
		return err
	case string:
		b.add(name, value.Str(v))
	case json.Number:
		b.add(name, value.Str(v.String()))
	case bool:
		b.add(name, value.Str(strconv.FormatBool(v)))
	case nil:
		if jsonNullAsText {
			b.add(name, value.Str("null"))
		}
	}
	return nil
}

// parseJSONTime reads epoch seconds, milliseconds, microseconds or
// nanoseconds (told apart by magnitude) or an RFC 3339 style timestamp.
func parseJSONTime(s string) (float64, bool) {
	if f, ok := value.ParseNumber(s); ok {
		a := math.Abs(f)
		switch {
		case math.IsInf(f, 0) || math.IsNaN(f):
			return 0, false
		case a < 1e11:
			return f, true
		case a < 1e14:
			return parseEpochScaled(s, 3)
		case a < 1e17:
			return parseEpochScaled(s, 6)
		default:
			return parseEpochScaled(s, 9)
		}
	}
	return parseISOTime(s)
}

// parseEpochScaled reads a number of 10^-digits seconds. Integers are
// rescaled by moving the decimal point in the text, so the result is the
// float64 nearest the exact value ("1713805173418" gives 1713805173.418).
func parseEpochScaled(s string, digits int) (float64, bool) {
	f, ok := value.ParseNumber(s)
	if !ok || math.IsInf(f, 0) {
		return 0, false
	}
	body := strings.TrimLeft(s, "+-")
	if body == "" || strings.Trim(body, "0123456789") != "" {
		return f / math.Pow10(digits), true
	}
	sec, frac := "0", body
	if len(body) > digits {
		sec, frac = body[:len(body)-digits], body[len(body)-digits:]
	} else {
		frac = strings.Repeat("0", digits-len(body)) + body
	}
	t, err := strconv.ParseFloat(sec+"."+frac, 64)
	if err != nil {
		return 0, false
	}
	if s[0] == '-' {
		t = -t
	}
	return t, true
}

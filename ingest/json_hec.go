package ingest

// HEC: a JSON record in the shape Splunk's HTTP Event Collector takes at
// /services/collector/event (help.splunk.com, "Format events for HTTP
// Event Collector"): {"time": ..., "host": ..., "source": ...,
// "sourcetype": ..., "index": ..., "fields": {...}, "event": ...}. Such a
// record stands for the event it carries, not for itself: a file written
// for HEC (spelunk hunt --risk-out, a HEC client's spool) reads back as the
// events Splunk would have indexed.
//
// A record is HEC when it has an "event" key whose value is an object or a
// string and no key HEC does not define; any other object is ordinary JSON.
// The event object's JSON text is _raw and gives the fields, as JSON does;
// a string event is _raw as it is, and gives fields only when it is itself
// a JSON object [our choice: spelunk does not run another sourcetype's
// reader on a string event]. "fields" are indexed fields: a string, or an
// array of strings for a multivalue field. time (epoch seconds, a number or
// a string), host, source, sourcetype and index replace what would be
// detected; the --sourcetype, --source, --host and --index flags still win.

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/spelunk-dev/spelunk/value"
)

// hecRecord is what a HEC record says about its event.
type hecRecord struct {
	text                            string // the event's _raw
	object                          bool   // the event is a JSON object (or a string holding one)
	fields                          []value.Field
	time                            float64
	timed                           bool
	host, source, sourcetype, index string
}

var hecKeys = map[string]bool{"time": true, "host": true, "source": true, "sourcetype": true, "index": true, "fields": true, "event": true}

// parseHEC reads raw as a HEC record; nil when it is not one. Records
// that cannot be HEC are told apart by their text first, so ordinary JSON
// pays nothing.
func parseHEC(raw string) *hecRecord {
	if !strings.Contains(raw, `"event"`) {
		return nil
	}
	var top map[string]json.RawMessage
	if json.Unmarshal([]byte(raw), &top) != nil {
		return nil
	}
	ev, ok := top["event"]
	if !ok {
		return nil
	}
	for k := range top {
		if !hecKeys[k] {
			return nil
		}
	}
	h := &hecRecord{}
	switch ev = bytes.TrimSpace(ev); {
	case len(ev) > 0 && ev[0] == '{':
		h.text, h.object = string(ev), true
	case len(ev) > 0 && ev[0] == '"':
		if json.Unmarshal(ev, &h.text) != nil {
			return nil
		}
		h.object = strings.HasPrefix(strings.TrimSpace(h.text), "{")
	default:
		return nil // HEC refuses a number, an array or null as the event
	}
	h.host, h.source = hecString(top["host"]), hecString(top["source"])
	h.sourcetype, h.index = hecString(top["sourcetype"]), hecString(top["index"])
	if s := hecString(top["time"]); s != "" {
		h.time, h.timed = parseJSONTime(s)
	}
	if f, ok := top["fields"]; ok {
		fs, ok := hecFields(f)
		if !ok {
			return nil
		}
		h.fields = fs
	}
	return h
}

// hecString is a metadata value as text: a string decoded, a number as
// written; "" for anything else.
func hecString(m json.RawMessage) string {
	m = bytes.TrimSpace(m)
	if len(m) == 0 {
		return ""
	}
	var s string
	if m[0] == '"' {
		if json.Unmarshal(m, &s) == nil {
			return s
		}
		return ""
	}
	var n json.Number
	if json.Unmarshal(m, &n) == nil {
		return n.String()
	}
	return ""
}

// hecFields reads the indexed fields object in order: each value a scalar
// or an array of scalars (a multivalue field).
func hecFields(m json.RawMessage) ([]value.Field, bool) {
	dec := json.NewDecoder(bytes.NewReader(m))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	var out []value.Field
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, false
		}
		name, _ := t.(string)
		var v any
		if dec.Decode(&v) != nil {
			return nil, false
		}
		switch x := v.(type) {
		case []any:
			vals := make([]value.Value, 0, len(x))
			for _, e := range x {
				s, ok := hecScalar(e)
				if !ok {
					return nil, false
				}
				vals = append(vals, value.Str(s))
			}
			out = append(out, value.Field{Name: name, Value: value.Multi(vals...)})
		default:
			s, ok := hecScalar(x)
			if !ok {
				return nil, false
			}
			out = append(out, value.Field{Name: name, Value: value.Str(s)})
		}
	}
	return out, true
}

func hecScalar(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		if x {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

// apply gives ev the record's metadata; --index still wins over its index
// (--source and --host are applied after).
func (h *hecRecord) apply(ev *Event, rn *run) {
	if h.timed {
		ev.Time, ev.DateZone = h.time, "0"
	}
	if h.host != "" {
		ev.Host = h.host
	}
	if h.source != "" {
		ev.Source = h.source
	}
	if h.index != "" && rn.opt.Index == "" {
		ev.Index = h.index
	}
}

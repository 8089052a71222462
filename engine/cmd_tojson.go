package engine

import (
	"bytes"
	"encoding/json"
	"math"
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// tojson writes each result as a JSON object into output_field (_raw by
// default). With no fields named, every field is in it, typed by
// default_type (none); with fields named, only the fields they match, a
// field matched by several taking the first [UNCONFIRMED: the page's
// `num(date_hour) str(date_*)` example implies the named one wins over the
// wildcard; spelunk takes the first written]. Internal fields (names
// starting with "_") are left out unless include_internal=true. A
// multivalue field becomes an array, each value typed alone.
//
// The datatypes, as the page's table gives them:
//   - none: numbers as numbers, everything else as strings;
//   - auto: numbers, true/false as Booleans, null as null, proper JSON
//     objects and arrays nested, other text as strings;
//   - bool: 0 false and other numbers true; false/f/no and true/t/yes in
//     any case; other values skipped;
//   - json: numbers, and text that is proper JSON as it is; other values
//     skipped;
//   - num: numbers; other values skipped;
//   - str: every value as a string.
//
// A skipped value is left out, or written as null with fill_null=true.
// Keys are in alphabetical order, as the page's example 1 shows them, and
// the JSON is compact [UNCONFIRMED: the page shows only rendered objects].
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/tojson
func init() {
	registerStream("tojson", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.TojsonCommand)
		out := c.OutputField
		if out == "" {
			out = "_raw"
		}
		def := c.DefaultType
		if def == "" {
			def = "none"
		}
		type matcher struct {
			parts []string
			typ   string
		}
		var ms []matcher
		for _, f := range c.Fields {
			typ := f.Type
			if typ == "" {
				typ = def
			}
			ms = append(ms, matcher{parts: strings.Split(f.Field, "*"), typ: typ})
		}
		typeOf := func(name string) (string, bool) {
			if len(ms) == 0 {
				return def, true
			}
			for _, m := range ms {
				if _, ok := wildcardCaptures(name, m.parts); ok {
					return m.typ, true
				}
			}
			return "", false
		}
		return &mapStage{next: next, f: func(r *value.Fields) error {
			var keys []string
			types := map[string]string{}
			for _, f := range *r {
				if strings.HasPrefix(f.Name, "_") && !c.IncludeInternal {
					continue
				}
				if t, ok := typeOf(f.Name); ok {
					keys = append(keys, f.Name)
					types[f.Name] = t
				}
			}
			sort.Strings(keys)
			var b bytes.Buffer
			b.WriteByte('{')
			n := 0
			for _, k := range keys {
				js, ok := tojsonValue(r.Get(k), types[k], c.FillNull)
				if !ok {
					continue
				}
				if n > 0 {
					b.WriteByte(',')
				}
				n++
				b.WriteString(jsonString(k))
				b.WriteByte(':')
				b.WriteString(js)
			}
			b.WriteByte('}')
			r.Set(out, value.Str(b.String()))
			return nil
		}}, nil
	})
}

// tojsonValue is v as JSON under datatype typ, and false when it is
// skipped (and fill_null does not make it null).
func tojsonValue(v value.Value, typ string, fillNull bool) (string, bool) {
	if v.IsMulti() {
		var parts []string
		for _, e := range v.Values() {
			if js, ok := tojsonScalar(e, typ); ok {
				parts = append(parts, js)
			} else if fillNull {
				parts = append(parts, "null")
			}
		}
		return "[" + strings.Join(parts, ",") + "]", true
	}
	if js, ok := tojsonScalar(v, typ); ok {
		return js, true
	}
	return "null", fillNull
}

func tojsonScalar(v value.Value, typ string) (string, bool) {
	s := v.String()
	num, isNum := v.Number()
	if isNum && (math.IsNaN(num) || math.IsInf(num, 0)) {
		isNum = false
	}
	switch typ {
	case "str":
		return jsonString(s), true
	case "num":
		if isNum {
			return jsonNumber(s, num), true
		}
		return "", false
	case "bool":
		if isNum {
			return jsonBool(num != 0), true
		}
		switch strings.ToLower(s) {
		case "true", "t", "yes":
			return "true", true
		case "false", "f", "no":
			return "false", true
		}
		return "", false
	case "json":
		if isNum {
			return jsonNumber(s, num), true
		}
		if js, ok := compactJSON(s); ok {
			return js, true
		}
		return "", false
	case "auto":
		switch {
		case isNum:
			return jsonNumber(s, num), true
		case s == "true" || s == "false" || s == "null":
			return s, true
		}
		if t := strings.TrimSpace(s); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
			if js, ok := compactJSON(t); ok {
				return js, true
			}
		}
		return jsonString(s), true
	default: // none
		if isNum {
			return jsonNumber(s, num), true
		}
		return jsonString(s), true
	}
}

func jsonBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// jsonNumber writes a number as its text when that is JSON's number
// syntax ("444500.000" stays so), otherwise in its shortest form ("+5",
// ".5").
func jsonNumber(text string, f float64) string {
	if json.Valid([]byte(text)) && strings.Trim(text, "-0123456789.eE+") == "" && text[0] != '+' {
		return text
	}
	return value.FormatNumber(f)
}

// compactJSON returns s without insignificant spaces when it is proper
// JSON.
func compactJSON(s string) (string, bool) {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		return "", false
	}
	return b.String(), true
}

// jsonString quotes s as a JSON string, leaving <, > and & as they are.
func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

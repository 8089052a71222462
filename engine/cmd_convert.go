package engine

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/timefmt"
	"github.com/spelunk-dev/spelunk/value"
)

// convert changes field values with conversion functions.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/convert
func init() {
	registerStream("convert", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.ConvertCommand)
		// The default timeformat "does not conform to the locale settings".
		format := "%m/%d/%Y %H:%M:%S"
		if c.Timeformat != nil {
			format = *c.Timeformat
		}
		convs := c.Conversions
		hasNone := false
		for _, cv := range convs {
			hasNone = hasNone || cv.Func == "none"
		}
		return &mapStage{next: next, f: func(r *value.Fields) error {
			// none(f) keeps its fields from every other conversion:
			// "convert auto(*) none(src_ip)" converts all but src_ip.
			var kept map[string]bool
			if hasNone {
				kept = map[string]bool{}
				for _, cv := range convs {
					if cv.Func == "none" {
						for _, name := range matchingFields(*r, cv.Field) {
							kept[name] = true
						}
					}
				}
			}
			for _, cv := range convs {
				for _, name := range matchingFields(*r, cv.Field) {
					if kept[name] {
						continue
					}
					v := r.Get(name)
					out, keep := convertValue(rc, cv.Func, v, format)
					target := name
					if cv.As != "" {
						target = cv.As
					}
					switch {
					case keep && cv.As != "":
						r.Set(target, v)
					case keep:
					default:
						r.Set(target, out)
					}
				}
			}
			return nil
		}, cols: convertColMap(convs)}, nil
	})
}

// matchingFields lists the row's fields that a (wildcard) name selects.
func matchingFields(r value.Fields, pat string) []string {
	if !strings.Contains(pat, "*") {
		if _, ok := r.Lookup(pat); ok {
			return []string{pat}
		}
		return nil
	}
	parts := strings.Split(pat, "*")
	var out []string
	for _, f := range r {
		if _, ok := wildcardCaptures(f.Name, parts); ok {
			out = append(out, f.Name)
		}
	}
	return out
}

var (
	leadingNumber = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)`) })
	durRe         = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:(\d+)\+)?(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$`) })
	memRe         = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*([-+]?\d+(?:\.\d+)?)\s*([kKmMgG])?[bB]?\s*$`) })
	mstimeRe      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:(\d+):)?(\d+)(?:\.(\d+))?$`) })
)

// convertValue applies one conversion to a value. keep reports that the
// value is left as it is (a value the function cannot convert, as the
// docs describe for ctime on text and for auto).
func convertValue(rc *runCtx, fn string, v value.Value, format string) (out value.Value, keep bool) {
	if v.IsNull() {
		return v, true
	}
	vals := v.Values()
	if fn == "auto" {
		// auto leaves the field alone if any value fails to convert.
		for _, e := range vals {
			if _, ok := convertOne(rc, fn, e, format); !ok {
				return v, true
			}
		}
	}
	res := make([]value.Value, 0, len(vals))
	for _, e := range vals {
		o, ok := convertOne(rc, fn, e, format)
		switch {
		case ok:
			res = append(res, o)
		case fn == "num":
			// num removes values it cannot convert.
		default:
			res = append(res, e)
		}
	}
	return value.Multi(res...), false
}

func convertOne(rc *runCtx, fn string, v value.Value, format string) (value.Value, bool) {
	s := v.String()
	switch fn {
	case "ctime":
		// Epoch to text; text that is not a number stays as it is
		// [UNCONFIRMED, docs/SEMANTICS.md §7].
		t, ok := v.Number()
		if !ok {
			return v, false
		}
		return value.Str(timefmt.Strftime(t, format, rc.tz)), true
	case "mktime":
		if t, ok := timefmt.Strptime(s, format, rc.tz); ok {
			return value.Num(t), true
		}
		return v, false
	case "num", "auto":
		if f, ok := v.Number(); ok {
			return value.Num(f), true
		}
		if f, ok := parseMemk(s); ok {
			return value.Num(f), true
		}
		if f, ok := parseDur(s); ok {
			return value.Num(f), true
		}
		if m := leadingNumber().FindStringSubmatch(strings.ReplaceAll(s, ",", "")); m != nil && fn == "num" {
			f, _ := strconv.ParseFloat(m[1], 64)
			return value.Num(f), true
		}
		return v, false
	case "rmcomma":
		// The text without commas, decimals as written: rmcomma(1,000,000.00)
		// returns 1000000.00. It still reads as a number.
		if t := strings.ReplaceAll(s, ",", ""); isNumberText(t) {
			return value.Str(t), true
		}
		return v, false
	case "rmunit":
		if m := leadingNumber().FindStringSubmatch(s); m != nil {
			f, _ := strconv.ParseFloat(m[1], 64)
			return value.Num(f), true
		}
		return v, false
	case "dur2sec":
		if f, ok := parseDur(s); ok {
			return value.Num(f), true
		}
		return v, false
	case "memk":
		if f, ok := parseMemk(s); ok {
			return value.Num(f), true
		}
		return v, false
	case "mstime":
		if m := mstimeRe().FindStringSubmatch(s); m != nil {
			mins, _ := strconv.ParseFloat("0"+m[1], 64)
			secs, _ := strconv.ParseFloat(m[2], 64)
			ms := 0.0
			if m[3] != "" {
				ms, _ = strconv.ParseFloat("0."+m[3], 64)
			}
			return value.Num(mins*60 + secs + ms), true
		}
		return v, false
	case "none":
		return v, false
	}
	return v, false
}

// parseDur reads [D+]HH:MM:SS as seconds.
func parseDur(s string) (float64, bool) {
	m := durRe().FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, false
	}
	d, _ := strconv.ParseFloat("0"+m[1], 64)
	h, _ := strconv.ParseFloat(m[2], 64)
	mi, _ := strconv.ParseFloat(m[3], 64)
	se, _ := strconv.ParseFloat(m[4], 64)
	return d*86400 + h*3600 + mi*60 + se, true
}

// parseMemk reads a memory size as kilobytes: k is the default unit, m and
// g multiply by 1024 and 1024².
func parseMemk(s string) (float64, bool) {
	m := memRe().FindStringSubmatch(s)
	if m == nil || m[2] == "" && !strings.ContainsAny(s, ".0123456789") {
		return 0, false
	}
	f, _ := strconv.ParseFloat(m[1], 64)
	switch strings.ToLower(m[2]) {
	case "m":
		f *= 1024
	case "g":
		f *= 1024 * 1024
	}
	if math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func isNumberText(s string) bool {
	_, ok := value.ParseNumber(s)
	return ok
}

package engine

import (
	"fmt"
	"strings"
	"time"

	"github.com/spelunk-dev/spelunk/pcre"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// rex sets a field from each named group of the regex's first match in
// the field (default _raw); max_match=N takes up to N matches (0: all),
// giving multivalue fields. When the regex does not match, or the field
// is missing, existing fields are left as they are [docs/SEMANTICS.md §10
// UNCONFIRMED; chosen]. offset_field gets "name=start-end" for each group
// (0-based, end inclusive), joined by "&" [format UNCONFIRMED].
// mode=sed edits the field instead: s/regex/replacement/flags (g: every
// match, N: the Nth) or y/from/to/ (transliteration).
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/10.0/search-commands/rex
func init() {
	registerStream("rex", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.RexCommand)
		field := c.Field
		if field == "" {
			field = "_raw"
		}
		if c.Sed {
			edit, err := compileSed(c.Pattern, rc.limits.RegexTimeout)
			if err != nil {
				return nil, errAt(c, "rex: %v", err)
			}
			return &mapStage{next: next, f: func(r *value.Fields) error {
				v := r.Get(field)
				if v.IsNull() {
					return nil
				}
				var failed error
				out := mapStrings(v, func(s string) string {
					o, err := edit(s)
					if err != nil {
						failed = err
						return s
					}
					return o
				})
				if failed != nil {
					return rc.regexFailed("rex mode=sed", failed)
				}
				r.Set(field, out)
				return nil
			}}, nil
		}
		re, err := rc.compileRegex(c.Pattern)
		if err != nil {
			return nil, errAt(c, "rex: %v", err)
		}
		names := re.Names()
		hasNamed := false
		for _, n := range names {
			hasNamed = hasNamed || n != ""
		}
		if !hasNamed && c.OffsetField == "" {
			return nil, errAt(c, "rex: the regular expression has no named group (?<name>...), so it would extract nothing")
		}
		maxMatch := 1
		if c.MaxMatch != nil {
			maxMatch = *c.MaxMatch
		}
		return &mapStage{next: next, f: func(r *value.Fields) error {
			v := r.Get(field)
			if v.IsNull() {
				return nil
			}
			vals := make([][]value.Value, len(names))
			var offsets []string
			for _, s := range v.Strings() {
				ms, err := re.Matches(s, maxMatch)
				if err != nil {
					return rc.regexFailed(fmt.Sprintf("rex %q", c.Pattern), err)
				}
				for _, m := range ms {
					for g, name := range names {
						if name == "" || !m.Present[g] {
							continue
						}
						vals[g] = append(vals[g], value.Str(m.Texts[g]))
						offsets = append(offsets, fmt.Sprintf("%s=%d-%d", name, m.Index[2*g], m.Index[2*g+1]-1))
					}
				}
			}
			for g, name := range names {
				if name != "" && len(vals[g]) > 0 {
					r.Set(name, value.Multi(vals[g]...))
				}
			}
			if c.OffsetField != "" && len(offsets) > 0 {
				r.Set(c.OffsetField, value.Str(strings.Join(offsets, "&")))
			}
			return nil
		}}, nil
	})
}

// compileSed compiles rex's sed expression: s/re/repl/[g|N] or y/from/to/.
// The delimiter is the character after s or y; a backslash escapes it.
func compileSed(expr string, timeout time.Duration) (func(string) (string, error), error) {
	if len(expr) < 2 || (expr[0] != 's' && expr[0] != 'y') {
		return nil, fmt.Errorf("mode=sed takes s/<regex>/<replacement>/<flags> or y/<from>/<to>/, not %q", expr)
	}
	delim := expr[1]
	parts := []string{}
	var cur strings.Builder
	for i := 2; i < len(expr); i++ {
		ch := expr[i]
		if ch == '\\' && i+1 < len(expr) && expr[i+1] == delim {
			cur.WriteByte(delim)
			i++
			continue
		}
		if ch == delim {
			parts = append(parts, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteByte(ch)
	}
	parts = append(parts, cur.String())
	if len(parts) != 3 {
		return nil, fmt.Errorf("malformed sed expression %q: want %c/<a>/<b>/<flags>", expr, expr[0])
	}
	if expr[0] == 'y' {
		from, to := []rune(parts[0]), []rune(parts[1])
		if len(from) != len(to) {
			return nil, fmt.Errorf("y/// needs as many characters on both sides, in %q", expr)
		}
		m := map[rune]rune{}
		for i, r := range from {
			m[r] = to[i]
		}
		return func(s string) (string, error) {
			return strings.Map(func(r rune) rune {
				if t, ok := m[r]; ok {
					return t
				}
				return r
			}, s), nil
		}, nil
	}
	re, err := pcre.CompileTimeout(parts[0], timeout)
	if err != nil {
		return nil, err
	}
	repl, flags := parts[1], parts[2]
	nth := 1
	switch {
	case flags == "g":
		nth = 0
	case flags == "":
	default:
		if _, err := fmt.Sscanf(flags, "%d", &nth); err != nil || nth < 1 {
			return nil, fmt.Errorf("sed flags must be g or a number, not %q", flags)
		}
	}
	return func(s string) (string, error) { return re.Replace(s, repl, nth) }, nil
}

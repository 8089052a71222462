package engine

import (
	"fmt"
	"strings"

	"github.com/spelunk-dev/spelunk/pcre"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// makemv splits a field at a delimiter (default a single space) or takes
// each match of a tokenizer regex (its first group when it has one) as a
// value. Empty values are dropped unless allowempty=true; setsv=true
// keeps the field a single value, the parts joined by the delimiter.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/makemv
func init() {
	registerStream("makemv", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.MakemvCommand)
		delim := " "
		if c.Delim != nil {
			delim = *c.Delim
		}
		var tok *pcre.Regex
		if c.Tokenizer != "" {
			re, err := rc.compileRegex(c.Tokenizer)
			if err != nil {
				return nil, errAt(c, "makemv: %v", err)
			}
			tok = re
		}
		return &mapStage{next: next, f: func(r *value.Fields) error {
			v := r.Get(c.Field)
			if v.IsNull() {
				return nil
			}
			var parts []string
			for _, s := range v.Strings() {
				if tok == nil {
					if delim == "" {
						parts = append(parts, s)
					} else {
						parts = append(parts, strings.Split(s, delim)...)
					}
					continue
				}
				ms, err := tok.Matches(s, 0)
				if err != nil {
					return rc.regexFailed(fmt.Sprintf("makemv tokenizer=%q", c.Tokenizer), err)
				}
				for _, m := range ms {
					g := 0
					if len(m.Texts) > 1 {
						g = 1
					}
					parts = append(parts, m.Texts[g])
				}
			}
			if !c.AllowEmpty {
				kept := parts[:0]
				for _, p := range parts {
					if p != "" {
						kept = append(kept, p)
					}
				}
				parts = kept
			}
			if c.SetSV {
				r.Set(c.Field, value.Str(strings.Join(parts, delim)))
				return nil
			}
			if len(parts) == 0 {
				r.Delete(c.Field)
				return nil
			}
			r.Set(c.Field, value.Strs(parts...))
			return nil
		}}, nil
	})
}

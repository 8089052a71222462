package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// replace swaps whole field values: the first pair whose pattern matches a
// value (case-sensitively; * matches any run and carries that text into
// the replacement's * in order) replaces it. Without IN every field but
// the internal ones is changed.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/replace
func init() {
	registerStream("replace", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.ReplaceCommand)
		type pair struct {
			from []string // split at *
			to   []string
		}
		pairs := make([]pair, len(c.Pairs))
		for i, p := range c.Pairs {
			pairs[i] = pair{strings.Split(p.From, "*"), strings.Split(p.To, "*")}
		}
		replaceOne := func(s string) (string, bool) {
			for _, p := range pairs {
				caps, ok := wildcardCaptures(s, p.from)
				if !ok {
					continue
				}
				var b strings.Builder
				for i, part := range p.to {
					b.WriteString(part)
					if i < len(p.to)-1 && i < len(caps) {
						b.WriteString(caps[i])
					}
				}
				return b.String(), true
			}
			return s, false
		}
		names := fieldNames(c.Fields)
		return &mapStage{next: next, f: func(r *value.Fields) error {
			targets := names
			if len(targets) == 0 {
				targets = nil
				for _, f := range *r {
					if !strings.HasPrefix(f.Name, "_") {
						targets = append(targets, f.Name)
					}
				}
			} else {
				var expanded []string
				for _, n := range targets {
					expanded = append(expanded, matchingFields(*r, n)...)
				}
				targets = expanded
			}
			for _, n := range targets {
				v := r.Get(n)
				changed := false
				out := mapValues(v, func(e value.Value) value.Value {
					s, ok := replaceOne(e.String())
					if !ok {
						return e
					}
					changed = true
					return value.Str(s)
				})
				if changed {
					r.Set(n, out)
				}
			}
			return nil
		}}, nil
	})
}

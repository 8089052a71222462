package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// filldown gives each result that lacks a field the last value the
// field had in the results before it. Without a field list it does so
// for every field seen so far (internal ones, starting with "_",
// excepted [UNCONFIRMED]); a name with * stands for the fields seen that
// match it.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/filldown
func init() {
	registerStream("filldown", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		pats := fieldNames(cmd.(*spl.FilldownCommand).Fields)
		last := map[string]value.Value{}
		var order []string
		applies := func(name string) bool {
			if len(pats) == 0 {
				return !strings.HasPrefix(name, "_")
			}
			for _, p := range pats {
				if p == name || (strings.Contains(p, "*") && wildcardMatch(p, name)) {
					return true
				}
			}
			return false
		}
		return &mapStage{next: next, f: func(r *value.Fields) error {
			for _, name := range order {
				if v, ok := r.Lookup(name); !ok || v.IsNull() {
					r.Set(name, last[name])
				}
			}
			for _, f := range *r {
				if f.Value.IsNull() || !applies(f.Name) {
					continue
				}
				if _, seen := last[f.Name]; !seen {
					order = append(order, f.Name)
				}
				last[f.Name] = f.Value
			}
			return nil
		}}, nil
	})
}

// wildcardMatch reports whether name matches a pattern with * wildcards.
func wildcardMatch(pat, name string) bool {
	_, ok := wildcardCaptures(name, strings.Split(pat, "*"))
	return ok
}

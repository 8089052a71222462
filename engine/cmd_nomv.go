package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// nomv turns a multivalue field into one value, its values joined by
// newlines, or by the delimiter of the mvcombine that made the field (its
// delim=, else a space: the single-value form mvcombine documents).
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/nomv
func init() {
	registerStream("nomv", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.NomvCommand)
		return &mapStage{next: next, f: func(r *value.Fields) error {
			if v := r.Get(c.Field); v.IsMulti() {
				delim, ok := rc.mvDelims[c.Field]
				if !ok {
					delim = "\n"
				}
				r.Set(c.Field, value.Str(strings.Join(v.Strings(), delim)))
			}
			return nil
		}}, nil
	})
}

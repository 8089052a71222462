package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// nomv turns a multivalue field into one value, its values joined by
// newlines.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/nomv
func init() {
	registerStream("nomv", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.NomvCommand)
		return &mapStage{next: next, f: func(r *value.Fields) error {
			if v := r.Get(c.Field); v.IsMulti() {
				r.Set(c.Field, value.Str(strings.Join(v.Strings(), "\n")))
			}
			return nil
		}}, nil
	})
}

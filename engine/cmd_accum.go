package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// accum writes, for each result where the field is a number, the running
// total of the field so far into the field itself or into the AS field.
// Results where it is not a number (missing, text, multivalue) add
// nothing and get no total: the page says the total is computed "for each
// event where field is a number" [UNCONFIRMED: whether such a result
// would show the total so far; spelunk leaves it without one].
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/accum
func init() {
	registerStream("accum", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.AccumCommand)
		out := c.Field.Name
		if c.As != "" {
			out = c.As
		}
		total := 0.0
		return &mapStage{next: next, f: func(r *value.Fields) error {
			n, ok := r.Get(c.Field.Name).Number()
			if !ok {
				return nil
			}
			total += n
			r.Set(out, value.Num(total))
			return nil
		}}, nil
	})
}

package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// rangemap sets the field range to the name of each range (both ends
// included) the numeric field falls in: one name, or a multivalue of the
// overlapping ranges' names in the order written. When none matches it
// is the default (None unless default= is given). A result whose field is
// missing or not a number gets the default too [UNCONFIRMED: the page
// says only that the field "must contain numeric values"].
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/rangemap
func init() {
	registerStream("rangemap", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.RangemapCommand)
		def := "None"
		if c.Default != nil {
			def = *c.Default
		}
		return &mapStage{next: next, f: func(r *value.Fields) error {
			var names []value.Value
			if n, ok := r.Get(c.Field).Number(); ok {
				for _, rg := range c.Ranges {
					if n >= rg.Lo && n <= rg.Hi {
						names = append(names, value.Str(rg.Name))
					}
				}
			}
			switch len(names) {
			case 0:
				r.Set("range", value.Str(def))
			case 1:
				r.Set("range", names[0])
			default:
				r.Set("range", value.Multi(names...))
			}
			return nil
		}}, nil
	})
}

package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// autoregress copies into each result the field's value from the p-th
// result before it (every p of a range), in the order the results come.
// The first results, which have no such result before them, get nothing,
// and so does a result whose p-th result before lacks the field. Values
// are copied as they are, text and multivalues too.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/autoregress
func init() {
	registerStream("autoregress", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.AutoregressCommand)
		// hist is a ring of the field's values in the last To results
		// (null where a result lacked it).
		hist := make([]value.Value, c.To)
		seen := 0
		return &mapStage{next: next, f: func(r *value.Fields) error {
			cur := r.Get(c.Field.Name)
			for n := c.From; n <= c.To && n <= seen; n++ {
				if v := hist[(seen-n)%c.To]; !v.IsNull() {
					r.Set(c.OutField(n), v)
				}
			}
			hist[seen%c.To] = cur
			seen++
			return nil
		}}, nil
	})
}

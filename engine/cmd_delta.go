package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// delta writes, for each result where the field is a number, the field
// minus its value p results before, in the order the results come (for a
// search, newest first). A result where the field is not a number gets no
// output field and does not count as one of the p results before
// [UNCONFIRMED: the page computes the difference "for each event where
// <field> is a number"; spelunk keeps only the numbers in its history].
// The first p numeric results have nothing to compare with and get no
// output field.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/delta
func init() {
	registerStream("delta", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.DeltaCommand)
		out := c.OutField()
		// hist is a ring of the last p numbers.
		hist := make([]float64, c.P)
		seen := 0
		return &mapStage{next: next, f: func(r *value.Fields) error {
			n, ok := r.Get(c.Field.Name).Number()
			if !ok {
				return nil
			}
			slot := seen % c.P
			if seen >= c.P {
				r.Set(out, value.Num(n-hist[slot]))
			}
			hist[slot] = n
			seen++
			return nil
		}}, nil
	})
}

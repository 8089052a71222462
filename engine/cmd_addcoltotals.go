package engine

import "github.com/spelunk-dev/spelunk/spl"

// addcoltotals passes the results on and appends one result holding the
// sum of each numeric field (of the listed fields, wildcards allowed, or
// of every field not starting with "_"), with label (default Total) in
// labelfield when one is given: addtotals col=true row=false, whose sums
// it shares.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/addcoltotals
func init() {
	registerStream("addcoltotals", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.AddcoltotalsCommand)
		return &addtotalsStage{next: next, col: true, label: c.Label, labelfield: c.LabelField,
			pats: fieldNames(c.Fields), sums: map[string]float64{}}, nil
	})
}

package engine

import "github.com/spelunk-dev/spelunk/spl"

// sichart, sirare, sistats, sitimechart and sitop run as chart, rare,
// stats, timechart and top. Splunk's si* commands add psrsvd_* fields, an
// internal encoding of each function's partial state that a later
// aggregation over the summary index reads back; the Search Reference
// does not describe that encoding, so spelunk leaves those fields out and
// returns the base command's results ([UNCONFIRMED]; docs/SEMANTICS.md,
// "Summary-indexing commands").
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/sistats
func init() {
	for _, name := range []string{"sichart", "sirare", "sistats", "sitimechart", "sitop"} {
		registerStream(name, func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
			inner := cmd.(*spl.SICommand).Inner
			return builders[inner.CommandName()].stream(rc, inner, next)
		})
	}
}

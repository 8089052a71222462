package engine

import "github.com/spelunk-dev/spelunk/spl"

// mstats reads metrics indexes; spelunk ingests events only, so running
// it is an error that says so (the parser accepts the whole syntax).
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/mstats
func init() {
	registerGen("mstats", func(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
		return nil, errAt(cmd, "mstats is not supported: it reads metrics indexes, and spelunk has no metrics input (only events)")
	})
}

package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// reverse reverses the order of the results.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/reverse
func init() {
	registerStream("reverse", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			reverseRows(rows)
			return rows, nil
		}}, nil
	})
}

package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// tail keeps the last N results (default 10) "in reverse order, starting
// at the end of the result set".
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/tail
func init() {
	registerStream("tail", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		n := cmd.(*spl.TailCommand).Count
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			if len(rows) > n {
				rows = rows[len(rows)-n:]
			}
			reverseRows(rows)
			return rows, nil
		}}, nil
	})
}

func reverseRows(rows []value.Fields) {
	for i, j := 0, len(rows)-1; i < j; i, j = i+1, j-1 {
		rows[i], rows[j] = rows[j], rows[i]
	}
}

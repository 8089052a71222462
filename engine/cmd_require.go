package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// require passes the results on, and makes the search fail when the
// commands before it return none.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/require
func init() {
	registerStream("require", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		return &requireStage{cmd: cmd, next: next}, nil
	})
}

type requireStage struct {
	cmd  spl.Command
	next stage
	n    int
}

func (s *requireStage) push(rows []value.Fields) error {
	s.n += len(rows)
	return s.next.push(rows)
}

func (s *requireStage) finish() error {
	if s.n == 0 {
		return errAt(s.cmd, "require: the search returned no results")
	}
	return s.next.finish()
}

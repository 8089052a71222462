package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// append passes the results through, then adds the subsearch's results
// (at most maxout, default 50,000).
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/append
func init() {
	registerStream("append", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.AppendCommand)
		maxOut := rc.limits.AppendMaxOut
		if c.MaxOut > 0 {
			maxOut = c.MaxOut // maxout=0 keeps the default
		}
		return &appendStage{rc: rc, cmd: c, next: next, maxOut: maxOut}, nil
	})
}

type appendStage struct {
	rc     *runCtx
	cmd    *spl.AppendCommand
	next   stage
	maxOut int
}

func (s *appendStage) push(rows []value.Fields) error { return s.next.push(rows) }

func (s *appendStage) finish() error {
	rows, err := s.rc.runSubsearch("append", s.cmd.Sub, s.maxOut, "maxout= or --append-maxout")
	if err != nil {
		return err
	}
	return emitAll(s.next, rows)
}

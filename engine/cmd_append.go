package engine

import (
	"strconv"

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
		if v, ok := optionString(c.Options, "maxout"); ok {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return nil, errAt(c, "append: maxout=%s must be a whole number", v)
			}
			if n > 0 {
				maxOut = n // maxout=0 keeps the default, as before
			}
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

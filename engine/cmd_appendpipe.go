package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

func init() {
	registerStream("appendpipe", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		return &appendpipeStage{rc: rc, cmd: cmd.(*spl.AppendpipeCommand), next: next}, nil
	})
}

// appendpipe passes the results through and keeps a copy; when they end,
// it runs its subpipeline over the copy and adds what that returns
// (Search Reference, appendpipe: "run against the current results").
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/appendpipe
type appendpipeStage struct {
	rc   *runCtx
	cmd  *spl.AppendpipeCommand
	next stage
	kept []value.Fields
}

func (s *appendpipeStage) push(rows []value.Fields) error {
	for _, r := range rows {
		s.kept = append(s.kept, r.Clone())
	}
	return s.next.push(rows)
}

func (s *appendpipeStage) finish() error {
	rows, err := s.rc.runOver(s.cmd.Sub, s.cmd.Sub.Pipeline, s.kept)
	s.kept = nil
	if err != nil {
		return err
	}
	return emitAll(s.next, rows)
}

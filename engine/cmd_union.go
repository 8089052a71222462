package engine

import (
	"fmt"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// union merges the results of its datasets. First in a search, it gives
// the results of each subsearch in turn; after another command, the
// results so far, then each subsearch's [UNCONFIRMED: Splunk interleaves
// streaming datasets as multisearch does; spelunk appends them in the
// order written, as the page describes for non-streaming ones]. maxout=
// caps each subsearch's results (default: the subsearch limit). A named
// dataset (datamodel:..., savedsearch:...) needs a live Splunk and is an
// error.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/union
func init() {
	registerGen("union", func(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
		c := cmd.(*spl.UnionCommand)
		if err := unionCheck(c); err != nil {
			return nil, err
		}
		return genFunc(func() error {
			rows, err := unionRows(rc, c)
			if err != nil {
				return err
			}
			return emitAll(next, rows)
		}), nil
	})
	registerStream("union", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.UnionCommand)
		if err := unionCheck(c); err != nil {
			return nil, err
		}
		return &unionStage{rc: rc, cmd: c, next: next}, nil
	})
}

func unionCheck(c *spl.UnionCommand) error {
	for _, d := range c.Datasets {
		if d.Sub == nil {
			return &spl.Error{Pos: d.Start, End: d.End, Msg: fmt.Sprintf("union: the named dataset %q is read from a live Splunk; spelunk runs offline: write it as a subsearch, such as [search ...] or [| inputlookup ...]", d.Name)}
		}
	}
	return nil
}

func unionRows(rc *runCtx, c *spl.UnionCommand) ([]value.Fields, error) {
	maxOut := rc.limits.SubsearchMaxOut
	if c.MaxOut > 0 {
		maxOut = c.MaxOut
	}
	var out []value.Fields
	for _, d := range c.Datasets {
		rows, err := rc.runSubsearch("union", d.Sub, maxOut, "maxout=")
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

type unionStage struct {
	rc   *runCtx
	cmd  *spl.UnionCommand
	next stage
}

func (s *unionStage) push(rows []value.Fields) error { return s.next.push(rows) }

func (s *unionStage) finish() error {
	rows, err := unionRows(s.rc, s.cmd)
	if err != nil {
		return err
	}
	return emitAll(s.next, rows)
}

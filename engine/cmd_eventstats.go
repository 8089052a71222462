package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// eventstats computes the same groups as stats but adds the results to
// every input row of the group, in input order; rows that did not feed a
// function (a null age) still get its result for their group. A row with
// a null BY field is in no group and passes unchanged [UNCONFIRMED,
// docs/SEMANTICS.md §6]. A row in several groups (multivalue BY field) takes
// the results of its first value's group [UNCONFIRMED].
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/eventstats
func init() {
	registerStream("eventstats", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.EventstatsCommand)
		gr, err := statsGrouper(rc, "eventstats", c.AllNum, false, c.Aggs, c.By)
		if err != nil {
			return nil, err
		}
		return &eventstatsStage{next: next, gr: gr}, nil
	})
}

type eventstatsStage struct {
	next   stage
	gr     *grouper
	rows   []value.Fields
	groups []*group // per row; nil when the row is in no group
}

func (s *eventstatsStage) push(rows []value.Fields) error {
	for _, r := range rows {
		var first *group
		t := rowTime(r)
		err := s.gr.keys(r, func(key []value.Value) error {
			grp := s.gr.group(key)
			if first == nil {
				first = grp
			}
			s.gr.feed(grp, r, t)
			return nil
		})
		if err != nil {
			return err
		}
		s.rows = append(s.rows, r)
		s.groups = append(s.groups, first)
	}
	return nil
}

func (s *eventstatsStage) finish() error {
	results := map[*group][]value.Field{}
	b := &batcher{next: s.next}
	for i, r := range s.rows {
		grp := s.groups[i]
		if grp != nil {
			res, ok := results[grp]
			if !ok {
				res = s.gr.results(grp)
				results[grp] = res
			}
			for _, f := range res {
				r.Set(f.Name, f.Value)
			}
		}
		if err := b.add(r); err != nil {
			return err
		}
	}
	s.rows, s.groups = nil, nil
	if err := b.flush(); err != nil {
		return err
	}
	return s.next.finish()
}

package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// stats replaces its input with one row per group: the BY fields, then
// the aggregations in the order written; groups are sorted by their BY
// values (see sortGroups). Without BY there is one row, even over no
// input.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/stats
func init() {
	registerStream("stats", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.StatsCommand)
		gr, err := statsGrouper(rc, "stats", c.AllNum, c.DedupSplitVals, c.Aggs, c.By)
		if err != nil {
			return nil, err
		}
		return &statsStage{next: next, gr: gr, names: fieldNames(c.By)}, nil
	})
}

// statsGrouper compiles the shared arguments of the stats family.
func statsGrouper(rc *runCtx, name string, allnum, dedupSplit bool, aggs []spl.Aggregation, by []spl.FieldName) (*grouper, error) {
	if err := renamedTwice(aggs, name); err != nil {
		return nil, err
	}
	cas, err := compileAggs(rc, aggs, aggOptions{cmd: name, evalOK: true, allnum: allnum, wildcardOK: name != "streamstats"})
	if err != nil {
		return nil, err
	}
	for _, b := range by {
		if containsWildcard(b.Name) {
			return nil, errAt(b, "%s: BY fields cannot hold wildcards (%s)", name, b.Name)
		}
	}
	gr := newGrouper(fieldNames(by), cas)
	gr.dedupSplit = dedupSplit
	return gr, nil
}

// renamedTwice refuses one function renamed with two names: the stats
// page says "You cannot rename one field with multiple names", giving
// `stats first(host) AS site, first(host) AS report` as not valid.
func renamedTwice(aggs []spl.Aggregation, cmd string) error {
	named := map[string]string{}
	for _, a := range aggs {
		if a.As == "" || a.Sparkline != nil {
			continue
		}
		call := spl.Aggregation{Func: a.Func, Field: a.Field, Eval: a.Eval}.Name()
		if prev, ok := named[call]; ok && prev != a.As {
			return errAt(a, "%s: %s is renamed twice (%s, %s); one function takes one name", cmd, call, prev, a.As)
		}
		named[call] = a.As
	}
	return nil
}

func containsWildcard(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '*' {
			return true
		}
	}
	return false
}

type statsStage struct {
	next  stage
	gr    *grouper
	names []string
}

func (s *statsStage) push(rows []value.Fields) error {
	for _, r := range rows {
		if err := s.gr.add(r); err != nil {
			return err
		}
	}
	return nil
}

func (s *statsStage) finish() error {
	rows := s.gr.rows(s.names, s.gr.sorted())
	if len(rows) > 0 {
		if err := s.next.push(rows); err != nil {
			return err
		}
	}
	return s.next.finish()
}

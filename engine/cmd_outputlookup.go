package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// outputlookup writes the results to a lookup table's CSV and passes
// them on unchanged. It writes only inside the folder configured for it
// (lookups.Registry.SetOutputDir): never a path, "..", or through a
// symbolic link. Columns are the fields in order of first appearance;
// fields starting with "_" other than _time are internal and left out
// [UNCONFIRMED]; multivalue cells hold their values one per line.
// append=true adds rows to an existing file; max= caps the rows written;
// with no results nothing is written (a notice says so).
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/outputlookup
func init() {
	registerStream("outputlookup", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.OutputlookupCommand)
		if rc.lookups == nil {
			return nil, errAt(c, "outputlookup %s: no output folder; give --lookup-output DIR", c.Table)
		}
		if _, err := rc.lookups.OutputPath(c.Table); err != nil {
			return nil, errAt(c, "%v", err)
		}
		s := &outputlookupStage{rc: rc, cmd: c, next: next, max: -1, add: c.Append}
		if c.Max != nil {
			s.max = *c.Max
		}
		return s, nil
	})
}

type outputlookupStage struct {
	rc   *runCtx
	cmd  *spl.OutputlookupCommand
	next stage
	max  int
	add  bool
	rows []value.Fields
}

func (s *outputlookupStage) push(rows []value.Fields) error {
	for _, r := range rows {
		if s.max < 0 || len(s.rows) < s.max {
			s.rows = append(s.rows, r.Clone())
		}
	}
	return s.next.push(rows)
}

func (s *outputlookupStage) finish() error {
	if len(s.rows) == 0 {
		s.rc.warn("outputlookup %s: no results, nothing written", s.cmd.Table)
		return s.next.finish()
	}
	seen := map[string]bool{}
	var cols []string
	for _, r := range s.rows {
		for _, f := range r {
			if seen[f.Name] || (strings.HasPrefix(f.Name, "_") && f.Name != "_time") {
				continue
			}
			seen[f.Name] = true
			cols = append(cols, f.Name)
		}
	}
	recs := make([][]string, len(s.rows))
	for i, r := range s.rows {
		rec := make([]string, len(cols))
		for j, c := range cols {
			rec[j] = strings.Join(r.Get(c).Strings(), "\n")
		}
		recs[i] = rec
	}
	s.rows = nil
	if _, err := s.rc.lookups.Write(s.cmd.Table, cols, recs, s.add); err != nil {
		return errAt(s.cmd, "outputlookup: %v", err)
	}
	return s.next.finish()
}

package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// appendcols runs the subsearch once the results are in and merges its
// results into them by position: the first subsearch result into the
// first result, and so on. A field both have keeps the current value
// unless override=true; internal fields (names starting with "_") of the
// subsearch are not added. Subsearch results beyond the last current
// result are added as results of their own [choice: the Search Reference
// only describes the row-by-row merge]. The subsearch keeps its first
// maxout results (default 50,000, as append's).
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/appendcols
func init() {
	registerStream("appendcols", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.AppendcolsCommand)
		maxOut := rc.limits.AppendMaxOut
		if c.MaxOut > 0 {
			maxOut = c.MaxOut
		}
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			sub, err := rc.runSubsearch("appendcols", c.Sub, maxOut, "maxout= or --append-maxout")
			if err != nil {
				return nil, err
			}
			return appendCols(rows, sub, c.Override), nil
		}}, nil
	})
}

func appendCols(rows, sub []value.Fields, override bool) []value.Fields {
	for i, s := range sub {
		if i >= len(rows) {
			rows = append(rows, nil)
		}
		for _, f := range s {
			if strings.HasPrefix(f.Name, "_") || f.Value.IsNull() {
				continue
			}
			if override || rows[i].Get(f.Name).IsNull() {
				rows[i].Set(f.Name, f.Value)
			}
		}
	}
	return rows
}

package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// fillnull sets missing fields to value (default "0"). With a field list,
// each listed field is filled, and created where it is missing. Without
// one, every field that some result has is filled in the results that
// lack it, which needs the whole result set. Internal fields (_raw,
// _time, ...) are left alone [our choice; the docs say "all fields"].
// https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/fillnull
func init() {
	registerStream("fillnull", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.FillnullCommand)
		fill := value.Str("0")
		if c.Value != nil {
			fill = value.Str(*c.Value)
		}
		if len(c.Fields) > 0 {
			names := fieldNames(c.Fields)
			return &mapStage{next: next, f: func(r *value.Fields) error {
				for _, n := range names {
					if strings.Contains(n, "*") {
						continue // a wildcard creates nothing; present fields are never null
					}
					if _, ok := r.Lookup(n); !ok {
						r.Set(n, fill)
					}
				}
				return nil
			}, cols: func(cols []string, col string) ([]string, string) {
				// A column a row has keeps its value.
				return withNames(cols, names...), col
			}}, nil
		}
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			names := publicFieldNames(rows)
			for i := range rows {
				for _, n := range names {
					if _, ok := rows[i].Lookup(n); !ok {
						rows[i].Set(n, fill)
					}
				}
			}
			return rows, nil
		}}, nil
	})
}

package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// setfields sets each named field to its string on every result,
// replacing the value it had.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/setfields
func init() {
	registerStream("setfields", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		sets := cmd.(*spl.SetfieldsCommand).Sets
		return &mapStage{next: next, f: func(r *value.Fields) error {
			for _, s := range sets {
				r.Set(s.Key, value.Str(s.Value))
			}
			return nil
		}}, nil
	})
}

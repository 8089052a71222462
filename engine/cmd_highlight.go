package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// highlight and iconify change only how Splunk's UI shows the results
// (terms highlighted in the events viewer; an icon per distinct value of
// the fields): they pass the results on unchanged.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/highlight
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/iconify
func init() {
	display := func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		return &mapStage{next: next, f: func(*value.Fields) error { return nil }}, nil
	}
	registerStream("highlight", display)
	registerStream("iconify", display)
}

package docgen

import (
	"fmt"
	"strings"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/spl"
)

// NotRunMarkdown lists the commands spelunk parses but does not run, each
// with the reason a search using it fails with (engine/notrun.go), for
// the README.
func NotRunMarkdown() string {
	var w strings.Builder
	for _, c := range spl.Commands() {
		if engine.Executable(c.Name) {
			continue
		}
		why, ok := engine.NotRunReason(c.Name)
		if !ok {
			why = c.Doc // the one-line description says why
		}
		names := "`" + c.Name + "`"
		for _, a := range c.Aliases {
			names += " (`" + a + "`)"
		}
		fmt.Fprintf(&w, "- %s: %s.\n", names, strings.TrimSuffix(why, "."))
	}
	return w.String()
}

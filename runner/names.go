package runner

import (
	"fmt"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/spl"
)

// NameWarnings lists the data model names a parsed search uses that the
// knowledge does not define (datamodel.CheckNames), positioned in the text
// the pipeline was parsed from. Splunk answers such a search with nothing
// and no word; spelunk warns, and --strict makes it an error. A search
// without a data model costs nothing: the knowledge is not loaded for it.
func (r *Runner) NameWarnings(p *spl.Pipeline) ([]*spl.Error, error) {
	uses := false
	spl.Walk(p, func(n spl.Node) bool {
		if c, ok := n.(*spl.TstatsCommand); ok && c.Datamodel != "" {
			uses = true
		}
		return !uses
	})
	if !uses {
		return nil, nil
	}
	kb, err := r.Base()
	if err != nil {
		return nil, err
	}
	return datamodel.CheckNames(kb, p), nil
}

// WarningText is a name warning as one notice line: where, what, and the
// closest defined name.
func WarningText(where string, e *spl.Error) string {
	msg := where + "warning: " + e.Msg
	if e.Hint != "" {
		msg += fmt.Sprintf(" (%s)", e.Hint)
	}
	return msg
}

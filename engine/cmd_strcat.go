package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// strcat writes the concatenation of its sources into the destination
// field: a quoted source as written, a field as its value. A missing
// field counts as the empty string; with allrequired=true the destination
// is written only when every source field exists. A multivalue field
// gives its first value [UNCONFIRMED: the page does not say what strcat
// does with multivalue fields].
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/strcat
func init() {
	registerStream("strcat", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.StrcatCommand)
		return &mapStage{next: next, f: func(r *value.Fields) error {
			var b strings.Builder
			for _, s := range c.Sources {
				if s.Literal {
					b.WriteString(s.Text)
					continue
				}
				v := r.Get(s.Text)
				if v.IsNull() {
					if c.AllRequired {
						return nil
					}
					continue
				}
				b.WriteString(v.First().String())
			}
			r.Set(c.Dest.Name, value.Str(b.String()))
			return nil
		}}, nil
	})
}

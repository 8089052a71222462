package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// untable turns each result into one row per other field, in the
// result's field order: the x field's value, the field's name in the
// y-name field and its value in the y-data field. Fields without a value
// give no row; internal fields (_time, _span, ...) other than the x field
// are left out, as the page's extended example shows (its _time gives no
// rows until it is renamed).
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/untable
func init() {
	registerStream("untable", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.UntableCommand)
		return &flatStage{next: next, f: func(r value.Fields, emit func(value.Fields)) error {
			x := r.Get(c.X.Name)
			for _, f := range r {
				if f.Name == c.X.Name || strings.HasPrefix(f.Name, "_") || f.Value.IsNull() {
					continue
				}
				var row value.Fields
				if !x.IsNull() {
					row = append(row, value.Field{Name: c.X.Name, Value: x})
				}
				row.Set(c.YName.Name, value.Str(f.Name))
				row.Set(c.YData.Name, f.Value)
				emit(row)
			}
			return nil
		}}, nil
	})
}

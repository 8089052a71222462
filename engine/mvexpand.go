package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/engine/value"
	"github.com/spelunk-dev/spelunk/spl"
)

// mvexpand makes one result per value of a field, each a copy of the
// result with the field holding that one value; limit caps the values
// used. A result without the field passes through unchanged
// [SEMANTICS.md §18 UNCONFIRMED; chosen so nothing is lost].
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/mvexpand
func init() {
	registerStream("mvexpand", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.MvexpandCommand)
		// "Internal fields cannot be expanded."
		if strings.HasPrefix(c.Field, "_") {
			e := errAt(c, "mvexpand: %s is an internal field, which cannot be expanded", c.Field)
			e.End = e.Pos + len("mvexpand")
			return nil, e
		}
		return &flatStage{next: next, f: func(r value.Fields, emit func(value.Fields)) error {
			vals := r.Get(c.Field).Values()
			if len(vals) <= 1 {
				emit(r)
				return nil
			}
			if c.Limit > 0 && len(vals) > c.Limit {
				vals = vals[:c.Limit]
			}
			for _, v := range vals {
				out := r.Clone()
				out.Set(c.Field, v)
				emit(out)
			}
			return nil
		}}, nil
	})
}

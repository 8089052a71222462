package engine

import (
	"maps"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// mvcombine merges results that are identical in every field but one into
// a single result whose field holds all their values, in input order; the
// merged result takes the place of the first. Results without the field
// pass through. delim= (default a space) sets the field's single-value
// form, which a later nomv shows.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/mvcombine
func init() {
	registerStream("mvcombine", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.MvcombineCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			// Set when the merged rows leave, so only a nomv after this
			// mvcombine sees the delim.
			rc.setMvDelim(c.Field, c.Delim)
			var out []value.Fields
			groups := map[string]int{}
			for _, r := range rows {
				v, ok := r.Lookup(c.Field)
				if !ok {
					out = append(out, r)
					continue
				}
				var key strings.Builder
				for _, f := range r {
					if f.Name == c.Field {
						continue
					}
					key.WriteString(f.Name)
					key.WriteByte(0)
					key.WriteString(strings.Join(f.Value.Strings(), "\x01"))
					key.WriteByte(0)
				}
				if i, ok := groups[key.String()]; ok {
					out[i].Set(c.Field, value.Multi(out[i].Get(c.Field), v))
					continue
				}
				groups[key.String()] = len(out)
				out = append(out, r)
			}
			return out, nil
		}}, nil
	})
}

// setMvDelim records the delim= of an mvcombine of field; nil (no delim=)
// records a space, the default of the single value version ("a flat string
// that is separated by a space or by the delimiter that you specify", 10.0
// page). The map is copied, never changed in place: a subsearch's runCtx
// starts as a copy of its parent's and must not change what the parent's
// nomv sees.
func (rc *runCtx) setMvDelim(field string, delim *string) {
	m := maps.Clone(rc.mvDelims)
	if m == nil {
		m = map[string]string{}
	}
	m[field] = " "
	if delim != nil {
		m[field] = *delim
	}
	rc.mvDelims = m
}

package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// table keeps the listed fields in the listed order, wildcards expanded in
// row order; a listed field a row lacks becomes an empty column.
func init() {
	registerStream("table", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.TableCommand)
		names := fieldNames(c.Fields)
		return &mapStage{next: next, f: func(r *value.Fields) error {
			*r = selectFields(*r, names, true)
			return nil
		}, cols: fieldsColMap(names, false, true)}, nil
	})
	registerStream("fields", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.FieldsCommand)
		names := fieldNames(c.Fields)
		if c.Remove {
			return &mapStage{next: next, f: func(r *value.Fields) error {
				for _, n := range names {
					for _, m := range matchingFields(*r, n) {
						r.Delete(m)
					}
				}
				return nil
			}, cols: fieldsColMap(names, true, false)}, nil
		}
		return &mapStage{next: next, f: func(r *value.Fields) error {
			kept := selectFields(*r, names, false)
			// _raw and _time stay unless removed by name (Search
			// Reference, fields: "Internal fields").
			for _, internal := range []string{"_raw", "_time"} {
				if v, ok := r.Lookup(internal); ok && kept.Index(internal) < 0 {
					kept = append(kept, value.Field{Name: internal, Value: v})
				}
			}
			*r = kept
			return nil
		}, cols: fieldsColMap(names, false, false)}, nil
	})
}

func fieldNames(fs []spl.FieldName) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

// selectFields returns the fields named by pats, in pattern order. With
// placeholders, a plain name the row lacks is kept as a null column.
func selectFields(r value.Fields, pats []string, placeholders bool) value.Fields {
	out := make(value.Fields, 0, len(pats))
	for _, p := range pats {
		if !strings.Contains(p, "*") {
			if out.Index(p) >= 0 {
				continue
			}
			v, ok := r.Lookup(p)
			if ok || placeholders {
				out = append(out, value.Field{Name: p, Value: v})
			}
			continue
		}
		for _, m := range matchingFields(r, p) {
			if out.Index(m) < 0 {
				out = append(out, value.Field{Name: m, Value: r.Get(m)})
			}
		}
	}
	return out
}

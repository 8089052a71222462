package engine

import (
	"sort"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// fieldformat changes how a field is shown "when the results render",
// not its value: the commands after it see the value unchanged, and
// "the export retains the original data format" (outputcsv,
// outputlookup). Offline the rendering is the results spelunk returns and
// prints (every --format, table, CSV and JSON alike), so the format is
// applied there, to the final results of the search, on the field's final
// value: `fieldformat x=... | eval x=x+1` shows the format of x+1. When
// one field has several fieldformats the last one in the search wins
// [UNCONFIRMED: the page does not say; a later format replaces an earlier
// one, as a later eval would]. Each format reads the unformatted values.
// fieldformat in a subsearch formats nothing: its results are never
// rendered, only handed to the outer search. A null result shows the
// field empty.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/fieldformat
func init() {
	registerStream("fieldformat", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.FieldformatCommand)
		f, t, err := (&exprCompiler{rc: rc}).compileT(c.Assignment.Expr)
		if err != nil {
			return nil, err
		}
		if t == tBool {
			return nil, errAt(c.Assignment.Expr, "fieldformat %s: the result is a Boolean, which cannot be shown as a field value; wrap it in if(..., \"yes\", \"no\")", c.Assignment.Target)
		}
		if rc.depth == 0 && rc.formats != nil {
			*rc.formats = append(*rc.formats, fieldFormat{at: c.Start, field: c.Assignment.Target, f: f})
		}
		return &mapStage{next: next, f: func(*value.Fields) error { return nil }}, nil
	})
}

// fieldFormat is one fieldformat of the main search: at is where it is
// written, which orders several formats of one field.
type fieldFormat struct {
	at    int
	field string
	f     evalFn
}

// render applies the main search's fieldformats to its final rows.
func (rc *runCtx) render(rows []value.Fields) {
	if rc.formats == nil || len(*rc.formats) == 0 {
		return
	}
	fs := *rc.formats
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].at < fs[j].at })
	last := map[string]fieldFormat{}
	var order []string
	for _, f := range fs {
		if _, seen := last[f.field]; !seen {
			order = append(order, f.field)
		}
		last[f.field] = f
	}
	vals := make([]value.Value, len(order))
	for i := range rows {
		// Every format reads the values as they are, not another's
		// rendering.
		for k, name := range order {
			vals[k] = last[name].f(rows[i])
		}
		for k, name := range order {
			if vals[k].IsNull() {
				rows[i].Delete(name)
			} else {
				rows[i].Set(name, vals[k])
			}
		}
	}
}

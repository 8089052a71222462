package engine

import (
	"fmt"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
)

// pivot runs as the search it stands for over spelunk's data models:
//
//	| datamodel <model> <dataset> flat
//	| search, where or regex <each FILTER>
//	| stats <cells> by <SPLITROW fields>          (no SPLITCOL)
//	| chart <cell> over <SPLITROW> by <SPLITCOL>  (one of each)
//	| rename <field> AS <label> ...
//
// A cell count(<dataset>) counts the dataset's events. FILTER types map
// to search matches (ignoring case, as search does): is/isNot to = and
// !=, contains/doesNotContain/startsWith/endsWith to wildcard values (a
// * in the value is a wildcard too), in to IN; isNull/isNotNull and the
// comparisons to where, regex to the regex command. [UNCONFIRMED] The page
// describes the elements, not the search they run as; this translation
// is spelunk's. Splits with RANGE/PERIOD/TRUELABEL/FALSELABEL, LIMIT,
// ROWSUMMARY, COLSUMMARY, SHOWOTHER, NUMCOLS and ROWSORT are refused
// with an error at the element.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/pivot
func init() {
	registerGen("pivot", func(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
		c := cmd.(*spl.PivotCommand)
		text, err := PivotSearch(c)
		if err != nil {
			return nil, err
		}
		pl, err := spl.Parse(text)
		if err != nil {
			return nil, errAt(c, "pivot: its translation %q does not parse: %v", text, err)
		}
		child, err := rc.child(c)
		if err != nil {
			return nil, err
		}
		gen, err := build(child, pl, next)
		if err != nil {
			return nil, errAt(c, "pivot: %v (running %s)", err, text)
		}
		return gen, nil
	})
}

// PivotSearch is the search a pivot runs as.
func PivotSearch(c *spl.PivotCommand) (string, error) {
	for _, o := range c.Other {
		return "", errAtLoc(o.Loc, "pivot: %s is not translated yet", o.Keyword)
	}
	for _, s := range append(append([]spl.PivotSplit(nil), c.Rows...), c.Cols...) {
		if s.Options != "" {
			return "", errAtLoc(s.Loc, "pivot: split options (%s) are not translated yet", s.Options)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| datamodel %s %s flat", spl.QuoteString(c.Model), spl.QuoteString(c.Dataset))
	for _, f := range c.Filters {
		cmd, err := pivotFilterCommand(f)
		if err != nil {
			return "", err
		}
		b.WriteString(" | " + cmd)
	}
	var cells []string
	var renames []string
	for _, x := range c.Cells {
		call := x.Func + "(" + pivotField(x.Field) + ")"
		if x.Field == c.Dataset && (x.Func == "count" || x.Func == "c") {
			call = "count"
		}
		if x.Label != "" {
			call += " AS " + spl.QuoteString(x.Label)
		}
		cells = append(cells, call)
	}
	for _, r := range append(append([]spl.PivotSplit(nil), c.Rows...), c.Cols...) {
		if r.Label != "" {
			renames = append(renames, pivotField(r.Field)+" AS "+spl.QuoteString(r.Label))
		}
	}
	switch {
	case len(c.Cols) == 0:
		b.WriteString(" | stats " + strings.Join(cells, " "))
		if len(c.Rows) > 0 {
			rows := make([]string, len(c.Rows))
			for i, r := range c.Rows {
				rows[i] = pivotField(r.Field)
			}
			b.WriteString(" by " + strings.Join(rows, " "))
		}
	case len(c.Cols) == 1 && len(c.Rows) == 1 && len(c.Cells) == 1:
		fmt.Fprintf(&b, " | chart %s over %s by %s", cells[0], pivotField(c.Rows[0].Field), pivotField(c.Cols[0].Field))
		renames = renames[:0]
		if l := c.Rows[0].Label; l != "" {
			renames = append(renames, pivotField(c.Rows[0].Field)+" AS "+spl.QuoteString(l))
		}
	default:
		return "", errAt(c, "pivot: a SPLITCOL is translated only with one SPLITROW and one cell value")
	}
	if len(renames) > 0 {
		b.WriteString(" | rename " + strings.Join(renames, ", "))
	}
	return b.String(), nil
}

// pivotField writes a field name for the translated search.
func pivotField(f string) string {
	if strings.ContainsAny(f, " \"'=,|()[]") {
		return spl.QuoteString(f)
	}
	return f
}

// pivotFilterCommand is the command a FILTER runs as: a search for the
// text filters (matched as search matches, ignoring case), where for
// the tests of null and of order, regex for regex.
func pivotFilterCommand(f spl.PivotFilter) (string, error) {
	name := pivotField(f.Field)
	where := "'" + strings.ReplaceAll(f.Field, "'", `\'`) + "'"
	v := ""
	if len(f.Values) > 0 {
		v = f.Values[0]
	}
	switch op := strings.ToLower(f.Op); op {
	case "is", "=":
		return "search " + name + "=" + spl.QuoteString(v), nil
	case "isnot", "!=":
		return "search " + name + "!=" + spl.QuoteString(v), nil
	case "contains":
		return "search " + name + "=" + spl.QuoteString("*"+v+"*"), nil
	case "doesnotcontain":
		return "search NOT " + name + "=" + spl.QuoteString("*"+v+"*"), nil
	case "startswith":
		return "search " + name + "=" + spl.QuoteString(v+"*"), nil
	case "endswith":
		return "search " + name + "=" + spl.QuoteString("*"+v), nil
	case "in":
		q := make([]string, len(f.Values))
		for i, x := range f.Values {
			q[i] = spl.QuoteString(x)
		}
		return "search " + name + " IN (" + strings.Join(q, ", ") + ")", nil
	case "isnull":
		return "where isnull(" + where + ")", nil
	case "isnotnull":
		return "where isnotnull(" + where + ")", nil
	case "regex":
		return "regex " + name + "=" + spl.QuoteString(v), nil
	case "<", "<=", ">", ">=":
		// A number compares as a number, other text as text.
		val := spl.QuoteString(v)
		if _, err := fmt.Sscanf(v, "%g", new(float64)); err == nil {
			val = v
		}
		return "where " + where + op + val, nil
	}
	return "", errAtLoc(f.Loc, "pivot: filter type %s is not translated", f.Op)
}

// errAtLoc is errAt for a part of a command that is not a node.
func errAtLoc(l spl.Loc, format string, args ...any) *spl.Error {
	return &spl.Error{Pos: l.Start, End: l.End, Msg: fmt.Sprintf(format, args...)}
}

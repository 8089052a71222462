package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// subsearch compiles a subsearch operand of eval or where: it runs once,
// before any row, and the text it returns is read in its place as an
// expression (Search Manual, "About subsearches": the subsearch's results
// become part of the outer command). A result field named search or query
// gives its value as written, so `[... | return $count]` yields the count
// itself; other results are formatted as the format command's defaults
// write them, ( ( a="1" ) OR ( a="2" ) ), which reads as a comparison.
func (c *exprCompiler) subsearch(n *spl.SubsearchExpr) (evalFn, etype, error) {
	if c.rc == nil || c.rc.src == nil {
		return nil, 0, errAt(n, "a subsearch cannot be used in this expression")
	}
	rows, err := c.rc.runSubsearch("subsearch", n.Sub, c.rc.limits.SubsearchMaxOut, "[subsearch] maxout")
	if err != nil {
		return nil, 0, err
	}
	text := subsearchText(rows)
	if strings.TrimSpace(text) == "" {
		return nil, 0, errAt(n, "the subsearch returned nothing to put in the expression")
	}
	x, err := spl.ParseExpr(text)
	if err != nil {
		return nil, 0, errAt(n, "the subsearch returned %q, which does not read as an expression", text)
	}
	shiftTo(x, n.Loc)
	return c.compileT(x)
}

// subsearchText is the text a subsearch's results put into an expression.
func subsearchText(rows []value.Fields) string {
	var parts []string
	plain := true
	for _, r := range rows {
		for _, f := range r {
			if f.Name != "search" && f.Name != "query" && !strings.HasPrefix(f.Name, "_") && !f.Value.IsNull() {
				plain = false
			}
		}
	}
	if plain {
		for _, r := range rows {
			for _, f := range r {
				if (f.Name == "search" || f.Name == "query") && !f.Value.IsNull() {
					parts = append(parts, f.Value.Strings()...)
				}
			}
		}
		return strings.Join(parts, " ")
	}
	return formatResults(&spl.FormatCommand{MVSep: "OR", RowPrefix: "(", ColPrefix: "(", ColSep: "AND", ColEnd: ")", RowSep: "OR", RowEnd: ")", EmptyStr: "NOT ( )"}, rows)
}

// shiftTo places every node of x, parsed from the subsearch's text, on
// the subsearch, so run-time errors point at it.
func shiftTo(x spl.Expr, at spl.Loc) {
	spl.Walk(x, func(n spl.Node) bool {
		switch e := n.(type) {
		case *spl.FieldRef:
			e.Loc = at
		case *spl.StringLit:
			e.Loc = at
		case *spl.NumberLit:
			e.Loc = at
		case *spl.UnaryExpr:
			e.Loc = at
		case *spl.BinaryExpr:
			e.Loc = at
		case *spl.InExpr:
			e.Loc = at
		case *spl.CallExpr:
			e.Loc = at
		}
		return true
	})
}

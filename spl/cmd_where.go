package spl

import "strings"

// WhereCommand keeps results for which an eval expression is true:
//
//	where <eval-expression>
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/where
type WhereCommand struct {
	Loc
	Expr Expr
}

func (c *WhereCommand) CommandName() string { return "where" }
func (c *WhereCommand) String() string      { return "where " + c.Expr.String() }

func init() {
	register(&CommandSpec{
		Name:   "where",
		Syntax: "where <eval-expression>",
		Doc:    "Keeps the results for which an eval expression is true (case-sensitive; LIKE with % for wildcards).",
		Parse: func(p *cmdParser) (Command, error) {
			text := p.raw(p.name.end, p.restEnd())
			if strings.TrimSpace(text) == "" {
				return nil, p.errorf(p.name, "missing expression").withHint(`for example: where count > 5`)
			}
			x, err := parseExprAt(text, p.name.end, "where")
			if err != nil {
				return nil, err
			}
			return &WhereCommand{Loc: p.loc(), Expr: x}, nil
		},
	})
}

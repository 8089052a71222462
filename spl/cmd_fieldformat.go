package spl

import "strings"

// FieldformatCommand sets how a field's value is shown, without changing
// the value:
//
//	fieldformat <field>=<eval-expression>
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/fieldformat
type FieldformatCommand struct {
	Loc
	Assignment Assignment
}

func (c *FieldformatCommand) CommandName() string { return "fieldformat" }

func (c *FieldformatCommand) String() string { return "fieldformat " + c.Assignment.String() }

func init() {
	register(&CommandSpec{
		Name:   "fieldformat",
		Syntax: "fieldformat <field>=<eval-expression>",
		Doc:    "Shows the field as the eval expression formats it in the results spelunk prints; the commands after it, and outputlookup, see the value unchanged.",
		Parse: func(p *cmdParser) (Command, error) {
			text := p.raw(p.name.end, p.restEnd())
			if strings.TrimSpace(text) == "" {
				return nil, p.errorf(p.name, "missing assignment").withHint(`for example: fieldformat totalSales="$".tostring(totalSales, "commas")`)
			}
			as, err := parseAssignments(text, p.name.end, "fieldformat")
			if err != nil {
				return nil, err
			}
			if len(as) > 1 {
				return nil, &Error{Pos: as[1].Start, End: as[1].End, Msg: "fieldformat: takes one <field>=<eval-expression>",
					Hint: "use one fieldformat command for each field"}
			}
			a := as[0]
			if strings.ContainsAny(a.Target, "*{}") {
				return nil, &Error{Pos: a.Start, End: a.Start + len(a.Target), Msg: "fieldformat: the field must be named in full, without wildcards or {field} pieces"}
			}
			return &FieldformatCommand{Loc: p.loc(), Assignment: a}, nil
		},
	})
}

package spl

import "strings"

// EvalCommand computes fields:
//
//	eval <field>=<expression>[, <field>=<expression>]...
//
// Assignments run left to right; later ones see earlier results.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/eval
type EvalCommand struct {
	Loc
	Assignments []Assignment
}

func (c *EvalCommand) CommandName() string { return "eval" }

func (c *EvalCommand) String() string {
	parts := make([]string, len(c.Assignments))
	for i, a := range c.Assignments {
		parts[i] = a.String()
	}
	return "eval " + strings.Join(parts, ", ")
}

func init() {
	register(&CommandSpec{
		Name:   "eval",
		Syntax: "eval <field>=<expression>[, <field>=<expression>]...",
		Doc:    "Computes fields from eval expressions, left to right.",
		Parse: func(p *cmdParser) (Command, error) {
			text := p.raw(p.name.end, p.restEnd())
			if strings.TrimSpace(text) == "" {
				return nil, p.errorf(p.name, "missing assignment").withHint(`for example: eval total=bytes_in+bytes_out`)
			}
			as, err := parseAssignments(text, p.name.end, "eval")
			if err != nil {
				return nil, err
			}
			return &EvalCommand{Loc: p.loc(), Assignments: as}, nil
		},
	})
}

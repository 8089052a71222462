package spl

import "strings"

// SetCommand combines the results of two subsearches as sets:
//
//	| set (union | diff | intersect) <subsearch> <subsearch>
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/set
type SetCommand struct {
	Loc
	// Op is union, diff or intersect, lower-case.
	Op   string
	A, B *Subsearch
}

func (c *SetCommand) CommandName() string { return "set" }

func (c *SetCommand) String() string {
	return "set " + c.Op + " " + c.A.String() + " " + c.B.String()
}

func init() {
	register(&CommandSpec{
		Name:       "set",
		Generating: true,
		Syntax:     "| set (union|diff|intersect) <subsearch> <subsearch>",
		Doc:        "Returns the union, the symmetric difference (diff) or the intersection of the results of two subsearches.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &SetCommand{}
			op := p.next()
			if op.kind != tWord || !(strings.EqualFold(op.text, "union") || strings.EqualFold(op.text, "diff") || strings.EqualFold(op.text, "intersect")) {
				return nil, p.unexpected(op, "union", "diff", "intersect").withHint("for example: | set diff [search 404] [search 303]")
			}
			c.Op = strings.ToLower(op.text)
			for _, dst := range []**Subsearch{&c.A, &c.B} {
				t := p.next()
				if t.kind != tSubsearch {
					return nil, p.unexpected(t, "a subsearch in [ ]").withHint("set takes two subsearches: | set " + c.Op + " [search a] [search b]")
				}
				sub, err := p.subsearch(t)
				if err != nil {
					return nil, err
				}
				*dst = sub
			}
			if err := p.expectEnd("end of command"); err != nil {
				return nil, err
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}

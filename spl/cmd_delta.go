package spl

// DeltaCommand writes the difference between a numeric field and its
// value p results before:
//
//	delta <field> [AS <newfield>] [p=<int>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/delta
type DeltaCommand struct {
	Loc
	Field FieldName
	// As is the output field; empty means the default delta(<field>).
	As string
	// P is how many results back the compared value is; default 1.
	P int
}

func (c *DeltaCommand) CommandName() string { return "delta" }

func (c *DeltaCommand) String() string {
	s := "delta " + c.Field.String() + asString(c.As)
	if c.P != 1 {
		s += " p=" + itoa(c.P)
	}
	return s
}

// OutField is the field delta writes.
func (c *DeltaCommand) OutField() string {
	if c.As != "" {
		return c.As
	}
	return "delta(" + c.Field.Name + ")"
}

func init() {
	register(&CommandSpec{
		Name:   "delta",
		Syntax: "delta <field> [AS <newfield>] [p=<int>]",
		Doc:    "Writes the difference between a numeric field and its value p results before (default 1) into newfield (default delta(<field>)).",
		Parse: func(p *cmdParser) (Command, error) {
			c := &DeltaCommand{Loc: p.loc(), P: 1}
			// p= may come before the field too, as Splunk's argument
			// parser takes options anywhere.
			if err := p.deltaP(&c.P); err != nil {
				return nil, err
			}
			var err error
			if c.Field, c.As, err = p.fieldAs("delta count AS countdiff p=1"); err != nil {
				return nil, err
			}
			if err := p.deltaP(&c.P); err != nil {
				return nil, err
			}
			if err := p.expectEnd("AS", "p="); err != nil {
				return nil, err
			}
			return c, nil
		},
	})
}

// deltaP parses p=<int> (at least 1) if it comes next.
func (p *cmdParser) deltaP(dst *int) error {
	o, ok, err := p.knownOption(optionSet{"p": optAny})
	if err != nil || !ok {
		return err
	}
	n, err := p.intOption(o)
	if err != nil {
		return err
	}
	if n < 1 {
		return &Error{Pos: o.Start, End: o.End, Msg: "delta: p must be at least 1"}
	}
	*dst = n
	return nil
}

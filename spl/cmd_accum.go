package spl

// AccumCommand keeps a running total of a numeric field:
//
//	accum <field> [AS <newfield>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/accum
type AccumCommand struct {
	Loc
	Field FieldName
	// As is the field the total goes to; empty writes it back to Field.
	As string
}

func (c *AccumCommand) CommandName() string { return "accum" }

func (c *AccumCommand) String() string { return "accum " + c.Field.String() + asString(c.As) }

// asString prints an optional " AS <newfield>".
func asString(as string) string {
	if as == "" {
		return ""
	}
	return " AS " + word(as)
}

// fieldAs parses `<field> [AS <newfield>]`, the argument of accum, delta
// and autoregress; example is the hint shown when the field is missing.
func (p *cmdParser) fieldAs(example string) (FieldName, string, error) {
	if p.atEnd() {
		return FieldName{}, "", p.errorf(p.name, "missing field").withHint("for example: " + example)
	}
	f, ok := p.field()
	if !ok {
		return FieldName{}, "", p.unexpected(p.peek(), "a field name").withHint("for example: " + example)
	}
	if !isKeyword(p.peek(), "as") {
		return f, "", nil
	}
	as := p.next()
	nf, ok := p.field()
	if !ok {
		return FieldName{}, "", p.errorf(as, "AS needs a new field name after it").withHint("for example: " + example)
	}
	return f, nf.Name, nil
}

func init() {
	register(&CommandSpec{
		Name:   "accum",
		Syntax: "accum <field> [AS <newfield>]",
		Doc:    "Writes the running total of a numeric field into the field itself or into newfield; results where the field is not a number get no total.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &AccumCommand{Loc: p.loc()}
			var err error
			if c.Field, c.As, err = p.fieldAs("accum bytes AS total_bytes"); err != nil {
				return nil, err
			}
			if err := p.expectEnd("AS", "end of command"); err != nil {
				return nil, err
			}
			return c, nil
		},
	})
}

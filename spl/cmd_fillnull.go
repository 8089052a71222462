package spl

// FillnullCommand replaces null values:
//
//	fillnull [value=<string>] [<field-list>]
//
// https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/fillnull
type FillnullCommand struct {
	Loc
	// Value is the value= option; nil means the default "0".
	Value  *string
	Fields []FieldName
}

func (c *FillnullCommand) CommandName() string { return "fillnull" }

func (c *FillnullCommand) String() string {
	s := "fillnull"
	if c.Value != nil {
		s += " value=" + QuoteString(*c.Value)
	}
	if len(c.Fields) > 0 {
		s += " " + fieldNamesString(c.Fields, " ")
	}
	return s
}

func init() {
	register(&CommandSpec{
		Name:   "fillnull",
		Syntax: "fillnull [value=<string>] [<field-list>]",
		Doc:    "Fills null values with value (default 0): in the listed fields (created when missing), or in every field of the results.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &FillnullCommand{Loc: p.loc()}
			for !p.atEnd() {
				if o, ok := p.option(map[string]bool{"value": true}); ok {
					v := o.Value
					c.Value = &v
					continue
				}
				fs := p.fieldList(nil)
				if len(fs) == 0 {
					return nil, p.unexpected(p.peek(), "value=", "a field name")
				}
				c.Fields = append(c.Fields, fs...)
			}
			return c, nil
		},
	})
}

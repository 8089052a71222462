package spl

// FieldsCommand keeps or removes fields:
//
//	fields [+|-] <wc-field-list>
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/fields
type FieldsCommand struct {
	Loc
	Remove bool // "fields - x"
	Fields []FieldName
}

func (c *FieldsCommand) CommandName() string { return "fields" }

func (c *FieldsCommand) String() string {
	list := fieldNamesString(c.Fields, ", ")
	// A first field named + or - is quoted, so that it does not read
	// back as the sign.
	if f := c.Fields; len(f) > 0 && (f[0].Name == "+" || f[0].Name == "-") {
		list = QuoteString(f[0].Name) + list[len(f[0].Name):]
	}
	if c.Remove {
		return "fields - " + list
	}
	return "fields " + list
}

func init() {
	register(&CommandSpec{
		Name:   "fields",
		Syntax: "fields [+|-] <wc-field-list>",
		Doc:    "Keeps (+, the default) or removes (-) fields; _raw and _time stay unless removed by name.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &FieldsCommand{Loc: p.loc()}
			if t := p.peek(); t.kind == tWord && (t.text == "-" || t.text == "+") {
				p.next()
				c.Remove = t.text == "-"
			}
			c.Fields = p.namesWithCalls()
			if len(c.Fields) == 0 {
				return nil, p.unexpected(p.peek(), "a field name")
			}
			if err := p.expectEnd("a field name"); err != nil {
				return nil, err
			}
			return c, nil
		},
	})
}

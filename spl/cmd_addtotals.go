package spl

// AddtotalsCommand adds the sum of numeric fields to each result, and
// optionally a row of column totals:
//
//	addtotals [row=<bool>] [col=<bool>] [labelfield=<field>] [label=<string>]
//	          [fieldname=<field>] [<wc-field-list>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/addtotals
type AddtotalsCommand struct {
	Loc
	Options []Option // as written, for String
	// Row (default true) adds FieldName (default "Total") to each result;
	// Col adds a row of column sums, with Label (default "Total") in
	// LabelField.
	Row, Col                     bool
	FieldName, Label, LabelField string
	Fields                       []FieldName
}

func (c *AddtotalsCommand) CommandName() string { return "addtotals" }

func (c *AddtotalsCommand) String() string {
	s := "addtotals"
	if len(c.Options) > 0 {
		s += " " + optionsString(c.Options)
	}
	if len(c.Fields) > 0 {
		s += " " + fieldNamesString(c.Fields, " ")
	}
	return s
}

func init() {
	register(&CommandSpec{
		Name:   "addtotals",
		Syntax: "addtotals [row=<bool>] [col=<bool>] [fieldname=<field>] [labelfield=<field>] [label=<string>] [<wc-field-list>]",
		Doc:    "Adds a Total field (fieldname=) with the sum of the numeric fields of each result; col=t adds a totals row.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &AddtotalsCommand{Row: true, FieldName: "Total", Label: "Total"}
			known := map[string]bool{"row": true, "col": true, "labelfield": true, "label": true, "fieldname": true}
			for !p.atEnd() {
				if o, ok := p.option(known); ok {
					var err error
					switch o.Key {
					case "row":
						c.Row, err = p.boolOption(o)
					case "col":
						c.Col, err = p.boolOption(o)
					case "fieldname":
						c.FieldName = o.Value
					case "label":
						c.Label = o.Value
					case "labelfield":
						c.LabelField = o.Value
					}
					if err != nil {
						return nil, err
					}
					c.Options = append(c.Options, o)
					continue
				}
				if e := p.unknownOption(known); e != nil {
					return nil, e
				}
				fs := p.fieldList(nil)
				if len(fs) == 0 {
					return nil, p.unexpected(p.peek(), "a field name", "an option such as fieldname=Total")
				}
				c.Fields = append(c.Fields, fs...)
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}

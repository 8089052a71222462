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
	Options []Option
	Fields  []FieldName
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

// Option returns the value of a named option.
func (c *AddtotalsCommand) Option(key string) (string, bool) { return optionValue(c.Options, key) }

func init() {
	register(&CommandSpec{
		Name:   "addtotals",
		Syntax: "addtotals [row=<bool>] [col=<bool>] [fieldname=<field>] [labelfield=<field>] [label=<string>] [<wc-field-list>]",
		Doc:    "Adds a Total field (fieldname=) with the sum of the numeric fields of each result; col=t adds a totals row.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &AddtotalsCommand{}
			known := map[string]bool{"row": true, "col": true, "labelfield": true, "label": true, "fieldname": true}
			for !p.atEnd() {
				if o, ok := p.option(known); ok {
					c.Options = append(c.Options, o)
					continue
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

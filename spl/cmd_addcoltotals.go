package spl

// AddcoltotalsCommand appends a result with the sum of each numeric field:
//
//	addcoltotals [labelfield=<field>] [label=<string>] [<wc-field-list>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/addcoltotals
type AddcoltotalsCommand struct {
	Loc
	Options []Option // as written, for String
	Fields  []FieldName
	// Label (default Total) goes in LabelField when that is given.
	Label, LabelField string
}

func (c *AddcoltotalsCommand) CommandName() string { return "addcoltotals" }

func (c *AddcoltotalsCommand) String() string {
	return optionsAndFieldsString("addcoltotals", c.Options, c.Fields)
}

var addcoltotalsOptions = optionSet{"labelfield": optAny, "label": optAny}

func init() {
	register(&CommandSpec{
		Name:   "addcoltotals",
		Syntax: "addcoltotals [labelfield=<field>] [label=<string>] [<wc-field-list>]",
		Doc:    "Appends a result holding the sum of each numeric field (or of the listed ones), with label in labelfield.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(addcoltotalsOptions)
			if err != nil {
				return nil, err
			}
			c := &AddcoltotalsCommand{Loc: p.loc(), Options: opts, Fields: fields, Label: "Total"}
			for _, o := range opts {
				switch o.Key {
				case "label":
					c.Label = o.Value
				case "labelfield":
					c.LabelField = o.Value
				}
			}
			return c, nil
		},
	})
}

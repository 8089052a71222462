package spl

// FilldownCommand fills a field's missing values with its last value before:
//
//	filldown [<wc-field-list>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/filldown
type FilldownCommand struct {
	Loc
	Options []Option // as written, for String
	Fields  []FieldName
}

func (c *FilldownCommand) CommandName() string { return "filldown" }

func (c *FilldownCommand) String() string {
	return optionsAndFieldsString("filldown", c.Options, c.Fields)
}

var filldownOptions = optionSet{}

func init() {
	register(&CommandSpec{
		Name:   "filldown",
		Syntax: "filldown [<wc-field-list>]",
		Doc:    "Replaces missing values of the listed fields (all fields when none are listed) with the last value seen before.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(filldownOptions)
			if err != nil {
				return nil, err
			}
			c := &FilldownCommand{Loc: p.loc(), Options: opts, Fields: fields}
			return c, nil
		},
	})
}

package spl

// IconifyCommand shows an icon per distinct value of the fields in Splunk's UI:
//
//	iconify <field-list>
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/iconify
type IconifyCommand struct {
	Loc
	Options []Option // as written, for String
	Fields  []FieldName
}

func (c *IconifyCommand) CommandName() string { return "iconify" }

func (c *IconifyCommand) String() string {
	return optionsAndFieldsString("iconify", c.Options, c.Fields)
}

var iconifyOptions = optionSet{}

func init() {
	register(&CommandSpec{
		Name:   "iconify",
		Syntax: "iconify <field-list>",
		Doc:    "Display only: in Splunk's UI, shows an icon for each distinct value of the fields; spelunk passes the results on unchanged.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(iconifyOptions)
			if err != nil {
				return nil, err
			}
			if len(fields) == 0 {
				return nil, p.errorf(p.name, "missing field").withHint("for example: iconify eventtype")
			}
			c := &IconifyCommand{Loc: p.loc(), Options: opts, Fields: fields}
			return c, nil
		},
	})
}

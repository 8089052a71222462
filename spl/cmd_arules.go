package spl

// ArulesCommand finds association rules between field values:
//
//	arules [sup=<int>] [conf=<num>] <field> <field>...
//
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/arules
type ArulesCommand struct {
	Loc
	Sup     int     // default 3
	Conf    float64 // default 0.5
	Fields  []FieldName
	Options []Option
}

func (c *ArulesCommand) CommandName() string { return "arules" }

func (c *ArulesCommand) String() string {
	return optionsAndFieldsString("arules", c.Options, c.Fields)
}

func init() {
	register(&CommandSpec{
		Name:   "arules",
		Syntax: "arules [sup=<int>] [conf=<num>] <field> <field>...",
		Doc:    "Finds rules \"these values of the first fields imply this value of the last\": Given fields, Implied fields, Strength (confidence) and both sides' support.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(optionSet{"sup": optAny, "conf": optNumber})
			if err != nil {
				return nil, err
			}
			if len(fields) < 2 {
				return nil, p.errorf(p.name, "needs at least two fields; %d given", len(fields)).withHint("for example: arules sup=3 conf=.6 field1 field2 field3")
			}
			c := &ArulesCommand{Loc: p.loc(), Sup: 3, Conf: 0.5, Fields: fields, Options: opts}
			for _, o := range opts {
				switch o.Key {
				case "sup":
					if c.Sup, err = p.intAtLeast(o, 0, "must be a whole number, 0 or more"); err != nil {
						return nil, err
					}
				case "conf":
					c.Conf, _ = parseNumber(o.Value)
					if c.Conf < 0 || c.Conf > 1 {
						return nil, p.optionError(o, "conf=%s must be from 0 to 1", o.Value)
					}
				}
			}
			return c, nil
		},
	})
}

package spl

// SelfjoinCommand joins results with other results of the same result set:
//
//	selfjoin [overwrite=<bool>] [max=<int>] [keepsingle=<bool>] <field-list>
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/selfjoin
type SelfjoinCommand struct {
	Loc
	Options []Option // as written, for String
	Fields  []FieldName
	// Overwrite (default true), Max (default 1; 0: no limit) and
	// KeepSingle are their options.
	Overwrite, KeepSingle bool
	Max                   int
}

func (c *SelfjoinCommand) CommandName() string { return "selfjoin" }

func (c *SelfjoinCommand) String() string {
	return optionsAndFieldsString("selfjoin", c.Options, c.Fields)
}

var selfjoinOptions = optionSet{"overwrite": optBool, "max": optIntIn(0, 1<<31-1), "keepsingle": optBool}

func init() {
	register(&CommandSpec{
		Name:   "selfjoin",
		Syntax: "selfjoin [overwrite=<bool>] [max=<int>] [keepsingle=<bool>] <field-list>",
		Doc:    "Joins results that have the same values of the fields with each other.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(selfjoinOptions)
			if err != nil {
				return nil, err
			}
			if len(fields) == 0 {
				return nil, p.errorf(p.name, "missing field").withHint("for example: selfjoin id")
			}
			c := &SelfjoinCommand{Loc: p.loc(), Options: opts, Fields: fields, Overwrite: true, Max: 1}
			for _, o := range opts {
				switch o.Key {
				case "overwrite":
					c.Overwrite = boolOf(o)
				case "keepsingle":
					c.KeepSingle = boolOf(o)
				case "max":
					c.Max = intOf(o)
				}
			}
			return c, nil
		},
	})
}

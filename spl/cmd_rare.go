package spl

// RareCommand lists the least common values of fields; it takes the
// arguments of top:
//
//	rare [<N>] [limit=<int>] [countfield=<s>] [percentfield=<s>] <field-list> [BY <field-list>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/rare
type RareCommand struct {
	Loc
	Options []Option // as written, for String
	TopOptions
	Fields []FieldName
	By     []FieldName
}

func (c *RareCommand) CommandName() string { return "rare" }
func (c *RareCommand) String() string      { return topString("rare", c.Options, c.Fields, c.By) }

func init() {
	register(&CommandSpec{
		Name:   "rare",
		Syntax: "rare [<N>] [limit=<int>] [countfield=<s>] [percentfield=<s>] <field-list> [BY <field-list>]",
		Doc:    "Lists the least common value combinations of fields with count and percent (10 by default).",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, by, err := p.topArgs()
			if err != nil {
				return nil, err
			}
			to, err := p.topOptions(opts)
			if err != nil {
				return nil, err
			}
			return &RareCommand{Loc: p.loc(), Options: opts, TopOptions: to, Fields: fields, By: by}, nil
		},
	})
}

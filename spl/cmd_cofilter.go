package spl

// CofilterCommand counts how many users share each pair of items:
//
//	cofilter <field1> <field2>
//
// field1 is the user field, field2 the item field.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/cofilter
type CofilterCommand struct {
	Loc
	User, Item FieldName
}

func (c *CofilterCommand) CommandName() string { return "cofilter" }

func (c *CofilterCommand) String() string {
	return "cofilter " + c.User.String() + " " + c.Item.String()
}

func init() {
	register(&CommandSpec{
		Name:   "cofilter",
		Syntax: "cofilter <field1> <field2>",
		Doc:    "For each pair of values of field2 (items) held by the same values of field1 (users), gives each item's user count and the pair's.",
		Parse: func(p *cmdParser) (Command, error) {
			// cofilter takes no options: any key=value is an unknown one.
			_, fields, err := p.optionsAndFields(optionSet{})
			if err != nil {
				return nil, err
			}
			if len(fields) != 2 {
				return nil, p.errorf(p.name, "needs two fields, <field1> <field2> (user, then item); %d given", len(fields)).withHint("for example: cofilter user item")
			}
			return &CofilterCommand{Loc: p.loc(), User: fields[0], Item: fields[1]}, nil
		},
	})
}

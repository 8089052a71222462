package spl

// RequireCommand fails the search when it has no results:
//
//	require
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/require
type RequireCommand struct {
	Loc
	Options []Option // as written, for String
	Fields  []FieldName
}

func (c *RequireCommand) CommandName() string { return "require" }

func (c *RequireCommand) String() string {
	return optionsAndFieldsString("require", c.Options, c.Fields)
}

var requireOptions = optionSet{}

func init() {
	register(&CommandSpec{
		Name:   "require",
		Syntax: "require",
		Doc:    "Makes the search fail when the commands before it return no results.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(requireOptions)
			if err != nil {
				return nil, err
			}
			if len(fields) > 0 {
				return nil, &Error{Pos: fields[0].Start, End: fields[0].End, Msg: "require: unexpected " + strconvQuote(fields[0].Name)}
			}
			c := &RequireCommand{Loc: p.loc(), Options: opts, Fields: fields}
			return c, nil
		},
	})
}

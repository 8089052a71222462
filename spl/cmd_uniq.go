package spl

// UniqCommand removes a result identical to the one before it:
//
//	uniq
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/uniq
type UniqCommand struct {
	Loc
	Options []Option // as written, for String
	Fields  []FieldName
}

func (c *UniqCommand) CommandName() string { return "uniq" }

func (c *UniqCommand) String() string { return optionsAndFieldsString("uniq", c.Options, c.Fields) }

var uniqOptions = optionSet{}

func init() {
	register(&CommandSpec{
		Name:   "uniq",
		Syntax: "uniq",
		Doc:    "Removes each result that is an exact duplicate of the result before it.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(uniqOptions)
			if err != nil {
				return nil, err
			}
			if len(fields) > 0 {
				return nil, &Error{Pos: fields[0].Start, End: fields[0].End, Msg: "uniq: unexpected " + strconvQuote(fields[0].Name)}
			}
			c := &UniqCommand{Loc: p.loc(), Options: opts, Fields: fields}
			return c, nil
		},
	})
}

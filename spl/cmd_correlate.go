package spl

// CorrelateCommand tabulates how often fields occur together:
//
//	correlate [type=cocur]
//
// type=cocur, the only type, is the Search Manual's form ("Look for
// associations, statistical correlations, and differences in search
// results").
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/correlate
type CorrelateCommand struct {
	Loc
	Options []Option
}

func (c *CorrelateCommand) CommandName() string { return "correlate" }

func (c *CorrelateCommand) String() string {
	return optionsAndFieldsString("correlate", c.Options, nil)
}

func init() {
	register(&CommandSpec{
		Name:   "correlate",
		Syntax: "correlate [type=cocur]",
		Doc:    "Gives a matrix of field co-occurrence: a result per field (RowField) with, under each field's name, the share of results holding either field that hold both.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(optionSet{"type": optOneOf("cocur")})
			if err != nil {
				return nil, err
			}
			if len(fields) > 0 {
				f := fields[0]
				return nil, &Error{Pos: f.Start, End: f.End, Msg: "correlate: unexpected " + quoteAll([]string{f.Name})[0], Hint: "correlate takes no fields: it compares every field"}
			}
			return &CorrelateCommand{Loc: p.loc(), Options: opts}, nil
		},
	})
}

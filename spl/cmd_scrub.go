package spl

// ScrubCommand anonymizes the results:
//
//	scrub [public-terms=<file>] [private-terms=<file>] [name-terms=<file>] [dictionary=<file>] [timeconfig=<file>] [namespace=<string>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/scrub
type ScrubCommand struct {
	Loc
	Options []Option // as written, for String
	Fields  []FieldName
}

func (c *ScrubCommand) CommandName() string { return "scrub" }

func (c *ScrubCommand) String() string { return optionsAndFieldsString("scrub", c.Options, c.Fields) }

var scrubOptions = optionSet{"public-terms": optAny, "private-terms": optAny, "name-terms": optAny, "dictionary": optAny, "timeconfig": optAny, "namespace": optAny}

func init() {
	register(&CommandSpec{
		Name:   "scrub",
		Syntax: "scrub [namespace=<string>] [public-terms=<file>] [private-terms=<file>] [name-terms=<file>] [dictionary=<file>] [timeconfig=<file>]",
		Doc:    "Anonymizes the results: replaces each term that is not a common word with a made-up one of the same shape, the same every time.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(scrubOptions)
			if err != nil {
				return nil, err
			}
			if len(fields) > 0 {
				return nil, &Error{Pos: fields[0].Start, End: fields[0].End, Msg: "scrub: unexpected " + strconvQuote(fields[0].Name)}
			}
			c := &ScrubCommand{Loc: p.loc(), Options: opts, Fields: fields}
			return c, nil
		},
	})
}

package spl

// AbstractCommand shortens the text of each result to its most telling lines:
//
//	abstract [maxterms=<int>] [maxlines=<int>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/abstract
type AbstractCommand struct {
	Loc
	Options []Option // as written, for String
	Fields  []FieldName
	// MaxTerms (default 1000) and MaxLines (default 5).
	MaxTerms, MaxLines int
}

func (c *AbstractCommand) CommandName() string { return "abstract" }

func (c *AbstractCommand) String() string {
	return optionsAndFieldsString("abstract", c.Options, c.Fields)
}

var abstractOptions = optionSet{"maxterms": optIntIn(1, 1000), "maxlines": optIntIn(1, 500)}

func init() {
	register(&CommandSpec{
		Name:   "abstract",
		Syntax: "abstract [maxterms=<int>] [maxlines=<int>]",
		Doc:    "Replaces each result's _raw with a summary: at most maxlines lines (default 5), those with the most terms, gaps marked with ...",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(abstractOptions)
			if err != nil {
				return nil, err
			}
			if len(fields) > 0 {
				return nil, &Error{Pos: fields[0].Start, End: fields[0].End, Msg: "abstract: unexpected " + strconvQuote(fields[0].Name)}
			}
			c := &AbstractCommand{Loc: p.loc(), Options: opts, Fields: fields, MaxTerms: 1000, MaxLines: 5}
			for _, o := range opts {
				if o.Key == "maxterms" {
					c.MaxTerms = intOf(o)
				} else {
					c.MaxLines = intOf(o)
				}
			}
			return c, nil
		},
	})
}

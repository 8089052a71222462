package spl

// InputcsvCommand loads the results of a CSV file:
//
//	| inputcsv [dispatch=<bool>] [append=<bool>] [strict=<bool>] [start=<int>]
//	           [max=<int>] [events=<bool>] <filename> [WHERE <search-query>]
//
// It generates results, so it comes first, unless append=true adds the
// rows to the results of the commands before it.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/inputcsv
type InputcsvCommand struct {
	Loc
	Options []Option // as written, for String
	// Append, Dispatch, Events and Strict are their options; Start is
	// start= (0-based); Max is max= (nil: the default, 1000000000).
	Append, Dispatch, Events, Strict bool
	Start                            int
	Max                              *int
	File                             string
	Where                            SearchExpr
}

func (c *InputcsvCommand) CommandName() string { return "inputcsv" }

func (c *InputcsvCommand) String() string {
	return inputString("inputcsv", c.Options, c.File, c.Where)
}

var inputcsvOptions = optionSet{
	"dispatch": optBool, "append": optBool, "strict": optBool, "start": optAny, "max": optAny, "events": optBool,
}

func init() {
	register(&CommandSpec{
		Name:   "inputcsv",
		Syntax: "| inputcsv [dispatch=<bool>] [append=<bool>] [start=<int>] [max=<int>] [events=<bool>] <filename> [WHERE <search>]",
		Doc:    "Returns the rows of a CSV file in the folder given with --csv-dir (first in a search, or anywhere with append=true).",
		Parse: func(p *cmdParser) (Command, error) {
			c := &InputcsvCommand{}
			for !p.atEnd() && !isKeyword(p.peek(), "where") {
				o, ok, err := p.knownOption(inputcsvOptions)
				if err != nil {
					return nil, err
				}
				if ok {
					if err := c.setOption(p, o); err != nil {
						return nil, err
					}
					c.Options = append(c.Options, o)
					continue
				}
				t := p.next()
				if (t.kind != tWord && t.kind != tString) || c.File != "" {
					return nil, p.unexpected(t, "a file name", "key=value", "WHERE")
				}
				c.File = t.val
			}
			if c.File == "" {
				return nil, p.errorf(p.name, "missing file name").withHint("for example: | inputcsv all_users.csv")
			}
			where, err := p.inputWhere(c.Append, "generates results and must be the first command of a search")
			if err != nil {
				return nil, err
			}
			c.Where = where
			c.Loc = p.loc()
			return c, nil
		},
	})
}

func (c *InputcsvCommand) setOption(p *cmdParser, o Option) error {
	var err error
	b, _ := ParseBool(o.Value)
	switch o.Key {
	case "append":
		c.Append = b
	case "dispatch":
		c.Dispatch = b
	case "events":
		c.Events = b
	case "strict":
		c.Strict = b
	case "start", "max":
		err = p.startMaxOption(o, &c.Start, &c.Max)
	}
	return err
}

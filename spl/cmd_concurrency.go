package spl

// ConcurrencyCommand counts, for each result, the results in progress
// when it started:
//
//	concurrency duration=<field> [start=<field>] [output=<field>]
//
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/concurrency
type ConcurrencyCommand struct {
	Loc
	Duration string
	Start    string // default _time
	Output   string // default concurrency
	Options  []Option
}

func (c *ConcurrencyCommand) CommandName() string { return "concurrency" }

func (c *ConcurrencyCommand) String() string {
	return optionsAndFieldsString("concurrency", c.Options, nil)
}

func init() {
	register(&CommandSpec{
		Name:   "concurrency",
		Syntax: "concurrency duration=<field> [start=<field>] [output=<field>]",
		Doc:    "Writes into output (default concurrency) how many results were in progress when each result started (start, default _time, to start+duration), itself included.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(optionSet{"duration": optAny, "start": optAny, "output": optAny})
			if err != nil {
				return nil, err
			}
			if len(fields) > 0 {
				f := fields[0]
				return nil, &Error{Pos: f.Start, End: f.End, Msg: "concurrency: unexpected " + quoteAll([]string{f.Name})[0], Hint: "name the fields with duration=, start= and output="}
			}
			c := &ConcurrencyCommand{Loc: p.loc(), Start: "_time", Output: "concurrency", Options: opts}
			for _, o := range opts {
				switch o.Key {
				case "duration":
					c.Duration = o.Value
				case "start":
					c.Start = o.Value
				case "output":
					c.Output = o.Value
				}
			}
			if c.Duration == "" {
				return nil, p.errorf(p.name, "missing duration=<field>").withHint("for example: concurrency duration=duration")
			}
			return c, nil
		},
	})
}

package spl

// AppendCommand adds the results of a subsearch after the current ones:
//
//	append [extendtimerange=<bool>] [maxtime=<int>] [maxout=<int>] [timeout=<int>] <subsearch>
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/append
type AppendCommand struct {
	Loc
	Options []Option // as written, for String
	// MaxOut is maxout=, the most subsearch results kept; 0 when not
	// given (or given as 0), which keeps the run's default.
	MaxOut int
	// ExtendTimeRange is extendtimerange=; MaxTime and Timeout are
	// maxtime= and timeout= in seconds (0 when not given).
	ExtendTimeRange bool
	MaxTime         int
	Timeout         int
	Sub             *Subsearch
}

func (c *AppendCommand) CommandName() string { return "append" }

func (c *AppendCommand) String() string {
	if len(c.Options) > 0 {
		return "append " + optionsString(c.Options) + " " + c.Sub.String()
	}
	return "append " + c.Sub.String()
}

func init() {
	register(&CommandSpec{
		Name:   "append",
		Syntax: "append [maxout=<int>] <subsearch>",
		Doc:    "Adds the results of a subsearch after the current results.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, sub, err := p.subsearchArgs(map[string]bool{"extendtimerange": true, "maxtime": true, "maxout": true, "timeout": true})
			if err != nil {
				return nil, err
			}
			c := &AppendCommand{Loc: p.loc(), Options: opts, Sub: sub}
			for _, o := range opts {
				switch o.Key {
				case "maxout":
					c.MaxOut, err = p.intAtLeast(o, 0, "must be a whole number")
				case "extendtimerange":
					c.ExtendTimeRange, err = p.boolOption(o)
				case "maxtime":
					c.MaxTime, err = p.intOption(o)
				case "timeout":
					c.Timeout, err = p.intOption(o)
				}
				if err != nil {
					return nil, err
				}
			}
			return c, nil
		},
	})
}

package spl

// AppendCommand adds the results of a subsearch after the current ones:
//
//	append [extendtimerange=<bool>] [maxtime=<int>] [maxout=<int>] [timeout=<int>] <subsearch>
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/append
type AppendCommand struct {
	Loc
	Options []Option
	Sub     *Subsearch
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
			return &AppendCommand{Loc: p.loc(), Options: opts, Sub: sub}, nil
		},
	})
}

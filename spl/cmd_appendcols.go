package spl

import "strings"

// AppendcolsCommand adds the fields of a subsearch's results to the
// current results, first to first, second to second:
//
//	appendcols [override=<bool>] [maxtime=<int>] [maxout=<int>] [timeout=<int>] <subsearch>
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/appendcols
type AppendcolsCommand struct {
	Loc
	// Override makes the subsearch's value win when both results have
	// the field; by default the current result's value stays.
	Override bool
	// MaxOut caps the subsearch's results (0: the default limit).
	// MaxTime and Timeout (seconds; 0: not given) bound a live search and
	// are kept for the canonical form only.
	MaxOut, MaxTime, Timeout int
	Sub                      *Subsearch
}

func (c *AppendcolsCommand) CommandName() string { return "appendcols" }

func (c *AppendcolsCommand) String() string {
	parts := []string{"appendcols"}
	if c.Override {
		parts = append(parts, "override=true")
	}
	for _, o := range []struct {
		key string
		n   int
	}{{"maxtime", c.MaxTime}, {"maxout", c.MaxOut}, {"timeout", c.Timeout}} {
		if o.n != 0 {
			parts = append(parts, o.key+"="+itoa(o.n))
		}
	}
	return strings.Join(append(parts, c.Sub.String()), " ")
}

func init() {
	register(&CommandSpec{
		Name:   "appendcols",
		Syntax: "appendcols [override=<bool>] [maxtime=<int>] [maxout=<int>] [timeout=<int>] <subsearch>",
		Doc:    "Adds the fields of the subsearch's results to the current results, row by row (the current values stay unless override=true); internal fields are not added.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, sub, err := p.subsearchArgs(map[string]bool{"override": true, "maxtime": true, "maxout": true, "timeout": true})
			if err != nil {
				return nil, err
			}
			c := &AppendcolsCommand{Loc: p.loc(), Sub: sub}
			for _, o := range opts {
				switch o.Key {
				case "override":
					c.Override, err = p.boolOption(o)
				case "maxtime":
					c.MaxTime, err = p.intOption(o)
				case "maxout":
					c.MaxOut, err = p.intOption(o)
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

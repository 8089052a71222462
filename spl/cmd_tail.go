package spl

// TailCommand keeps the last N results (default 10), last first.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/tail
type TailCommand struct {
	Loc
	Count int
}

func (c *TailCommand) CommandName() string { return "tail" }
func (c *TailCommand) String() string      { return "tail " + itoa(c.Count) }

func init() {
	register(&CommandSpec{
		Name:   "tail",
		Syntax: "tail [<N>]",
		Doc:    "Keeps the last N results (default 10), in reverse order.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &TailCommand{Loc: p.loc(), Count: 10}
			if !p.atEnd() {
				t := p.next()
				n, ok := isInt(t)
				if !ok {
					return nil, p.unexpected(t, "a number")
				}
				c.Count = n
			}
			if err := p.expectEnd("end of command"); err != nil {
				return nil, err
			}
			return c, nil
		},
	})
}

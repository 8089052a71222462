package spl

// ReverseCommand reverses the order of the results.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/reverse
type ReverseCommand struct {
	Loc
}

func (c *ReverseCommand) CommandName() string { return "reverse" }
func (c *ReverseCommand) String() string      { return "reverse" }

func init() {
	register(&CommandSpec{
		Name:   "reverse",
		Syntax: "reverse",
		Doc:    "Reverses the order of the results.",
		Parse: func(p *cmdParser) (Command, error) {
			if err := p.expectEnd("end of command"); err != nil {
				return nil, err
			}
			return &ReverseCommand{Loc: p.loc()}, nil
		},
	})
}

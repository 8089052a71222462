package spl

// AddinfoCommand adds information about the search to each result:
//
//	addinfo
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/addinfo
type AddinfoCommand struct {
	Loc
}

func (c *AddinfoCommand) CommandName() string { return "addinfo" }

func (c *AddinfoCommand) String() string { return "addinfo" }

func init() {
	register(&CommandSpec{
		Name:   "addinfo",
		Syntax: "addinfo",
		Doc:    "Adds info_min_time and info_max_time (the search's time range: its earliest=/latest=, else 0 and +Infinity for all time), info_search_time (its now) and info_sid to each result.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &AddinfoCommand{Loc: p.loc()}
			if err := p.expectEnd("end of command (addinfo takes no arguments)"); err != nil {
				return nil, err
			}
			return c, nil
		},
	})
}

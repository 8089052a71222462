package spl

// EventstatsCommand adds aggregate statistics to every result of the
// group they were computed over:
//
//	eventstats [allnum=<bool>] <stats-agg-term>... [BY <field-list>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/eventstats
type EventstatsCommand struct {
	Loc
	Options []Option // as written, for String
	AllNum  bool     // allnum=
	Aggs    []Aggregation
	By      []FieldName
}

func (c *EventstatsCommand) CommandName() string { return "eventstats" }
func (c *EventstatsCommand) String() string {
	return statsString("eventstats", c.Options, c.Aggs, c.By)
}

func init() {
	register(&CommandSpec{
		Name:   "eventstats",
		Syntax: "eventstats [allnum=<bool>] <stats-func>... [BY <field-list>]",
		Doc:    "Computes statistics like stats and adds them to each result of the group instead of replacing the results.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, aggs, by, err := p.statsArgs(map[string]bool{"allnum": true})
			if err != nil {
				return nil, err
			}
			c := &EventstatsCommand{Loc: p.loc(), Options: opts, Aggs: aggs, By: by}
			for _, o := range opts {
				if c.AllNum, err = p.boolOption(o); err != nil {
					return nil, err
				}
			}
			return c, nil
		},
	})
}

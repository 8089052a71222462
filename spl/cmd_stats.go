package spl

// StatsCommand computes aggregate statistics, optionally grouped by
// fields:
//
//	stats [allnum=<bool>] [delim=<string>] [partitions=<num>] [dedup_splitvals=<bool>]
//	      <stats-agg-term>... [BY <field-list>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/stats
type StatsCommand struct {
	Loc
	Options []Option // as written, for String
	// AllNum is allnum=; DedupSplitVals is dedup_splitvals=.
	AllNum, DedupSplitVals bool
	// Delim is delim= (default a single space); Partitions is
	// partitions=, 0 when not given.
	Delim      string
	Partitions int
	Aggs       []Aggregation
	By         []FieldName
}

func (c *StatsCommand) CommandName() string { return "stats" }
func (c *StatsCommand) String() string {
	return statsString("stats", c.Options, c.Aggs, c.By)
}

var statsOptions = map[string]bool{"allnum": true, "delim": true, "partitions": true, "dedup_splitvals": true}

func init() {
	register(&CommandSpec{
		Name:   "stats",
		Syntax: "stats [allnum=<bool>] [dedup_splitvals=<bool>] <stats-func>... [BY <field-list>]",
		Doc:    "Aggregates all results, or each group of results with the same BY values, into one row.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, aggs, by, err := p.statsArgs(statsOptions)
			if err != nil {
				return nil, err
			}
			c := &StatsCommand{Loc: p.loc(), Options: opts, Delim: " ", Aggs: aggs, By: by}
			for _, o := range opts {
				switch o.Key {
				case "allnum":
					c.AllNum, err = p.boolOption(o)
				case "dedup_splitvals":
					c.DedupSplitVals, err = p.boolOption(o)
				case "delim":
					c.Delim = o.Value
				case "partitions":
					c.Partitions, err = p.intOption(o)
				}
				if err != nil {
					return nil, err
				}
			}
			return c, nil
		},
	})
}

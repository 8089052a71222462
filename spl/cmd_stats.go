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
	Options []Option
	Aggs    []Aggregation
	By      []FieldName
}

func (c *StatsCommand) CommandName() string { return "stats" }
func (c *StatsCommand) String() string {
	return statsString("stats", c.Options, c.Aggs, c.By)
}

// Option returns the value of a named option.
func (c *StatsCommand) Option(key string) (string, bool) { return optionValue(c.Options, key) }

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
			return &StatsCommand{Loc: p.loc(), Options: opts, Aggs: aggs, By: by}, nil
		},
	})
}

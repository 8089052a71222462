package spl

// StreamstatsCommand adds running statistics to each result, in the
// order results arrive:
//
//	streamstats [current=<bool>] [window=<int>] [global=<bool>] [allnum=<bool>]
//	            [reset_on_change=<bool>] [reset_before="(<eval>)"] [reset_after="(<eval>)"]
//	            [time_window=<span>] <stats-agg-term>... [BY <field-list>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/streamstats
type StreamstatsCommand struct {
	Loc
	Options []Option
	Aggs    []Aggregation
	By      []FieldName
}

func (c *StreamstatsCommand) CommandName() string { return "streamstats" }
func (c *StreamstatsCommand) String() string {
	return statsString("streamstats", c.Options, c.Aggs, c.By)
}

// Option returns the value of a named option.
func (c *StreamstatsCommand) Option(key string) (string, bool) { return optionValue(c.Options, key) }

var streamstatsOptions = map[string]bool{
	"current": true, "window": true, "global": true, "allnum": true, "reset_on_change": true,
	"reset_before": true, "reset_after": true, "time_window": true,
}

func init() {
	register(&CommandSpec{
		Name:   "streamstats",
		Syntax: "streamstats [current=<bool>] [window=<int>] [reset_on_change=<bool>] [time_window=<span>] <stats-func>... [BY <field-list>]",
		Doc:    "Adds cumulative statistics to each result as it streams by (streamstats count numbers the results 1..N).",
		Parse: func(p *cmdParser) (Command, error) {
			opts, aggs, by, err := p.statsArgs(streamstatsOptions)
			if err != nil {
				return nil, err
			}
			return &StreamstatsCommand{Loc: p.loc(), Options: opts, Aggs: aggs, By: by}, nil
		},
	})
}

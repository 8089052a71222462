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
	Options []Option // as written, for String
	// Current and Global default to true.
	Current, Global bool
	AllNum          bool
	ResetOnChange   bool
	// Window is window=, the number of results in the window; 0 for all.
	Window int
	// TimeWindow is time_window=; nil when not given.
	TimeWindow *Span
	// ResetBefore and ResetAfter are reset_before= and reset_after=;
	// nil when not given.
	ResetBefore, ResetAfter Expr
	Aggs                    []Aggregation
	By                      []FieldName
}

func (c *StreamstatsCommand) CommandName() string { return "streamstats" }
func (c *StreamstatsCommand) String() string {
	return statsString("streamstats", c.Options, c.Aggs, c.By)
}

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
			c := &StreamstatsCommand{Loc: p.loc(), Options: opts, Current: true, Global: true, Aggs: aggs, By: by}
			if err := c.setOptions(p); err != nil {
				return nil, err
			}
			return c, nil
		},
	})
}

func (c *StreamstatsCommand) setOptions(p *cmdParser) error {
	for _, o := range c.Options {
		var err error
		switch o.Key {
		case "current":
			c.Current, err = p.boolOption(o)
		case "global":
			c.Global, err = p.boolOption(o)
		case "allnum":
			c.AllNum, err = p.boolOption(o)
		case "reset_on_change":
			c.ResetOnChange, err = p.boolOption(o)
		case "window":
			c.Window, err = p.intAtLeast(o, 0, "must be a whole number of results (0 for all)")
		case "time_window":
			sp, e := ParseTimeSpan(o.Value)
			if e != nil {
				return p.optionError(o, "time_window=%s: %v", o.Value, e)
			}
			c.TimeWindow = &sp
		case "reset_before", "reset_after":
			x, e := ParseExpr(o.Value)
			if e != nil {
				return p.optionError(o, "%s=%q: %v", o.Key, o.Value, e)
			}
			if o.Key == "reset_before" {
				c.ResetBefore = x
			} else {
				c.ResetAfter = x
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

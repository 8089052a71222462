package spl

// SICommand is one of the summary-indexing commands, sichart, sirare,
// sistats, sitimechart and sitop: the command they are named after, with
// its syntax, whose results Splunk keeps in a form a later search of the
// summary index can aggregate again.
//
//	sistats <stats arguments>   (and so on for chart, rare, timechart, top)
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/sistats
// (and .../sichart, .../sirare, .../sitimechart, .../sitop)
type SICommand struct {
	Loc
	Name  string  // sistats, sichart, ...
	Inner Command // the parsed stats, chart, rare, timechart or top
}

func (c *SICommand) CommandName() string { return c.Name }

// String prints the inner command's canonical form under the si name.
func (c *SICommand) String() string { return "si" + c.Inner.String() }

// siCommands maps each summary-indexing command to the command whose
// arguments it takes.
var siCommands = []struct{ name, base, doc string }{
	{"sichart", "chart", "Summary-indexing chart: the results of chart, for a summary index (run as chart offline)."},
	{"sirare", "rare", "Summary-indexing rare: the results of rare, for a summary index (run as rare offline)."},
	{"sistats", "stats", "Summary-indexing stats: the results of stats, for a summary index (run as stats offline)."},
	{"sitimechart", "timechart", "Summary-indexing timechart: the results of timechart, for a summary index (run as timechart offline)."},
	{"sitop", "top", "Summary-indexing top: the results of top, for a summary index (run as top offline)."},
}

func init() {
	for _, si := range siCommands {
		name, base := si.name, si.base
		register(&CommandSpec{
			Name:   name,
			Syntax: name + " <the arguments of " + base + ">",
			Doc:    si.doc,
			Parse: func(p *cmdParser) (Command, error) {
				// The base command registers in its own init, which may
				// run after this one: look it up when parsing.
				inner, err := lookupCommand(base).Parse(p)
				if err != nil {
					return nil, err
				}
				return &SICommand{Loc: p.loc(), Name: name, Inner: inner}, nil
			},
		})
	}
}

// BaseCommand is the name of the command an si command runs as.
func (c *SICommand) BaseCommand() string { return c.Inner.CommandName() }

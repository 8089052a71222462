package spl

import "strings"

// LiveCommand is a command that only means something against a live
// Splunk: it reads a server's REST API, indexes, jobs or saved searches,
// or acts on the world (email, alerts, scripts, writing to an index).
// spelunk parses it so that searches using it read, print and report
// positions, and refuses to run it, saying what to do instead. Its
// arguments are kept generically, in order: key=value options and words.
type LiveCommand struct {
	Loc
	Name string // the registry name
	Args []LiveArg
}

// LiveArg is one argument of a LiveCommand: key=value, or a word (Key "").
type LiveArg struct {
	Loc
	Key   string
	Value string
}

func (a LiveArg) String() string {
	if a.Key == "" {
		return word(a.Value)
	}
	return a.Key + "=" + word(a.Value)
}

func (c *LiveCommand) CommandName() string { return c.Name }

func (c *LiveCommand) String() string {
	parts := []string{c.Name}
	for _, a := range c.Args {
		parts = append(parts, a.String())
	}
	return strings.Join(parts, " ")
}

// liveCommands are the commands of the Search Reference that need a live
// Splunk. Generating ones must start a search.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands
var liveCommands = []struct {
	name       string
	aliases    []string
	generating bool
	syntax     string
	doc        string
}{
	{"audit", nil, true, "| audit", "Lists the audit trail of a live Splunk (parsed; needs a live server)."},
	{"datamodelsimple", nil, true, "| datamodelsimple type=<models|objects|attributes> [datamodel=<name>] [object=<name>]", "Lists a live Splunk's data models, datasets or fields (parsed; needs a live server)."},
	{"dbinspect", nil, true, "| dbinspect [index=<index>...] [span=<timespan> | timeformat=<format>] [corruptonly=<bool>] [cached=<bool>]", "Describes the buckets of live indexes (parsed; needs a live server)."},
	{"delete", nil, false, "delete", "Makes events unsearchable in a live index (parsed; needs a live server)."},
	{"history", nil, true, "| history [events=<bool>]", "Lists the search history of a live Splunk user (parsed; needs a live server)."},
	{"inputintelligence", nil, true, "| inputintelligence <name> [<arg>=<value>...]", "Reads threat intelligence collections of Enterprise Security (parsed; needs a live server)."},
	{"loadjob", nil, true, "| loadjob (<sid> | savedsearch=\"<user>:<app>:<name>\") [<arg>=<value>...]", "Loads the results of a finished search job (parsed; needs a live server)."},
	{"localop", nil, false, "localop", "Runs the rest of a distributed search on the search head (parsed; needs a live server)."},
	{"mcatalog", nil, true, "| mcatalog values(<field>) [WHERE <search>] [BY <field-list>]", "Lists the metric names and dimensions of live metrics indexes (parsed; needs a live server)."},
	{"mcollect", nil, false, "mcollect index=<index> [<arg>=<value>...] [<field>...]", "Writes the results into a metrics index (parsed; needs a live server)."},
	{"metasearch", nil, true, "| metasearch [<search>]", "Searches the metadata of live index events (parsed; needs a live server)."},
	{"meventcollect", nil, false, "meventcollect index=<index> [<arg>=<value>...] [<field>...]", "Writes the results into a metrics index as events (parsed; needs a live server)."},
	{"mpreview", []string{"msearch"}, true, "| mpreview [index=<index>...] [filter=<string>] [<arg>=<value>...]", "Shows the raw metric data points of live metrics indexes (parsed; needs a live server)."},
	{"redistribute", nil, false, "redistribute [num_of_reducers=<int>] [by <field-list>]", "Spreads a search over intermediate reducers of a live deployment (parsed; needs a live server)."},
	{"runshellscript", nil, false, "runshellscript <script-filename> <args>...", "Runs an alert script on a live Splunk server (parsed; needs a live server)."},
	{"savedsearch", nil, true, "| savedsearch <name> [<arg>=<value>...]", "Runs a saved search stored on a live Splunk (parsed; needs a live server)."},
	{"script", []string{"run"}, false, "script <script-name> [<script-arg>...] [maxinputs=<int>]", "Runs an external script installed on a live Splunk (parsed; needs a live server)."},
	{"searchtxn", nil, true, "| searchtxn <transaction-name> [max_terms=<int>] [use_disjunct=<bool>] [eventsonly=<bool>] <search>", "Finds transactions of a configured transaction type in live indexes (parsed; needs a live server)."},
	{"sendalert", nil, false, "sendalert <alert-action> [results_link=<url>] [results_path=<path>] [param.<name>=<value>...]", "Triggers a custom alert action of a live Splunk (parsed; needs a live server)."},
	{"sendemail", nil, false, "sendemail to=<emails> [from=<email>] [cc=<emails>] [subject=<string>] [message=<string>] [sendresults=<bool>] [<arg>=<value>...]", "Emails the results through a live Splunk's mail settings (parsed; needs a live server)."},
	{"tscollect", nil, false, "tscollect [namespace=<string>] [squashcase=<bool>] [keepresults=<bool>]", "Writes the results into tsidx files of a live Splunk (parsed; needs a live server)."},
	{"typeahead", nil, true, "| typeahead prefix=<string> count=<int> [index=<index>...]", "Lists search-bar suggestions from a live index's lexicon (parsed; needs a live server)."},
	{"walklex", nil, true, "| walklex [type=<all|field|fieldvalue|term>] [prefix=<string> | pattern=<wildcard>] [index=<index>...] [splunk_server=<name>]", "Lists the terms of a live index's lexicon (parsed; needs a live server)."},
}

func init() {
	for _, lc := range liveCommands {
		name := lc.name
		register(&CommandSpec{
			Name:       name,
			Aliases:    lc.aliases,
			Generating: lc.generating,
			Syntax:     lc.syntax,
			Doc:        lc.doc,
			Parse: func(p *cmdParser) (Command, error) {
				c := &LiveCommand{Loc: p.loc(), Name: name}
				for !p.atEnd() {
					if o, ok := p.paramOption(); ok {
						c.Args = append(c.Args, LiveArg{Loc: o.Loc, Key: o.Key, Value: o.Value})
						continue
					}
					t := p.next()
					switch t.kind {
					case tWord, tString, tLParen, tRParen, tOp:
						c.Args = append(c.Args, LiveArg{Loc: Loc{Start: t.pos, End: t.end}, Value: t.val})
					case tComma:
					default:
						return nil, p.unexpected(t, "key=value", "a word")
					}
				}
				return c, nil
			},
		})
	}
}

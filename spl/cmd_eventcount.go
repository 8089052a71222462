package spl

import (
	"strconv"
	"strings"
)

// EventcountCommand counts the events of indexes:
//
//	| eventcount [index=<string>]... [summarize=<bool>] [report_size=<bool>]
//	             [list_federated_remote=<bool>] [list_vix=<bool>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/eventcount
type EventcountCommand struct {
	Loc
	// Indexes are the index= patterns (wildcards allowed); none means
	// the default indexes.
	Indexes []string
	// Summarize (default true) gives one count over all indexes;
	// ReportSize adds size_bytes.
	Summarize, ReportSize bool
	// ListVix (default true) and ListFederatedRemote list virtual and
	// federated indexes.
	ListVix, ListFederatedRemote bool
}

func (c *EventcountCommand) CommandName() string { return "eventcount" }

func (c *EventcountCommand) String() string {
	parts := []string{"eventcount"}
	for _, ix := range c.Indexes {
		parts = append(parts, "index="+word(ix))
	}
	flag := func(name string, v, def bool) {
		if v != def {
			parts = append(parts, name+"="+strconv.FormatBool(v))
		}
	}
	flag("summarize", c.Summarize, true)
	flag("report_size", c.ReportSize, false)
	flag("list_federated_remote", c.ListFederatedRemote, false)
	flag("list_vix", c.ListVix, true)
	return strings.Join(parts, " ")
}

var eventcountOptions = optionSet{
	"index": optAny, "summarize": optBool, "report_size": optBool,
	"list_federated_remote": optBool, "list_vix": optBool,
}

func init() {
	register(&CommandSpec{
		Name:       "eventcount",
		Generating: true,
		Syntax:     "| eventcount [index=<string>]... [summarize=<bool>] [report_size=<bool>] [list_federated_remote=<bool>] [list_vix=<bool>]",
		Doc:        "Counts the events of the indexes: one count, or with summarize=false one row per index with provider and server (report_size=true adds size_bytes).",
		Parse: func(p *cmdParser) (Command, error) {
			c := &EventcountCommand{Loc: p.loc(), Summarize: true, ListVix: true}
			for !p.atEnd() {
				o, ok, err := p.knownOption(eventcountOptions)
				if err != nil {
					return nil, err
				}
				if !ok {
					return nil, p.unexpected(p.peek(), "index=", "summarize=", "report_size=", "list_federated_remote=", "list_vix=")
				}
				b, _ := ParseBool(o.Value)
				switch o.Key {
				case "index":
					c.Indexes = append(c.Indexes, o.Value)
				case "summarize":
					c.Summarize = b
				case "report_size":
					c.ReportSize = b
				case "list_federated_remote":
					c.ListFederatedRemote = b
				case "list_vix":
					c.ListVix = b
				}
			}
			return c, nil
		},
	})
}

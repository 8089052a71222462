package spl

import "strings"

// MetadataCommand lists the hosts, sources or sourcetypes of indexes:
//
//	| metadata type=<hosts|sources|sourcetypes> [index=<index>]...
//	           [splunk_server=<wc-string>] [splunk_server_group=<wc-string>]...
//	           [datatype=<metric|event>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/metadata
type MetadataCommand struct {
	Loc
	// Type is hosts, sources or sourcetypes, lower-cased.
	Type string
	// Indexes are the index= patterns (wildcards allowed); none means
	// the default indexes.
	Indexes []string
	// Server is splunk_server=, "" when not given; ServerGroups are the
	// splunk_server_group= options as written.
	Server       string
	ServerGroups []Option
	// Datatype is metric or event (lower-cased), "" when not given.
	Datatype    string
	DatatypeOpt Option
}

func (c *MetadataCommand) CommandName() string { return "metadata" }

func (c *MetadataCommand) String() string {
	parts := []string{"metadata", "type=" + c.Type}
	for _, ix := range c.Indexes {
		parts = append(parts, "index="+word(ix))
	}
	if c.Server != "" {
		parts = append(parts, "splunk_server="+word(c.Server))
	}
	for _, g := range c.ServerGroups {
		parts = append(parts, "splunk_server_group="+word(g.Value))
	}
	if c.Datatype != "" {
		parts = append(parts, "datatype="+c.Datatype)
	}
	return strings.Join(parts, " ")
}

var metadataOptions = optionSet{
	"type":                optOneOf("hosts", "sources", "sourcetypes"),
	"index":               optAny,
	"splunk_server":       optAny,
	"splunk_server_group": optAny,
	"datatype":            optOneOf("metric", "event"),
}

func init() {
	register(&CommandSpec{
		Name:       "metadata",
		Generating: true,
		Syntax:     "| metadata type=<hosts|sources|sourcetypes> [index=<index>]... [splunk_server=<wc-string>] [splunk_server_group=<wc-string>]... [datatype=<metric|event>]",
		Doc:        "Lists the hosts, sources or sourcetypes of the events with firstTime, lastTime, recentTime, totalCount and type.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &MetadataCommand{Loc: p.loc()}
			for !p.atEnd() {
				o, ok, err := p.knownOption(metadataOptions)
				if err != nil {
					return nil, err
				}
				if !ok {
					return nil, p.unexpected(p.peek(), "type=", "index=", "splunk_server=", "splunk_server_group=", "datatype=")
				}
				switch o.Key {
				case "type":
					c.Type = strings.ToLower(o.Value)
				case "index":
					c.Indexes = append(c.Indexes, o.Value)
				case "splunk_server":
					c.Server = o.Value
				case "splunk_server_group":
					c.ServerGroups = append(c.ServerGroups, o)
				case "datatype":
					c.Datatype, c.DatatypeOpt = strings.ToLower(o.Value), o
				}
			}
			if c.Type == "" {
				return nil, p.errorf(p.name, "missing type=").withHint("for example: | metadata type=sourcetypes index=main")
			}
			return c, nil
		},
	})
}

package spl

import "strings"

// MakeresultsCommand generates results:
//
//	| makeresults [count=<int>] [annotate=<bool>] [splunk_server=<string>]
//	              [splunk_server_group=<string>] [format=csv|json data=<string>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/makeresults
type MakeresultsCommand struct {
	Loc
	Count    int // default 1
	Annotate bool
	// Format is "csv" or "json" when Data holds inline rows; "" otherwise.
	Format string
	Data   string
	// Server and ServerGroup are accepted and ignored: there is one
	// "server" offline.
	Server, ServerGroup string
}

func (c *MakeresultsCommand) CommandName() string { return "makeresults" }

func (c *MakeresultsCommand) String() string {
	var parts []string
	if c.Count != 1 {
		parts = append(parts, "count="+itoa(c.Count))
	}
	if c.Annotate {
		parts = append(parts, "annotate=true")
	}
	if c.Server != "" {
		parts = append(parts, "splunk_server="+word(c.Server))
	}
	if c.ServerGroup != "" {
		parts = append(parts, "splunk_server_group="+word(c.ServerGroup))
	}
	if c.Format != "" {
		parts = append(parts, "format="+c.Format, "data="+QuoteString(c.Data))
	}
	if len(parts) == 0 {
		return "makeresults"
	}
	return "makeresults " + strings.Join(parts, " ")
}

var makeresultsOptions = map[string]bool{"count": true, "annotate": true, "splunk_server": true, "splunk_server_group": true, "format": true, "data": true}

func init() {
	register(&CommandSpec{
		Name:       "makeresults",
		Generating: true,
		Syntax:     "| makeresults [count=<int>] [annotate=<bool>] [format=csv|json data=<string>]",
		Doc:        "Generates results: count rows holding only _time (the search time), or the rows of inline CSV or JSON data.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &MakeresultsCommand{Loc: p.loc(), Count: 1}
			hasData := false
			for !p.atEnd() {
				o, ok := p.option(makeresultsOptions)
				if !ok {
					return nil, p.unexpected(p.peek(), optionNames(makeresultsOptions)...)
				}
				var err error
				switch o.Key {
				case "count":
					c.Count, err = p.intOption(o)
				case "annotate":
					c.Annotate, err = p.boolOption(o)
				case "splunk_server":
					c.Server = o.Value
				case "splunk_server_group":
					c.ServerGroup = o.Value
				case "format":
					c.Format = strings.ToLower(o.Value)
					if c.Format != "csv" && c.Format != "json" {
						return nil, &Error{Pos: o.Start, End: o.End, Msg: "makeresults: format takes csv or json, not " + QuoteString(o.Value)}
					}
				case "data":
					c.Data, hasData = o.Value, true
				}
				if err != nil {
					return nil, err
				}
			}
			if (c.Format != "") != hasData {
				return nil, p.errorf(p.name, "format= and data= go together").withHint(`for example: | makeresults format=csv data="a,b\n1,2"`)
			}
			return c, nil
		},
	})
}

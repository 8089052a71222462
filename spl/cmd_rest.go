package spl

import "strings"

// RestCommand reads a Splunk REST API endpoint:
//
//	| rest <rest-uri> [count=<int>] [strict=<bool>] [splunk_server=<wc-string>]
//	       [splunk_server_group=<wc-string>]... [timeout=<int>]
//	       [<get-arg-name>=<get-arg-value>]...
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/rest
type RestCommand struct {
	Loc
	Endpoint string
	Options  []Option // as written (get arguments included), for String
	// Count is count= (0: every entry); Timeout is timeout=.
	Count, Timeout int
	Strict         bool
	// GetArgs are the arguments passed on to the endpoint.
	GetArgs []Option
}

func (c *RestCommand) CommandName() string { return "rest" }

func (c *RestCommand) String() string {
	s := "rest " + word(c.Endpoint)
	if len(c.Options) > 0 {
		s += " " + optionsString(c.Options)
	}
	return s
}

func init() {
	register(&CommandSpec{
		Name:       "rest",
		Generating: true,
		Syntax:     "| rest <endpoint> [count=<int>] [strict=<bool>] [splunk_server=<name>] [timeout=<int>] [<get-arg>=<value>...]",
		Doc:        "Returns the entries of a REST API endpoint, one result per entry; offline, from the recorded responses in the folder given with --rest-fixtures.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &RestCommand{}
			for !p.atEnd() {
				if o, ok := p.paramOption(); ok {
					var err error
					switch strings.ToLower(o.Key) {
					case "count":
						o.Key = "count"
						c.Count, err = p.intOption(o)
					case "timeout":
						o.Key = "timeout"
						c.Timeout, err = p.intOption(o)
					case "strict":
						o.Key = "strict"
						c.Strict, err = p.boolOption(o)
					case "splunk_server", "splunk_server_group":
						o.Key = strings.ToLower(o.Key)
					default:
						o = p.glueEquals(o)
						c.GetArgs = append(c.GetArgs, o)
					}
					if err != nil {
						return nil, err
					}
					c.Options = append(c.Options, o)
					continue
				}
				t := p.next()
				if (t.kind != tWord && t.kind != tString) || c.Endpoint != "" {
					return nil, p.unexpected(t, "a REST endpoint such as /services/server/info", "key=value")
				}
				c.Endpoint = t.val
			}
			if c.Endpoint == "" {
				return nil, p.errorf(p.name, "missing REST endpoint").withHint("for example: | rest /services/server/info")
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}

// glueEquals extends o's value over "=value" written against it
// (search=acceleration=1): a get argument passes a filter on to the
// endpoint, which may hold "=" itself.
func (p *cmdParser) glueEquals(o Option) Option {
	for {
		eq, v := p.peek(), p.peekAt(1)
		if eq.kind != tOp || eq.text != "=" || eq.pos != o.End || v.pos != eq.end || (v.kind != tWord && v.kind != tString) {
			return o
		}
		p.i += 2
		o.Value += "=" + v.val
		o.End = v.end
	}
}

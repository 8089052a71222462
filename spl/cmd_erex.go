package spl

import "strings"

// ErexCommand learns a regular expression from example values and
// extracts the field with it:
//
//	erex <field> examples=<string> [counterexamples=<string>] [fromfield=<field>] [maxtrainers=<int>]
//
// examples and counterexamples are comma-separated lists of values.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/erex
type ErexCommand struct {
	Loc
	Field           string
	Options         []Option // as written, for String
	Examples        []string
	Counterexamples []string
	// FromField is fromfield= (default _raw); MaxTrainers is
	// maxtrainers= (default 100, 1 to 1000).
	FromField   string
	MaxTrainers int
}

func (c *ErexCommand) CommandName() string { return "erex" }

func (c *ErexCommand) String() string {
	return "erex " + word(c.Field) + " " + optionsString(c.Options)
}

var erexOptions = optionSet{"examples": optAny, "counterexamples": optAny, "fromfield": optAny,
	"maxtrainers": func(v string) string {
		if n, ok := ParseInt(v); ok && n >= 1 && n <= 1000 {
			return ""
		}
		return "takes a whole number from 1 to 1000"
	}}

func init() {
	register(&CommandSpec{
		Name:   "erex",
		Syntax: "erex <field> examples=<string> [counterexamples=<string>] [fromfield=<field>] [maxtrainers=<int>]",
		Doc:    "Learns a regular expression from example values (and counterexamples) and extracts the field with it.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &ErexCommand{FromField: "_raw", MaxTrainers: 100}
			for !p.atEnd() {
				o, ok, err := p.knownOption(erexOptions)
				if err != nil {
					return nil, err
				}
				if ok {
					c.Options = append(c.Options, o)
					switch o.Key {
					case "examples":
						c.Examples = splitExamples(o.Value)
					case "counterexamples":
						c.Counterexamples = splitExamples(o.Value)
					case "fromfield":
						c.FromField = o.Value
					case "maxtrainers":
						c.MaxTrainers, _ = ParseInt(o.Value)
					}
					continue
				}
				t := p.next()
				if (t.kind != tWord && t.kind != tString) || c.Field != "" {
					return nil, p.unexpected(t, quoteAll(erexOptions.names())...)
				}
				c.Field = t.val
			}
			if c.Field == "" {
				return nil, p.errorf(p.name, "missing the field to extract").withHint(`for example: erex port examples="8080,443"`)
			}
			if len(c.Examples) == 0 {
				return nil, p.errorf(p.name, "missing examples=").withHint(`for example: erex port examples="8080,443"`)
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}

// splitExamples splits a comma-separated list, dropping empty items and
// the spaces around each.
func splitExamples(s string) []string {
	var out []string
	for _, e := range strings.Split(s, ",") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

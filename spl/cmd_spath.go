package spl

import "strings"

// SpathCommand extracts fields from JSON or XML:
//
//	spath [input=<field>] [output=<field>] [path=<datapath> | <datapath>]
//
// Without a path every field is extracted (auto-extraction).
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/spath
type SpathCommand struct {
	Loc
	Input  string // "" means _raw
	Output string // "" means the path
	Path   string // "" means auto-extract
}

func (c *SpathCommand) CommandName() string { return "spath" }

func (c *SpathCommand) String() string {
	parts := []string{"spath"}
	if c.Input != "" {
		parts = append(parts, "input="+word(c.Input))
	}
	if c.Output != "" {
		parts = append(parts, "output="+word(c.Output))
	}
	if c.Path != "" {
		parts = append(parts, "path="+word(c.Path))
	}
	return strings.Join(parts, " ")
}

var spathOptions = map[string]bool{"input": true, "output": true, "path": true}

func init() {
	register(&CommandSpec{
		Name:   "spath",
		Syntax: "spath [input=<field>] [output=<field>] [path=<datapath> | <datapath>]",
		Doc:    "Extracts fields from JSON or XML in a field (default _raw): one path (a.b{}.c, {N} indexes, {@attr}) or, without a path, everything.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &SpathCommand{Loc: p.loc()}
			for !p.atEnd() {
				if o, ok := p.option(spathOptions); ok {
					switch o.Key {
					case "input":
						c.Input = o.Value
					case "output":
						c.Output = o.Value
					case "path":
						c.Path = o.Value
					}
					continue
				}
				t := p.next()
				if (t.kind != tWord && t.kind != tString) || c.Path != "" {
					return nil, p.unexpected(t, optionNames(spathOptions)...)
				}
				c.Path = t.val
			}
			if c.Output != "" && c.Path == "" {
				return nil, p.errorf(p.name, "output= needs a path").withHint("for example: spath output=user path=userIdentity.arn")
			}
			return c, nil
		},
	})
}

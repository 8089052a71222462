package spl

// XpathCommand extracts values from XML with an XPath expression:
//
//	xpath [outfield=<field>] <xpath-string> [field=<field>] [default=<string>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/xpath
type XpathCommand struct {
	Loc
	Options []Option // as written, for String
	Path    string
	// Field (default _raw) holds the XML; OutField (default xpath)
	// receives the values; Default, when set (HasDefault), is written
	// when nothing matches.
	Field, OutField string
	Default         string
	HasDefault      bool
}

func (c *XpathCommand) CommandName() string { return "xpath" }

func (c *XpathCommand) String() string {
	s := "xpath " + quoteAlways(c.Path)
	if len(c.Options) > 0 {
		s += " " + optionsString(c.Options)
	}
	return s
}

var xpathOptions = optionSet{"outfield": optAny, "field": optAny, "default": optAny}

func init() {
	register(&CommandSpec{
		Name:   "xpath",
		Syntax: `xpath [outfield=<field>] "<xpath>" [field=<field>] [default=<string>]`,
		Doc:    "Extracts the values an XPath expression selects in the XML of a field (default _raw) into outfield (default xpath).",
		Parse: func(p *cmdParser) (Command, error) {
			c := &XpathCommand{Field: "_raw", OutField: "xpath"}
			have := false
			for !p.atEnd() {
				o, ok, err := p.knownOption(xpathOptions)
				if err != nil {
					return nil, err
				}
				if ok {
					switch o.Key {
					case "outfield":
						c.OutField = o.Value
					case "field":
						c.Field = o.Value
					case "default":
						c.Default, c.HasDefault = o.Value, true
					}
					c.Options = append(c.Options, o)
					continue
				}
				t := p.next()
				if (t.kind != tWord && t.kind != tString) || have {
					return nil, p.unexpected(t, "an XPath expression in quotes", "key=value")
				}
				c.Path, have = t.val, true
			}
			if !have || c.Path == "" {
				return nil, p.errorf(p.name, "missing XPath expression").withHint(`for example: xpath outfield=name "//bar/@nickname"`)
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}

package spl

// XmlkvCommand extracts <name>value</name> pairs from XML in a field:
//
//	xmlkv [<field>] [maxinputs=<int>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.3/search-commands/xmlkv
type XmlkvCommand struct {
	Loc
	Field string // "" means _raw
	// MaxInputs is the maxinputs= option; 0 means the default, 50000.
	MaxInputs int
}

func (c *XmlkvCommand) CommandName() string { return "xmlkv" }

func (c *XmlkvCommand) String() string {
	s := "xmlkv"
	if c.Field != "" {
		s += " " + word(c.Field)
	}
	if c.MaxInputs > 0 {
		s += " maxinputs=" + itoa(c.MaxInputs)
	}
	return s
}

func init() {
	register(&CommandSpec{
		Name:   "xmlkv",
		Syntax: "xmlkv [<field>] [maxinputs=<int>]",
		Doc:    "Extracts a field from each <name>value</name> element of the XML in a field (default _raw).",
		Parse: func(p *cmdParser) (Command, error) {
			c := &XmlkvCommand{Loc: p.loc()}
			for !p.atEnd() {
				if o, ok := p.option(map[string]bool{"maxinputs": true}); ok {
					n, err := p.intOption(o)
					if err != nil {
						return nil, err
					}
					c.MaxInputs = n
					continue
				}
				t := p.next()
				if (t.kind != tWord && t.kind != tString) || c.Field != "" {
					return nil, p.unexpected(t, "maxinputs=")
				}
				c.Field = t.val
			}
			return c, nil
		},
	})
}

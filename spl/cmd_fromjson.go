package spl

// FromjsonCommand turns the top-level keys of a JSON object in a field
// into fields:
//
//	fromjson <field> [prefix=<string>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.3/search-commands/fromjson
type FromjsonCommand struct {
	Loc
	Field  string
	Prefix string
}

func (c *FromjsonCommand) CommandName() string { return "fromjson" }

func (c *FromjsonCommand) String() string {
	s := "fromjson " + word(c.Field)
	if c.Prefix != "" {
		s += " prefix=" + word(c.Prefix)
	}
	return s
}

func init() {
	register(&CommandSpec{
		Name:   "fromjson",
		Syntax: "fromjson <field> [prefix=<string>]",
		Doc:    "Makes a field of each top-level key of the JSON object in a field; arrays become multivalue fields.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &FromjsonCommand{Loc: p.loc()}
			for !p.atEnd() {
				if o, ok := p.option(map[string]bool{"prefix": true}); ok {
					c.Prefix = o.Value
					continue
				}
				t := p.next()
				if (t.kind != tWord && t.kind != tString) || c.Field != "" {
					return nil, p.unexpected(t, "prefix=")
				}
				c.Field = t.val
			}
			if c.Field == "" {
				return nil, p.errorf(p.name, "missing field").withHint("for example: fromjson Data")
			}
			return c, nil
		},
	})
}

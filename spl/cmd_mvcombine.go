package spl

// MvcombineCommand merges results that differ only in one field into one
// result where that field is multivalue:
//
//	mvcombine [delim=<string>] <field>
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/mvcombine
type MvcombineCommand struct {
	Loc
	// Delim is the delim= option; nil means " ".
	Delim *string
	Field string
}

func (c *MvcombineCommand) CommandName() string { return "mvcombine" }

func (c *MvcombineCommand) String() string {
	s := "mvcombine "
	if c.Delim != nil {
		s += "delim=" + QuoteString(*c.Delim) + " "
	}
	return s + word(c.Field)
}

func init() {
	register(&CommandSpec{
		Name:   "mvcombine",
		Syntax: "mvcombine [delim=<string>] <field>",
		Doc:    "Merges results that are identical except for one field into one result where that field holds all the values.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &MvcombineCommand{Loc: p.loc()}
			for !p.atEnd() {
				if o, ok := p.option(map[string]bool{"delim": true}); ok {
					v := o.Value
					c.Delim = &v
					continue
				}
				t := p.next()
				if (t.kind != tWord && t.kind != tString) || c.Field != "" {
					return nil, p.unexpected(t, "delim=")
				}
				c.Field = t.val
			}
			if c.Field == "" {
				return nil, p.errorf(p.name, "missing field").withHint("for example: mvcombine host")
			}
			return c, nil
		},
	})
}

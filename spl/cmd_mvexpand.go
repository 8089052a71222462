package spl

// MvexpandCommand makes one result per value of a multivalue field:
//
//	mvexpand <field> [limit=<int>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/mvexpand
type MvexpandCommand struct {
	Loc
	Field string
	// Limit is the most values expanded per result; 0 means all.
	Limit int
}

func (c *MvexpandCommand) CommandName() string { return "mvexpand" }

func (c *MvexpandCommand) String() string {
	s := "mvexpand " + word(c.Field)
	if c.Limit > 0 {
		s += " limit=" + itoa(c.Limit)
	}
	return s
}

func init() {
	register(&CommandSpec{
		Name:   "mvexpand",
		Syntax: "mvexpand <field> [limit=<int>]",
		Doc:    "Makes one result per value of a multivalue field, copying the other fields.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &MvexpandCommand{Loc: p.loc()}
			for !p.atEnd() {
				if o, ok := p.option(map[string]bool{"limit": true}); ok {
					n, err := p.intOption(o)
					if err != nil {
						return nil, err
					}
					c.Limit = n
					continue
				}
				t := p.next()
				if (t.kind != tWord && t.kind != tString) || c.Field != "" {
					return nil, p.unexpected(t, "limit=")
				}
				c.Field = t.val
			}
			if c.Field == "" {
				return nil, p.errorf(p.name, "missing field").withHint("for example: mvexpand recipients")
			}
			return c, nil
		},
	})
}

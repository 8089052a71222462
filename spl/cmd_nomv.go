package spl

// NomvCommand turns a multivalue field into a single value, its values
// joined by newlines.
//
//	nomv <field>
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/nomv
type NomvCommand struct {
	Loc
	Field string
}

func (c *NomvCommand) CommandName() string { return "nomv" }
func (c *NomvCommand) String() string      { return "nomv " + word(c.Field) }

func init() {
	register(&CommandSpec{
		Name:   "nomv",
		Syntax: "nomv <field>",
		Doc:    "Turns a multivalue field into a single value, its values joined by newlines.",
		Parse: func(p *cmdParser) (Command, error) {
			t := p.next()
			if t.kind != tWord && t.kind != tString {
				return nil, p.unexpected(t, "a field name")
			}
			if err := p.expectEnd("end of command"); err != nil {
				return nil, err
			}
			return &NomvCommand{Loc: p.loc(), Field: t.val}, nil
		},
	})
}

package spl

// TableCommand keeps only the listed fields, in the listed order:
//
//	table <wc-field-list>
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/table
type TableCommand struct {
	Loc
	Fields []FieldName
}

func (c *TableCommand) CommandName() string { return "table" }
func (c *TableCommand) String() string      { return "table " + fieldNamesString(c.Fields, " ") }

func init() {
	register(&CommandSpec{
		Name:   "table",
		Syntax: "table <wc-field-list>",
		Doc:    "Keeps only the listed fields, in that order (wildcards allowed).",
		Parse: func(p *cmdParser) (Command, error) {
			fs := p.namesWithCalls()
			if len(fs) == 0 {
				return nil, p.unexpected(p.peek(), "a field name")
			}
			if err := p.expectEnd("a field name"); err != nil {
				return nil, err
			}
			return &TableCommand{Loc: p.loc(), Fields: fs}, nil
		},
	})
}

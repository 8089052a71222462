package spl

// UntableCommand turns a table into rows of (x, column name, value), the
// inverse of xyseries:
//
//	untable <x-field> <y-name-field> <y-data-field>
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/untable
type UntableCommand struct {
	Loc
	X, YName, YData FieldName
}

func (c *UntableCommand) CommandName() string { return "untable" }

func (c *UntableCommand) String() string {
	return "untable " + c.X.String() + " " + c.YName.String() + " " + c.YData.String()
}

func init() {
	register(&CommandSpec{
		Name:   "untable",
		Syntax: "untable <x-field> <y-name-field> <y-data-field>",
		Doc:    "Turns each result into one row per field other than x-field: x-field, the field's name in y-name-field and its value in y-data-field (the inverse of xyseries).",
		Parse: func(p *cmdParser) (Command, error) {
			var fields []FieldName
			for !p.atEnd() {
				if p.peek().kind == tComma {
					p.next()
					continue
				}
				if len(fields) == 3 {
					return nil, p.unexpected(p.peek(), "end of command")
				}
				f, ok := p.field()
				if !ok {
					return nil, p.unexpected(p.peek(), "a field name")
				}
				fields = append(fields, f)
			}
			if len(fields) < 3 {
				return nil, p.errorf(p.name, "needs three fields: <x-field> <y-name-field> <y-data-field>").withHint("for example: untable _time host count")
			}
			return &UntableCommand{Loc: p.loc(), X: fields[0], YName: fields[1], YData: fields[2]}, nil
		},
	})
}

package spl

import "strings"

// TransposeCommand turns the first rows into columns:
//
//	transpose [<int>] [column_name=<string>] [header_field=<field>] [include_empty=<bool>]
//
// Each field becomes a row whose first column (column_name, default
// "column") holds the field's name, followed by one column per transposed
// result ("row 1", "row 2", ... or the header_field's values).
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/transpose
type TransposeCommand struct {
	Loc
	Count        int // rows transposed; default 5
	ColumnName   string
	HeaderField  string // "" when not set
	IncludeEmpty bool   // default true
}

func (c *TransposeCommand) CommandName() string { return "transpose" }

func (c *TransposeCommand) String() string {
	parts := []string{"transpose"}
	if c.Count != 5 {
		parts = append(parts, itoa(c.Count))
	}
	if c.ColumnName != "column" {
		parts = append(parts, "column_name="+word(c.ColumnName))
	}
	if c.HeaderField != "" {
		parts = append(parts, "header_field="+word(c.HeaderField))
	}
	if !c.IncludeEmpty {
		parts = append(parts, "include_empty=false")
	}
	return strings.Join(parts, " ")
}

var transposeOptions = optionSet{"column_name": optAny, "header_field": optAny, "include_empty": optBool}

func init() {
	register(&CommandSpec{
		Name:   "transpose",
		Syntax: "transpose [<int>] [column_name=<string>] [header_field=<field>] [include_empty=<bool>]",
		Doc:    "Turns the first N results (default 5) into columns: one row per field, named in column_name, then \"row 1\", \"row 2\", ... or the header_field's values.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &TransposeCommand{Loc: p.loc(), Count: 5, ColumnName: "column", IncludeEmpty: true}
			for !p.atEnd() {
				if n, ok := isInt(p.peek()); ok {
					p.next()
					c.Count = n
					continue
				}
				o, ok, err := p.knownOption(transposeOptions)
				if err != nil {
					return nil, err
				}
				if !ok {
					return nil, p.unexpected(p.peek(), "a number", "column_name=", "header_field=", "include_empty=")
				}
				switch o.Key {
				case "column_name":
					if o.Value == "" {
						return nil, &Error{Pos: o.Start, End: o.End, Msg: "transpose: column_name needs a name"}
					}
					c.ColumnName = o.Value
				case "header_field":
					c.HeaderField = o.Value
				case "include_empty":
					if c.IncludeEmpty, err = p.boolOption(o); err != nil {
						return nil, err
					}
				}
			}
			return c, nil
		},
	})
}

package spl

import "strings"

// StrcatCommand concatenates field values and quoted literals into a
// field:
//
//	strcat [allrequired=<bool>] <source-fields> <dest-field>
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/strcat
type StrcatCommand struct {
	Loc
	// AllRequired writes Dest only when every source field exists.
	AllRequired bool
	Sources     []StrcatSource
	Dest        FieldName
}

// StrcatSource is a field name, or with Literal a quoted string.
type StrcatSource struct {
	Loc
	Literal bool
	Text    string
}

func (s StrcatSource) String() string {
	if s.Literal {
		return QuoteString(s.Text)
	}
	return word(s.Text)
}

func (c *StrcatCommand) CommandName() string { return "strcat" }

func (c *StrcatCommand) String() string {
	parts := []string{"strcat"}
	if c.AllRequired {
		parts = append(parts, "allrequired=true")
	}
	for _, s := range c.Sources {
		parts = append(parts, s.String())
	}
	return strings.Join(append(parts, c.Dest.String()), " ")
}

func init() {
	register(&CommandSpec{
		Name:   "strcat",
		Syntax: `strcat [allrequired=<bool>] (<field> | "<string>")... <dest-field>`,
		Doc:    "Concatenates the values of the source fields and quoted literals into the last field named; a missing field counts as empty, or with allrequired=true leaves the destination unwritten.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &StrcatCommand{Loc: p.loc()}
			var items []token
			for !p.atEnd() {
				o, ok, err := p.knownOption(optionSet{"allrequired": optBool})
				if err != nil {
					return nil, err
				}
				if ok {
					c.AllRequired, _ = ParseBool(o.Value)
					continue
				}
				t := p.peek()
				if t.kind != tWord && t.kind != tString {
					return nil, p.unexpected(t, "a field name", "a quoted string", "allrequired=")
				}
				items = append(items, p.next())
			}
			if len(items) < 2 {
				return nil, p.errorf(p.name, "needs at least one source field or quoted string and the destination field").
					withHint(`for example: strcat sourceIP "/" destIP comboIP`)
			}
			for _, t := range items[:len(items)-1] {
				c.Sources = append(c.Sources, StrcatSource{Loc: Loc{Start: t.pos, End: t.end}, Literal: t.kind == tString, Text: t.val})
			}
			d := items[len(items)-1]
			c.Dest = FieldName{Loc: Loc{Start: d.pos, End: d.end}, Name: d.val}
			return c, nil
		},
	})
}

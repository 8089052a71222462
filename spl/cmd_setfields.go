package spl

import "strings"

// SetfieldsCommand sets fields to constant values on every result:
//
//	setfields <field>=<string>[, <field>=<string>]...
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/setfields
type SetfieldsCommand struct {
	Loc
	// Sets are the assignments in order, the field as written in Key.
	Sets []Option
}

func (c *SetfieldsCommand) CommandName() string { return "setfields" }

func (c *SetfieldsCommand) String() string {
	parts := make([]string, len(c.Sets))
	for i, s := range c.Sets {
		parts[i] = s.Key + "=" + quoteAlways(s.Value)
	}
	return "setfields " + strings.Join(parts, ", ")
}

// quoteAlways writes a string in double quotes, escaped.
func quoteAlways(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func init() {
	register(&CommandSpec{
		Name:   "setfields",
		Syntax: `setfields <field>="<string>"[, <field>="<string>"]...`,
		Doc:    "Sets each named field to its value on every result.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &SetfieldsCommand{}
			for !p.atEnd() {
				if p.peek().kind == tComma {
					p.next()
					continue
				}
				o, ok := p.paramOption()
				if !ok {
					return nil, p.unexpected(p.peek(), `<field>="<value>"`).withHint(`for example: setfields ip="10.10.10.10", foo="foo bar"`)
				}
				c.Sets = append(c.Sets, o)
			}
			if len(c.Sets) == 0 {
				return nil, p.errorf(p.name, "missing <field>=<value>").withHint(`for example: setfields ip="10.10.10.10", foo="foo bar"`)
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}

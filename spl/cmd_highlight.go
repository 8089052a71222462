package spl

import "strings"

// HighlightCommand highlights terms in Splunk's events viewer:
//
//	highlight <string>...
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/highlight
type HighlightCommand struct {
	Loc
	Terms []string
}

func (c *HighlightCommand) CommandName() string { return "highlight" }

func (c *HighlightCommand) String() string {
	parts := make([]string, len(c.Terms))
	for i, t := range c.Terms {
		parts[i] = word(t)
	}
	return "highlight " + strings.Join(parts, " ")
}

func init() {
	register(&CommandSpec{
		Name:   "highlight",
		Syntax: "highlight <string>...",
		Doc:    "Display only: in Splunk's events viewer, highlights the terms; spelunk passes the results on unchanged.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &HighlightCommand{}
			for !p.atEnd() {
				t := p.next()
				switch t.kind {
				case tComma:
				case tWord, tString:
					c.Terms = append(c.Terms, t.val)
				default:
					return nil, p.unexpected(t, "a term")
				}
			}
			if len(c.Terms) == 0 {
				return nil, p.errorf(p.name, "missing term").withHint("for example: highlight login,logout")
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}

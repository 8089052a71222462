package spl

import "strings"

// MultisearchCommand runs several streaming searches together:
//
//	| multisearch <subsearch> <subsearch>...
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/multisearch
type MultisearchCommand struct {
	Loc
	Subs []*Subsearch
}

func (c *MultisearchCommand) CommandName() string { return "multisearch" }

func (c *MultisearchCommand) String() string {
	parts := make([]string, len(c.Subs))
	for i, s := range c.Subs {
		parts[i] = s.String()
	}
	return "multisearch " + strings.Join(parts, " ")
}

func init() {
	register(&CommandSpec{
		Name:       "multisearch",
		Generating: true,
		Syntax:     "| multisearch <subsearch> <subsearch>...",
		Doc:        "Runs two or more streaming searches and merges their results by time.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &MultisearchCommand{}
			for !p.atEnd() {
				t := p.next()
				if t.kind != tSubsearch {
					return nil, p.unexpected(t, "a subsearch [...]")
				}
				sub, err := p.subsearch(t)
				if err != nil {
					return nil, err
				}
				c.Subs = append(c.Subs, sub)
			}
			if len(c.Subs) < 2 {
				return nil, p.errorf(p.name, "multisearch needs at least two subsearches")
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}

package spl

import "strings"

// RenameCommand renames fields:
//
//	rename <wc-field> AS <wc-field> [, <wc-field> AS <wc-field>]...
//
// Both sides must hold the same number of `*` wildcards.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/rename
type RenameCommand struct {
	Loc
	Pairs []RenamePair
}

// RenamePair is one `from AS to`.
type RenamePair struct {
	Loc
	From, To string
}

func (c *RenameCommand) CommandName() string { return "rename" }

func (c *RenameCommand) String() string {
	parts := make([]string, len(c.Pairs))
	for i, r := range c.Pairs {
		parts[i] = word(r.From) + " AS " + word(r.To)
	}
	return "rename " + strings.Join(parts, ", ")
}

func init() {
	register(&CommandSpec{
		Name:   "rename",
		Syntax: "rename <wc-field> AS <wc-field> [, <wc-field> AS <wc-field>]...",
		Doc:    "Renames fields; `*` wildcards carry the matched text over (rename Processes.* AS *).",
		Parse: func(p *cmdParser) (Command, error) {
			c := &RenameCommand{Loc: p.loc()}
			for !p.atEnd() {
				if p.peek().kind == tComma {
					p.next()
					continue
				}
				from, ok := p.calledField()
				if !ok {
					return nil, p.unexpected(p.peek(), "a field name")
				}
				as := p.next()
				if !isKeyword(as, "as") {
					return nil, p.unexpected(as, "AS")
				}
				to, ok := p.calledField()
				if !ok {
					return nil, p.unexpected(p.peek(), "a new field name")
				}
				if strings.Count(from.Name, "*") != strings.Count(to.Name, "*") {
					return nil, p.errorf(p.toks[p.i-1], "%q and %q have different numbers of wildcards", from.Name, to.Name).
						withHint("both names must hold the same number of *")
				}
				c.Pairs = append(c.Pairs, RenamePair{Loc: Loc{Start: from.Start, End: to.End}, From: from.Name, To: to.Name})
			}
			if len(c.Pairs) == 0 {
				return nil, p.errorf(p.name, "missing field to rename").withHint("for example: rename src_ip AS src")
			}
			return c, nil
		},
	})
}

package spl

import "strings"

// ReplaceCommand replaces field values:
//
//	replace (<wc-string> WITH <wc-string>)... [IN <field-list>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/replace
type ReplaceCommand struct {
	Loc
	Pairs []ReplacePair
	// Fields lists the fields to change; empty means every field.
	Fields []FieldName
}

// ReplacePair is one `old WITH new`; both may hold * wildcards.
type ReplacePair struct {
	Loc
	From, To string
}

func (c *ReplaceCommand) CommandName() string { return "replace" }

func (c *ReplaceCommand) String() string {
	parts := make([]string, len(c.Pairs))
	for i, r := range c.Pairs {
		parts[i] = QuoteString(r.From) + " WITH " + QuoteString(r.To)
	}
	s := "replace " + strings.Join(parts, ", ")
	if len(c.Fields) > 0 {
		s += " IN " + fieldNamesString(c.Fields, ", ")
	}
	return s
}

func init() {
	register(&CommandSpec{
		Name:   "replace",
		Syntax: "replace <wc-string> WITH <wc-string> [, <wc-string> WITH <wc-string>]... [IN <field-list>]",
		Doc:    "Replaces whole field values (wildcards carry text across: \"::ffff:*\" WITH *), in the listed fields or all.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &ReplaceCommand{Loc: p.loc()}
			for !p.atEnd() && !isKeyword(p.peek(), "in") {
				if p.peek().kind == tComma {
					p.next()
					continue
				}
				from := p.next()
				if from.kind != tWord && from.kind != tString {
					return nil, p.unexpected(from, "a value to replace")
				}
				with := p.next()
				if !isKeyword(with, "with") {
					return nil, p.unexpected(with, "WITH")
				}
				to := p.next()
				if to.kind != tWord && to.kind != tString {
					return nil, p.unexpected(to, "a replacement value")
				}
				if strings.Count(to.val, "*") > 0 && strings.Count(to.val, "*") != strings.Count(from.val, "*") {
					return nil, p.errorf(to, "%q and %q have different numbers of wildcards", from.val, to.val)
				}
				c.Pairs = append(c.Pairs, ReplacePair{Loc: Loc{Start: from.pos, End: to.end}, From: from.val, To: to.val})
			}
			if len(c.Pairs) == 0 {
				return nil, p.errorf(p.name, "missing replacement").withHint(`for example: replace "::ffff:*" WITH * IN src`)
			}
			if isKeyword(p.peek(), "in") {
				in := p.next()
				c.Fields = p.fieldList(nil)
				if len(c.Fields) == 0 {
					return nil, p.errorf(in, "IN needs at least one field")
				}
			}
			if err := p.expectEnd("IN", "end of command"); err != nil {
				return nil, err
			}
			return c, nil
		},
	})
}

package spl

import "strings"

// ReturnCommand turns the first results into one result whose search
// field holds their values as search terms, for a subsearch to hand up:
//
//	return [<count>] [<alias>=<field>...] [<field>...] [$<field>...]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/return
type ReturnCommand struct {
	Loc
	Count int // results used; default 1
	Items []ReturnItem
}

// ReturnItem is one value return hands up: field="value",
// alias="value" or, with Dollar, the bare value.
type ReturnItem struct {
	Loc
	Field  string
	Alias  string // "" when not renamed
	Dollar bool
}

func (r ReturnItem) String() string {
	switch {
	case r.Dollar:
		return "$" + word(r.Field)
	case r.Alias != "":
		return word(r.Alias) + "=" + word(r.Field)
	}
	return word(r.Field)
}

func (c *ReturnCommand) CommandName() string { return "return" }

func (c *ReturnCommand) String() string {
	parts := []string{"return"}
	if c.Count != 1 {
		parts = append(parts, itoa(c.Count))
	}
	for _, it := range c.Items {
		parts = append(parts, it.String())
	}
	return strings.Join(parts, " ")
}

func init() {
	register(&CommandSpec{
		Name:   "return",
		Syntax: "return [<count>] [<alias>=<field>...] [<field>...] [$<field>...]",
		Doc:    `Replaces the results with one result whose "search" field holds the first count results' values: field="v", alias="v" or the bare value for $field; several results are joined as (...) OR (...).`,
		Parse: func(p *cmdParser) (Command, error) {
			c := &ReturnCommand{Loc: p.loc(), Count: 1}
			if n, ok := isInt(p.peek()); ok {
				p.next()
				c.Count = n
			}
			for !p.atEnd() {
				if p.peek().kind == tComma {
					p.next()
					continue
				}
				if p.isOptionAt() && (p.peek().end != p.peekAt(1).pos || p.peekAt(1).end != p.peekAt(2).pos) {
					// The Search Reference: <alias>=<field> takes no spaces
					// around "=".
					return nil, p.errorf(p.peekAt(1), "no spaces around \"=\" in <alias>=<field>")
				}
				if o, ok := p.paramOption(); ok {
					c.Items = append(c.Items, ReturnItem{Loc: o.Loc, Alias: o.Key, Field: o.Value})
					continue
				}
				t := p.peek()
				if t.kind == tWord && strings.HasPrefix(t.text, "$") && len(t.val) > 1 {
					p.next()
					c.Items = append(c.Items, ReturnItem{Loc: Loc{Start: t.pos, End: t.end}, Field: t.val[1:], Dollar: true})
					continue
				}
				f, ok := p.field()
				if !ok {
					return nil, p.unexpected(t, "a field name", "<alias>=<field>", "$<field>")
				}
				c.Items = append(c.Items, ReturnItem{Loc: f.Loc, Field: f.Name})
			}
			if len(c.Items) == 0 {
				return nil, p.errorf(p.name, "missing field").withHint("for example: return user, or return 5 src_ip, or return $search")
			}
			return c, nil
		},
	})
}

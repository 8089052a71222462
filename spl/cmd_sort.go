package spl

import "strings"

// SortCommand sorts results:
//
//	sort [<count>] [limit=<int>] ([+|-]<field> | [+|-](auto|str|num|ip)(<field>))... [desc]
//
// Without a count at most 10000 results are kept; 0 keeps all.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/sort
type SortCommand struct {
	Loc
	// Limit is the count or limit=; nil means Splunk's default of 10000.
	Limit *int
	Keys  []SortKey
	// Desc is a trailing "desc", which reverses the whole order.
	Desc bool
}

// SortKey is one sort field with its direction and collation.
type SortKey struct {
	Loc
	Field string
	Desc  bool
	// Collation is "" (auto), "auto", "str", "num" or "ip".
	Collation string
}

func (k SortKey) String() string {
	s := word(k.Field)
	if strings.HasPrefix(s, "+") || strings.HasPrefix(s, "-") {
		// A sign at the front would read back as the direction.
		s = QuoteString(k.Field)
	}
	if k.Collation != "" {
		s = k.Collation + "(" + s + ")"
	}
	if k.Desc {
		return "-" + s
	}
	return s
}

func (c *SortCommand) CommandName() string { return "sort" }

func (c *SortCommand) String() string {
	parts := []string{"sort"}
	if c.Limit != nil {
		parts = append(parts, itoa(*c.Limit))
	}
	keys := sortKeysString(c.Keys)
	if c.Limit == nil && len(c.Keys) > 0 {
		// A first key named like a number would read back as the count.
		first := c.Keys[0]
		if _, ok := isInt(token{kind: tWord, text: word(first.Field)}); ok && !first.Desc && first.Collation == "" {
			keys = "+" + keys
		}
	}
	parts = append(parts, keys)
	if c.Desc {
		parts = append(parts, "desc")
	}
	return strings.Join(parts, " ")
}

func sortKeysString(keys []SortKey) string {
	ks := make([]string, len(keys))
	for i, k := range keys {
		ks[i] = k.String()
	}
	return strings.Join(ks, ", ")
}

var sortCollations = map[string]bool{"auto": true, "str": true, "num": true, "ip": true}

func init() {
	register(&CommandSpec{
		Name:   "sort",
		Syntax: "sort [<count>] [+|-]<field>... [desc]",
		Doc:    "Sorts results by fields (- for descending; num(), str(), ip() force a collation); keeps 10000 results unless a count is given (0 for all).",
		Parse: func(p *cmdParser) (Command, error) {
			c := &SortCommand{Loc: p.loc()}
			if n, ok := isInt(p.peek()); ok {
				p.next()
				c.Limit = &n
			}
			for !p.atEnd() {
				if o, ok := p.option(map[string]bool{"limit": true}); ok {
					n, err := p.intOption(o)
					if err != nil {
						return nil, err
					}
					c.Limit = &n
					continue
				}
				if p.peek().kind == tComma {
					p.next()
					continue
				}
				if isKeyword(p.peek(), "desc") && p.peekAt(1).kind == tEOF && len(c.Keys) > 0 {
					p.next()
					c.Desc = true
					continue
				}
				k, err := p.sortKey()
				if err != nil {
					return nil, err
				}
				c.Keys = append(c.Keys, k)
			}
			if len(c.Keys) == 0 {
				return nil, p.errorf(p.name, "missing sort field").withHint("for example: sort - count")
			}
			return c, nil
		},
	})
}

// sortKey reads [+|-]field or [+|-]num(field). A lone "-" or "+" applies
// to the field after it ("sort - count").
func (p *cmdParser) sortKey() (SortKey, error) {
	t := p.next()
	k := SortKey{Loc: Loc{Start: t.pos, End: t.end}}
	if t.kind == tWord && (t.text == "-" || t.text == "+") {
		k.Desc = t.text == "-"
		t = p.next()
	} else if t.kind == tWord && len(t.text) > 1 && (t.text[0] == '-' || t.text[0] == '+') {
		k.Desc = t.text[0] == '-'
		t.text, t.val = t.text[1:], t.val[1:]
	}
	if t.kind != tWord && t.kind != tString {
		return k, p.unexpected(t, "a field to sort by")
	}
	if coll := strings.ToLower(t.text); t.kind == tWord && sortCollations[coll] && p.peek().kind == tLParen {
		p.next()
		f := p.next()
		closer := p.next()
		if (f.kind != tWord && f.kind != tString) || closer.kind != tRParen {
			return k, p.errorf(t, "%s() takes one field name", coll)
		}
		k.Collation, k.Field, k.End = coll, f.val, closer.end
		return k, nil
	}
	k.Field, k.End = t.val, t.end
	return k, nil
}

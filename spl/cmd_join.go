package spl

import (
	"fmt"
	"strings"
)

// JoinCommand joins the results with those of a subsearch on fields:
//
//	join [type=inner|outer|left] [usetime=<bool>] [earlier=<bool>] [overwrite=<bool>]
//	     [max=<int>] [<field-list>] <subsearch>
//
// Options may also follow the field list.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/join
type JoinCommand struct {
	Loc
	Options []Option // as written, for String
	// Type is type=, in lower case: "inner" (the default), "outer" or
	// "left".
	Type string
	// Max is max=, the subsearch matches joined per result (default 1,
	// 0 for all).
	Max int
	// UseTime is usetime=; Earlier and Overwrite default to true.
	UseTime, Earlier, Overwrite bool
	Fields                      []FieldName
	Sub                         *Subsearch
	// Left and Right are the aliases of left= and right=; On is the
	// where clause that pairs their fields (Splunk 9.x:
	// `join left=L right=R where L.a=R.b [...]`). Empty without them.
	Left, Right string
	On          []JoinOn
}

// JoinOn is one `<left>.<field>=<right>.<field>` of join's where clause,
// with the alias prefixes taken off the fields.
type JoinOn struct {
	Loc
	LeftField, RightField string
}

func (c *JoinCommand) CommandName() string { return "join" }

func (c *JoinCommand) String() string {
	var b strings.Builder
	b.WriteString("join")
	if len(c.Options) > 0 {
		b.WriteString(" " + optionsString(c.Options))
	}
	if len(c.Fields) > 0 {
		b.WriteString(" " + fieldNamesString(c.Fields, ", "))
	}
	for i, on := range c.On {
		if i == 0 {
			b.WriteString(" where")
		}
		b.WriteString(" " + word(c.Left+"."+on.LeftField) + "=" + word(c.Right+"."+on.RightField))
	}
	b.WriteString(" " + c.Sub.String())
	return b.String()
}

var joinOptions = map[string]bool{"type": true, "usetime": true, "earlier": true, "overwrite": true, "max": true, "left": true, "right": true}

func init() {
	register(&CommandSpec{
		Name:   "join",
		Syntax: "join [type=inner|outer|left] [max=<int>] [overwrite=<bool>] [<field-list> | left=<alias> right=<alias> where <alias>.<field>=<alias>.<field>...] <subsearch>",
		Doc:    "Adds to each result the fields of the first (max=1) subsearch result with the same join field values.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &JoinCommand{Type: "inner", Max: 1, Earlier: true, Overwrite: true}
			for !p.atEnd() {
				t := p.peek()
				switch {
				case t.kind == tComma:
					p.next()
				case isKeyword(t, "where") && c.Sub == nil && len(c.On) == 0:
					p.next()
					if err := c.parseOn(p, t); err != nil {
						return nil, err
					}
				case t.kind == tSubsearch:
					if c.Sub != nil {
						return nil, p.errorf(t, "join takes one subsearch")
					}
					p.next()
					sub, err := p.subsearch(t)
					if err != nil {
						return nil, err
					}
					c.Sub = sub
				default:
					if o, ok := p.option(joinOptions); ok {
						if err := c.setOption(p, o); err != nil {
							return nil, err
						}
						c.Options = append(c.Options, o)
						continue
					}
					if e := p.unknownOption(joinOptions); e != nil {
						return nil, e
					}
					if c.Sub != nil {
						return nil, p.unexpected(t, "end of command")
					}
					if t.kind == tWord && p.peekAt(1).kind == tOp {
						return nil, p.unexpected(t, "type=, max=, overwrite=, usetime=, earlier=", "a field name", "a subsearch")
					}
					fs := p.fieldList(nil)
					if len(fs) == 0 {
						return nil, p.unexpected(t, "a field name", "a subsearch")
					}
					c.Fields = append(c.Fields, fs...)
				}
			}
			if c.Sub == nil {
				return nil, p.errorf(p.name, "missing subsearch").withHint("for example: join process_guid [search ...]")
			}
			if (c.Left != "" || c.Right != "") && len(c.On) == 0 {
				return nil, p.errorf(p.name, "left= and right= name the datasets of a where clause; add where %s.<field>=%s.<field>", or(c.Left, "L"), or(c.Right, "R"))
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}

func (c *JoinCommand) setOption(p *cmdParser, o Option) error {
	var err error
	switch o.Key {
	case "type":
		switch t := strings.ToLower(o.Value); t {
		case "inner", "outer", "left":
			c.Type = t
		default:
			return p.optionError(o, "type=%s: use inner, outer or left", o.Value)
		}
	case "max":
		c.Max, err = p.intAtLeast(o, 0, "must be a whole number (0 for no limit)")
	case "usetime":
		c.UseTime, err = p.boolOption(o)
	case "earlier":
		c.Earlier, err = p.boolOption(o)
	case "overwrite":
		c.Overwrite, err = p.boolOption(o)
	case "left":
		c.Left = o.Value
	case "right":
		c.Right = o.Value
	}
	return err
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// parseOn reads the `<left>.<field>=<right>.<field>`... of a where clause
// (either side first), after left= and right= named the aliases.
func (c *JoinCommand) parseOn(p *cmdParser, kw token) error {
	if c.Left == "" || c.Right == "" || len(c.Fields) > 0 {
		return p.errorf(kw, "where needs left=<alias> and right=<alias> before it, and no field list")
	}
	for {
		if isKeyword(p.peek(), "and") || p.peek().kind == tComma {
			p.next()
			continue
		}
		a, eq, b := p.peek(), p.peekAt(1), p.peekAt(2)
		if a.kind != tWord || eq.kind != tOp || eq.text != "=" || (b.kind != tWord && b.kind != tString) {
			break
		}
		p.i += 3
		l, lok := strings.CutPrefix(a.val, c.Left+".")
		r, rok := strings.CutPrefix(b.val, c.Right+".")
		if !lok || !rok {
			l, lok = strings.CutPrefix(b.val, c.Left+".")
			r, rok = strings.CutPrefix(a.val, c.Right+".")
		}
		if !lok || !rok || l == "" || r == "" {
			return &Error{Pos: a.pos, End: b.end, Msg: fmt.Sprintf("join: where pairs a field of each side: %s.<field>=%s.<field>", c.Left, c.Right)}
		}
		c.On = append(c.On, JoinOn{Loc: Loc{Start: a.pos, End: b.end}, LeftField: l, RightField: r})
	}
	if len(c.On) == 0 {
		return p.unexpected(p.peek(), c.Left+".<field>="+c.Right+".<field>")
	}
	return nil
}

// subsearchArgs parses [options] <subsearch> [options] for append,
// appendpipe and similar commands.
func (p *cmdParser) subsearchArgs(known map[string]bool) ([]Option, *Subsearch, error) {
	return p.subsearchArgsWith(known, p.subsearch)
}

func (p *cmdParser) subsearchArgsWith(known map[string]bool, parse func(token) (*Subsearch, error)) ([]Option, *Subsearch, error) {
	var opts []Option
	var sub *Subsearch
	for !p.atEnd() {
		if o, ok := p.option(known); ok {
			opts = append(opts, o)
			continue
		}
		if e := p.unknownOption(known); e != nil {
			return nil, nil, e
		}
		t := p.next()
		if t.kind != tSubsearch || sub != nil {
			if sub == nil {
				return nil, nil, p.unexpected(t, "a subsearch [...]")
			}
			return nil, nil, p.unexpected(t, "end of command")
		}
		s, err := parse(t)
		if err != nil {
			return nil, nil, err
		}
		sub = s
	}
	if sub == nil {
		return nil, nil, p.errorf(p.name, "missing subsearch").withHint("for example: " + p.cmdName() + " [search ...]")
	}
	return opts, sub, nil
}

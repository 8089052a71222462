package spl

import "strings"

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
	b.WriteString(" " + c.Sub.String())
	return b.String()
}

var joinOptions = map[string]bool{"type": true, "usetime": true, "earlier": true, "overwrite": true, "max": true}

func init() {
	register(&CommandSpec{
		Name:   "join",
		Syntax: "join [type=inner|outer|left] [max=<int>] [overwrite=<bool>] [<field-list>] [<subsearch>]",
		Doc:    "Adds to each result the fields of the first (max=1) subsearch result with the same join field values.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &JoinCommand{Type: "inner", Max: 1, Earlier: true, Overwrite: true}
			for !p.atEnd() {
				t := p.peek()
				switch {
				case t.kind == tComma:
					p.next()
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
	}
	return err
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

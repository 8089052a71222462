package spl

import (
	"strconv"
	"strings"
)

// X11Command removes the seasonal component of a series with the X11
// method:
//
//	x11 [add|mult][<period>](<field>) [AS <newfield>]
//
// written like trendline's trends (add20(count), mult15(count),
// 15(count), (count)); a bare field name is read as (field). The type
// defaults to mult, the period to one found in the data.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/x11
type X11Command struct {
	Loc
	Type   string // add or mult
	Period int    // 0: found from the data
	Field  string
	As     string
}

// OutField is the field x11 writes: newfield, else the specification,
// as trendline names its trends.
func (c *X11Command) OutField() string {
	if c.As != "" {
		return c.As
	}
	return c.Type + periodString(c.Period) + "(" + c.Field + ")"
}

func periodString(p int) string {
	if p == 0 {
		return ""
	}
	return strconv.Itoa(p)
}

func (c *X11Command) CommandName() string { return "x11" }

func (c *X11Command) String() string {
	return "x11 " + c.Type + periodString(c.Period) + "(" + word(c.Field) + ")" + asString(c.As)
}

func init() {
	register(&CommandSpec{
		Name:   "x11",
		Syntax: "x11 [add|mult][<period>](<field>) [AS <newfield>]",
		Doc:    "Removes the seasonal component of a field (X11 method, multiplicative by default, period 5 to 1000 or found from the data) into newfield or <type><period>(<field>).",
		Parse: func(p *cmdParser) (Command, error) {
			c := &X11Command{Loc: p.loc(), Type: "mult"}
			t := p.peek()
			if t.kind != tWord && t.kind != tString && t.kind != tLParen {
				return nil, p.errorf(p.name, "missing the field").withHint("for example: x11 add20(count)")
			}
			if t.kind == tWord && p.peekAt(1).kind == tLParen && p.peekAt(1).pos == t.end || t.kind == tLParen {
				spec := ""
				if t.kind == tWord {
					spec = p.next().text
				}
				if err := c.parseSpec(p, t, spec); err != nil {
					return nil, err
				}
				p.next() // (
				f, ok := p.field()
				if !ok {
					return nil, p.unexpected(p.peek(), "a field name")
				}
				if p.peek().kind != tRParen {
					return nil, p.unexpected(p.peek(), `")"`)
				}
				p.next()
				c.Field = f.Name
			} else {
				f, _ := p.field()
				c.Field = f.Name
			}
			if isKeyword(p.peek(), "as") {
				as := p.next()
				nf, ok := p.field()
				if !ok {
					return nil, p.errorf(as, "AS needs a new field name after it")
				}
				c.As = nf.Name
			}
			if err := p.expectEnd("AS <newfield>"); err != nil {
				return nil, err
			}
			return c, nil
		},
	})
}

// parseSpec reads [add|mult][<period>] before the "(".
func (c *X11Command) parseSpec(p *cmdParser, t token, spec string) error {
	low := strings.ToLower(spec)
	for _, typ := range []string{"add", "mult"} {
		if strings.HasPrefix(low, typ) {
			c.Type, low = typ, low[len(typ):]
		}
	}
	if low == "" {
		return nil
	}
	n, err := strconv.Atoi(low)
	if err != nil || strings.ContainsAny(low, "+-") {
		return p.errorf(t, "%q is not [add|mult][<period>]", spec).withHint("for example: x11 add20(count)")
	}
	if n < 5 || n > 1000 {
		return p.errorf(t, "the period must be from 5 to 1000, not %d", n)
	}
	c.Period = n
	return nil
}

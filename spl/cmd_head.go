package spl

import "strings"

// HeadCommand keeps the first results:
//
//	head [<N> | (<eval-expression>)] [limit=<int>] [null=<bool>] [keeplast=<bool>]
//
// N defaults to 10. With an expression, results are kept while it is true.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/head
type HeadCommand struct {
	Loc
	Count int
	// Expr, when set, keeps results until it is not true.
	Expr     Expr
	KeepLast bool
	// Null says what a null expression result means: true keeps going.
	Null bool
}

func (c *HeadCommand) CommandName() string { return "head" }

func (c *HeadCommand) String() string {
	parts := []string{"head"}
	if c.Expr != nil {
		parts = append(parts, "("+c.Expr.String()+")")
		if c.Count != 10 {
			parts = append(parts, "limit="+itoa(c.Count))
		}
	} else {
		parts = append(parts, itoa(c.Count))
	}
	if c.KeepLast {
		parts = append(parts, "keeplast=true")
	}
	if c.Null {
		parts = append(parts, "null=true")
	}
	return strings.Join(parts, " ")
}

func init() {
	register(&CommandSpec{
		Name:   "head",
		Syntax: "head [<N> | (<eval-expression>)] [limit=<int>] [null=<bool>] [keeplast=<bool>]",
		Doc:    "Keeps the first N results (default 10), or the results before an eval expression stops being true.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &HeadCommand{Loc: p.loc(), Count: 10}
			for !p.atEnd() {
				t := p.peek()
				if n, ok := isInt(t); ok {
					p.next()
					c.Count = n
					continue
				}
				if t.kind == tLParen {
					// The expression runs to the matching ")"; hand its
					// text to the eval parser.
					depth, j := 0, p.i
					for ; j < len(p.toks); j++ {
						switch p.toks[j].kind {
						case tLParen:
							depth++
						case tRParen:
							depth--
						}
						if depth == 0 {
							break
						}
					}
					if j >= len(p.toks) || p.toks[j].kind != tRParen {
						return nil, p.unexpected(p.toks[len(p.toks)-1], `")"`)
					}
					x, err := parseExprAt(p.raw(t.end, p.toks[j].pos), t.end, "head")
					if err != nil {
						return nil, err
					}
					c.Expr = x
					p.i = j + 1
					continue
				}
				o, ok := p.option(map[string]bool{"limit": true, "null": true, "keeplast": true})
				if !ok {
					return nil, p.unexpected(t, "a number", "(<eval-expression>)", "limit=", "keeplast=", "null=")
				}
				var err error
				switch o.Key {
				case "limit":
					c.Count, err = p.intOption(o)
				case "null":
					c.Null, err = p.boolOption(o)
				case "keeplast":
					c.KeepLast, err = p.boolOption(o)
				}
				if err != nil {
					return nil, err
				}
			}
			return c, nil
		},
	})
}

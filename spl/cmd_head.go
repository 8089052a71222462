package spl

import "strings"

// HeadCommand keeps the first results:
//
//	head [<N> | (<eval-expression>)] [limit=<int>] [null=<bool>] [keeplast=<bool>]
//
// N defaults to 10. With an expression, results are kept while it is true;
// the expression may also be written without parentheses.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/head
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
			numeric := false
			for !p.atEnd() {
				t := p.peek()
				if n, ok := isInt(t); ok {
					p.next()
					c.Count, numeric = n, true
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
				o, ok := p.option(headOptions)
				if j := bareHeadExpr(p.toks[p.i:]); !ok && c.Expr == nil && j > 0 {
					// The 10.0 page's extended example writes the
					// expression bare: head count<5 keeplast=true.
					j += p.i
					x, err := parseExprAt(p.raw(t.pos, p.toks[j-1].end), t.pos, "head")
					if err != nil {
						return nil, err
					}
					c.Expr = x
					p.i = j
					continue
				}
				if !ok {
					return nil, p.unexpected(t, "a number", "(<eval-expression>)", "limit=", "keeplast=", "null=")
				}
				var err error
				switch o.Key {
				case "limit":
					// "Using both the numeric limit and limit=<int>
					// results in an error."
					if numeric {
						return nil, &Error{Pos: o.Start, End: o.End, Msg: "head: give the number of results once, as <N> or as limit=, not both"}
					}
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

var headOptions = map[string]bool{"limit": true, "null": true, "keeplast": true}

// headOptionAt reports whether toks start with one of head's options.
func headOptionAt(toks []token) bool {
	return len(toks) > 1 && toks[0].kind == tWord && headOptions[strings.ToLower(toks[0].text)] &&
		toks[1].kind == tOp && toks[1].text == "="
}

// bareHeadExpr is the length of an expression written without
// parentheses at the start of toks: it runs to the next option or the end
// of the command and must compare something (count<5), so that a stray
// word is still an error. 0 when there is none.
func bareHeadExpr(toks []token) int {
	if toks[0].kind != tWord && toks[0].kind != tString {
		return 0
	}
	j, compares := 0, false
	for toks[j].kind != tEOF && !headOptionAt(toks[j:]) {
		compares = compares || toks[j].kind == tOp
		j++
	}
	if !compares {
		return 0
	}
	return j
}

package spl

import (
	"strings"
)

// Aggregation is one statistical function call in stats, tstats,
// eventstats, chart and friends: `count`, `dc(user)`, `min(_time) AS
// firstTime`, `count(eval(status="404"))`.
type Aggregation struct {
	Loc
	// Func is the function name as written, lower-cased ("count", "dc",
	// "distinct_count", "p95").
	Func string
	// Field is the argument; "" for a bare `count`.
	Field string
	// Eval is the expression of `func(eval(expr))`; nil otherwise.
	Eval Expr
	// As is the output name given with AS; "" when none.
	As string
}

// Name is the output column name: the AS name, or the call as written
// without spaces, e.g. "count", "values(Processes.dest)" (Search
// Reference, stats: "the field name is the function text unless AS").
func (a Aggregation) Name() string {
	if a.As != "" {
		return a.As
	}
	return a.call()
}

func (a Aggregation) call() string {
	switch {
	case a.Eval != nil:
		return a.Func + "(eval(" + a.Eval.String() + "))"
	case a.Field == "":
		return a.Func
	}
	return a.Func + "(" + a.Field + ")"
}

func (a Aggregation) String() string {
	s := a.Func
	switch {
	case a.Eval != nil:
		s += "(eval(" + a.Eval.String() + "))"
	case a.Field != "":
		s += "(" + word(a.Field) + ")"
	}
	if a.As != "" {
		s += " AS " + word(a.As)
	}
	return s
}

func aggregationsString(aggs []Aggregation) string {
	parts := make([]string, len(aggs))
	for i, a := range aggs {
		parts[i] = a.String()
	}
	return strings.Join(parts, " ")
}

// isAggStart reports whether t can begin an aggregation.
func isAggStart(t token) bool {
	return t.kind == tWord
}

// aggregation parses `func`, `func(field)` or `func(eval(expr))`, each with
// an optional `AS name`.
func (p *cmdParser) aggregation() (Aggregation, error) {
	t := p.next()
	if t.kind != tWord {
		return Aggregation{}, p.unexpected(t, "a function such as count or values(field)")
	}
	a := Aggregation{Loc: Loc{Start: t.pos, End: t.end}, Func: strings.ToLower(t.text)}
	if p.peek().kind == tLParen && p.peek().pos == t.end {
		p.next()
		arg := p.peek()
		switch {
		case isKeyword(arg, "eval") && p.peekAt(1).kind == tLParen:
			p.next()
			open := p.next()
			closeIdx, err := p.matchParen(p.i - 1)
			if err != nil {
				return Aggregation{}, err
			}
			inner := p.toks[closeIdx]
			x, err := parseExprAt(p.raw(open.end, inner.pos), open.end, p.cmdName())
			if err != nil {
				return Aggregation{}, err
			}
			a.Eval = x
			p.i = closeIdx + 1
		case arg.kind == tWord || arg.kind == tString:
			p.next()
			a.Field = arg.val
		default:
			return Aggregation{}, p.unexpected(arg, "a field name", "eval(...)")
		}
		closer := p.next()
		if closer.kind != tRParen {
			return Aggregation{}, p.unexpected(closer, `")"`)
		}
		a.End = closer.end
	}
	if isKeyword(p.peek(), "as") {
		p.next()
		n := p.next()
		if n.kind != tWord && n.kind != tString {
			return Aggregation{}, p.unexpected(n, "a name after AS")
		}
		a.As = n.val
		a.End = n.end
	}
	return a, nil
}

// matchParen returns the index of the token closing the "(" at index open.
func (p *cmdParser) matchParen(open int) (int, error) {
	depth := 0
	for j := open; j < len(p.toks); j++ {
		switch p.toks[j].kind {
		case tLParen:
			depth++
		case tRParen:
			depth--
			if depth == 0 {
				return j, nil
			}
		case tEOF:
			return 0, p.errorf(p.toks[open], `"(" has no matching ")"`)
		}
	}
	return 0, p.errorf(p.toks[open], `"(" has no matching ")"`)
}

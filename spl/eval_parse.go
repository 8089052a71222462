package spl

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The eval language is regular enough for participle: its lexer, and a
// grammar for assignment lists whose expressions are parsed by precedence
// climbing (exprGrammar implements participle.Parseable), so the
// precedence table lives in one place (eval_expr.go). Lexer and parsers
// are built on first use (evalParsers): a search without an expression
// does not pay for them.
func newEvalLexer() *lexer.StatefulDefinition {
	return lexer.MustSimple([]lexer.SimpleRule{
		{Name: "Whitespace", Pattern: `[ \t\r\n\f\v]+`},
		{Name: "String", Pattern: `"(?:\\.|[^"\\])*"`},
		{Name: "QField", Pattern: `'(?:\\.|[^'\\])*'`},
		{Name: "Number", Pattern: `(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?`},
		{Name: "Ident", Pattern: `[A-Za-z_][A-Za-z0-9_]*`},
		{Name: "Op", Pattern: `==|!=|<=|>=|[-+*/%.<>=(),{}!]`},
		{Name: "Other", Pattern: `.`},
	})
}

// The token types of the eval lexer, set by evalParsers before any token
// is read.
var (
	symWhitespace, symString, symQField, symNumber, symIdent, symOp lexer.TokenType
)

// exprGrammar is one expression, parsed by hand from participle's tokens.
type exprGrammar struct {
	X Expr
}

// assignGrammar is `target = expr`. The target is a run of adjacent name
// pieces: foo, 'Foo Bar', "Foo Bar", count_{host}, a.b, and the : and -
// that security_content writes in bare targets (eval inbound:outbound=...,
// eval unusual_cmdline_feature_-value=...), which Splunk accepts.
type assignGrammar struct {
	Pos    lexer.Position
	Target []string `parser:"@( Ident | QField | String | Number | '{' | '}' | '.' | ':' | '-' )+"`
	Tokens []lexer.Token
	Eq     string       `parser:"@'='"`
	Expr   *exprGrammar `parser:"@@"`
}

type evalGrammar struct {
	Assigns []*assignGrammar `parser:"@@ ( ',' @@ )*"`
}

type whereGrammar struct {
	Expr *exprGrammar `parser:"@@"`
}

// parsers are the eval and where grammars over the eval lexer.
type parsers struct {
	eval  *participle.Parser[evalGrammar]
	where *participle.Parser[whereGrammar]
}

var evalParsers = sync.OnceValue(func() parsers {
	lex := newEvalLexer()
	sym := lex.Symbols()
	symWhitespace, symString, symQField = sym["Whitespace"], sym["String"], sym["QField"]
	symNumber, symIdent, symOp = sym["Number"], sym["Ident"], sym["Op"]
	return parsers{
		eval:  participle.MustBuild[evalGrammar](participle.Lexer(lex), participle.Elide("Whitespace")),
		where: participle.MustBuild[whereGrammar](participle.Lexer(lex), participle.Elide("Whitespace")),
	}
})

// Parse implements participle.Parseable.
func (g *exprGrammar) Parse(lex *lexer.PeekingLexer) error {
	x, err := (&pratt{lex: lex}).expr(0)
	if err != nil {
		return err
	}
	g.X = x
	return nil
}

// pratt is a precedence-climbing parser over participle's token stream.
type pratt struct {
	lex *lexer.PeekingLexer
}

func tokEnd(t *lexer.Token) int { return t.Pos.Offset + len(t.Value) }

func isKw(t *lexer.Token, kw string) bool {
	return t.Type == symIdent && strings.EqualFold(t.Value, kw)
}

// binaryOp returns the operator a token stands for, if any.
func binaryOp(t *lexer.Token) (string, bool) {
	switch t.Type {
	case symOp:
		if _, ok := binaryPrec[t.Value]; ok {
			return t.Value, true
		}
	case symIdent:
		up := strings.ToUpper(t.Value)
		switch up {
		case "AND", "OR", "XOR", "LIKE", "IN":
			return up, true
		}
	}
	return "", false
}

func (pp *pratt) expr(minPrec int) (Expr, error) {
	left, err := pp.prefix()
	if err != nil {
		return nil, err
	}
	for {
		t := pp.lex.Peek()
		op, ok := binaryOp(t)
		if !ok {
			return left, nil
		}
		prec := binaryPrec[op]
		if prec <= minPrec {
			return left, nil
		}
		pp.lex.Next()
		if op == "IN" {
			list, end, err := pp.inList(t)
			if err != nil {
				return nil, err
			}
			left = &InExpr{Loc: Loc{Start: left.Span().Start, End: end}, X: left, List: list}
			continue
		}
		right, err := pp.expr(prec)
		if err != nil {
			return nil, err
		}
		left = &BinaryExpr{Loc: Loc{Start: left.Span().Start, End: right.Span().End}, Op: op, L: left, R: right}
	}
}

func (pp *pratt) inList(in *lexer.Token) ([]Expr, int, error) {
	open := pp.lex.Next()
	if open.Value != "(" || open.Type != symOp {
		return nil, 0, participle.Errorf(open.Pos, `IN needs a parenthesised list of values, e.g. x IN ("a", "b")`)
	}
	var list []Expr
	for {
		x, err := pp.expr(0)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, x)
		t := pp.lex.Next()
		if t.Type == symOp && t.Value == ")" {
			return list, tokEnd(t), nil
		}
		if !(t.Type == symOp && t.Value == ",") {
			return nil, 0, unexpectedTok(t, `","`, `")"`)
		}
	}
}

func (pp *pratt) prefix() (Expr, error) {
	t := pp.lex.Peek()
	switch {
	// "!" is NOT: the Search Reference writes mvfilter(!isnull(<value>)).
	// Unconfirmed: it binds as loosely as NOT, so !a=b is NOT (a=b).
	case isKw(t, "NOT") || t.Type == symOp && t.Value == "!":
		pp.lex.Next()
		x, err := pp.expr(precNot - 1)
		if err != nil {
			return nil, err
		}
		return &UnaryExpr{Loc: Loc{Start: t.Pos.Offset, End: x.Span().End}, Op: "NOT", X: x}, nil
	case t.Type == symOp && (t.Value == "-" || t.Value == "+"):
		pp.lex.Next()
		x, err := pp.expr(precUnary - 1)
		if err != nil {
			return nil, err
		}
		return &UnaryExpr{Loc: Loc{Start: t.Pos.Offset, End: x.Span().End}, Op: t.Value, X: x}, nil
	}
	return pp.primary()
}

func (pp *pratt) primary() (Expr, error) {
	t := pp.lex.Next()
	loc := Loc{Start: t.Pos.Offset, End: tokEnd(t)}
	switch t.Type {
	case symNumber:
		return &NumberLit{Loc: loc, Text: t.Value}, nil
	case symString:
		return &StringLit{Loc: loc, Value: unescapeSPL(t.Value[1 : len(t.Value)-1])}, nil
	case symQField:
		return &FieldRef{Loc: loc, Name: unquoteField(t.Value)}, nil
	case symIdent:
		// in(...) and like(...) are functions as well as operators.
		if n := pp.lex.Peek(); n.Type == symOp && n.Value == "(" && !isKw(t, "AND") && !isKw(t, "OR") && !isKw(t, "XOR") {
			return pp.call(t)
		}
		if _, isOp := binaryOp(t); isOp || isKw(t, "NOT") {
			return nil, participle.Errorf(t.Pos, "expected an expression before %q", t.Value)
		}
		return &FieldRef{Loc: loc, Name: t.Value}, nil
	case symOp:
		if t.Value == "(" {
			x, err := pp.expr(0)
			if err != nil {
				return nil, err
			}
			c := pp.lex.Next()
			if c.Type != symOp || c.Value != ")" {
				return nil, unexpectedTok(c, `")"`)
			}
			return x, nil
		}
	}
	return nil, unexpectedTok(t, "a field", "a string", "a number", "a function call", `"("`)
}

func (pp *pratt) call(name *lexer.Token) (Expr, error) {
	pp.lex.Next() // "("
	c := &CallExpr{Loc: Loc{Start: name.Pos.Offset}, Name: strings.ToLower(name.Value)}
	if t := pp.lex.Peek(); t.Type == symOp && t.Value == ")" {
		pp.lex.Next()
		c.End = tokEnd(t)
		return c, nil
	}
	for {
		x, err := pp.expr(0)
		if err != nil {
			return nil, err
		}
		c.Args = append(c.Args, x)
		t := pp.lex.Next()
		if t.Type == symOp && t.Value == ")" {
			c.End = tokEnd(t)
			return c, nil
		}
		if !(t.Type == symOp && t.Value == ",") {
			return nil, unexpectedTok(t, `","`, `")"`)
		}
	}
}

// exprError carries what the parser expected, for spl.Error.
type exprError struct {
	pos      lexer.Position
	msg      string
	expected []string
}

func (e *exprError) Error() string            { return e.msg }
func (e *exprError) Message() string          { return e.msg }
func (e *exprError) Position() lexer.Position { return e.pos }

func unexpectedTok(t *lexer.Token, expected ...string) error {
	if t.EOF() {
		return &exprError{pos: t.Pos, msg: "unexpected end of expression", expected: expected}
	}
	return &exprError{pos: t.Pos, msg: fmt.Sprintf("unexpected %q", t.Value), expected: expected}
}

func unquoteField(s string) string {
	s = s[1 : len(s)-1]
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(`'\"()[]|`, s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// toSPLError converts a participle error in text that starts at offset
// base of the whole search into an *Error, prefixed by the command name.
func toSPLError(err error, base int, text, cmd string) *Error {
	pe, ok := err.(participle.Error)
	if !ok {
		return &Error{Pos: base, End: base + len(text), Msg: cmd + ": " + err.Error()}
	}
	pos := base + pe.Position().Offset
	msg := pe.Message()
	e := &Error{Pos: pos, End: pos + 1, Msg: cmd + ": " + msg}
	if xe, ok := err.(*exprError); ok {
		e.Expected = xe.expected
	}
	if ue, ok := err.(*participle.UnexpectedTokenError); ok {
		e.End = pos + max(1, len(ue.Unexpected.Value))
		if ue.Unexpected.EOF() {
			e.Msg = cmd + ": unexpected end of expression"
		} else {
			e.Msg = fmt.Sprintf("%s: unexpected %q", cmd, ue.Unexpected.Value)
		}
		if ue.Expect != "" {
			e.Expected = []string{ue.Expect}
		}
	}
	// At the end of the text the error is an empty span there, never a
	// byte past the input.
	if limit := base + len(text); e.End > limit {
		e.Pos, e.End = min(e.Pos, limit), limit
	}
	return e
}

// shiftExpr moves every span in an expression tree by delta, turning
// offsets within the command text into offsets within the whole search.
func shiftExpr(e Expr, delta int) {
	switch n := e.(type) {
	case *FieldRef:
		n.Loc = shift(n.Loc, delta)
	case *StringLit:
		n.Loc = shift(n.Loc, delta)
	case *NumberLit:
		n.Loc = shift(n.Loc, delta)
	case *UnaryExpr:
		n.Loc = shift(n.Loc, delta)
		shiftExpr(n.X, delta)
	case *BinaryExpr:
		n.Loc = shift(n.Loc, delta)
		shiftExpr(n.L, delta)
		shiftExpr(n.R, delta)
	case *InExpr:
		n.Loc = shift(n.Loc, delta)
		shiftExpr(n.X, delta)
		for _, x := range n.List {
			shiftExpr(x, delta)
		}
	case *CallExpr:
		n.Loc = shift(n.Loc, delta)
		for _, x := range n.Args {
			shiftExpr(x, delta)
		}
	}
}

func shift(l Loc, d int) Loc { return Loc{Start: l.Start + d, End: l.End + d} }

// ParseExpr parses a standalone eval expression (as `where` takes). Offsets
// in the result and in errors are relative to text.
func ParseExpr(text string) (Expr, error) {
	return parseExprAt(text, 0, "where")
}

func parseExprAt(text string, base int, cmd string) (Expr, error) {
	masked, subs, err := maskSubsearches(text, base)
	if err != nil {
		return nil, err
	}
	g, err := evalParsers().where.ParseString("", masked)
	if err != nil {
		return nil, toSPLError(err, base, text, cmd)
	}
	shiftExpr(g.Expr.X, base)
	x := unmask(g.Expr.X, subs)
	return x, masksLeft(subs, cmd)
}

// Assignment is one `name = expr` of eval.
type Assignment struct {
	Loc
	// Target is the field to set; `{x}` pieces name a field dynamically.
	Target string
	Expr   Expr
}

func (a Assignment) String() string {
	return assignTarget(a.Target) + "=" + a.Expr.String()
}

// assignTarget prints a target so that it lexes back the same: dynamic
// pieces and plain names bare, anything else quoted.
func assignTarget(t string) string {
	if dynamicTarget().MatchString(t) {
		return t
	}
	return QuoteField(t)
}

// dynamicTarget matches targets that lex back as bare name pieces with
// {field} parts, such as count_{host}.
var dynamicTarget = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Za-z0-9_.]*(?:\{[A-Za-z0-9_.]+\}[A-Za-z0-9_.]*)+$`)
})

func parseAssignments(text string, base int, cmd string) ([]Assignment, error) {
	masked, subs, err := maskSubsearches(text, base)
	if err != nil {
		return nil, err
	}
	g, err := evalParsers().eval.ParseString("", masked)
	if err != nil {
		return nil, toSPLError(err, base, text, cmd)
	}
	out := make([]Assignment, 0, len(g.Assigns))
	for _, a := range g.Assigns {
		// Target pieces must touch: "a b = 1" is two words, not "ab".
		var name strings.Builder
		var targetToks []lexer.Token
		for _, t := range a.Tokens {
			if t.Type == symWhitespace {
				continue
			}
			if t.Value == "=" && t.Type == symOp {
				break
			}
			targetToks = append(targetToks, t)
		}
		for i, t := range targetToks {
			if i > 0 && tokEnd(&targetToks[i-1]) != t.Pos.Offset {
				return nil, &Error{Pos: base + t.Pos.Offset, End: base + tokEnd(&t), Msg: fmt.Sprintf("%s: unexpected %q", cmd, t.Value), Expected: []string{`"="`}}
			}
			switch t.Type {
			case symQField:
				name.WriteString(unquoteField(t.Value))
			case symString:
				// eval "first  " = 123 (Search Reference, eval, "Field names").
				name.WriteString(unescapeSPL(t.Value[1 : len(t.Value)-1]))
			default:
				name.WriteString(t.Value)
			}
		}
		shiftExpr(a.Expr.X, base)
		x := unmask(a.Expr.X, subs)
		out = append(out, Assignment{Loc: Loc{Start: base + a.Pos.Offset, End: x.Span().End}, Target: name.String(), Expr: x})
	}
	if err := masksLeft(subs, cmd); err != nil {
		return nil, err
	}
	return out, nil
}

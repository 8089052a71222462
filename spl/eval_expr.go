package spl

import (
	"strconv"
	"strings"
)

// Expr is an eval-language expression, as used by eval, where and the
// eval() inside stats functions. Unlike search, eval compares strings
// case-sensitively, `=` compares two fields when both sides are names, and
// `.` concatenates (Search Reference, eval: "Usage").
type Expr interface {
	Node
	exprNode()
}

// FieldRef names a field. Names other than letters, digits and "_" are
// written in single quotes: 'Processes.dest'.
type FieldRef struct {
	Loc
	Name string
}

// StringLit is a double-quoted string, already unescaped.
type StringLit struct {
	Loc
	Value string
}

// NumberLit is a number as written ("1", "0.20"): eval's result precision
// follows the written precision of its inputs, so the text is kept.
type NumberLit struct {
	Loc
	Text string
}

// UnaryExpr is NOT x, -x or +x.
type UnaryExpr struct {
	Loc
	Op string
	X  Expr
}

// BinaryExpr is L Op R. Op is one of + - * / % . = == != < <= > >= LIKE
// AND OR XOR (keywords in upper case).
type BinaryExpr struct {
	Loc
	Op   string
	L, R Expr
}

// InExpr is `x IN (a, b, ...)`: exact matches, no wildcards.
type InExpr struct {
	Loc
	X    Expr
	List []Expr
}

// CallExpr is a function call: name(args...). Name is lower-cased.
type CallExpr struct {
	Loc
	Name string
	Args []Expr
}

func (FieldRef) exprNode()   {}
func (StringLit) exprNode()  {}
func (NumberLit) exprNode()  {}
func (UnaryExpr) exprNode()  {}
func (BinaryExpr) exprNode() {}
func (InExpr) exprNode()     {}
func (CallExpr) exprNode()   {}

// Binding powers, loosest first. The Boolean order is Splunk's for eval and
// where: NOT, then AND, then OR, then XOR (Search Manual, "Boolean
// expressions"). NOT binds looser than comparisons so that `NOT a=1` means
// NOT (a=1).
const (
	precXor = iota + 1
	precOr
	precAnd
	precNot
	precCompare
	precAdd
	precMul
	precUnary
	precPrimary
)

var binaryPrec = map[string]int{
	"XOR": precXor, "OR": precOr, "AND": precAnd,
	"=": precCompare, "==": precCompare, "!=": precCompare, "<": precCompare, "<=": precCompare,
	">": precCompare, ">=": precCompare, "LIKE": precCompare, "IN": precCompare,
	"+": precAdd, "-": precAdd, ".": precAdd,
	"*": precMul, "/": precMul, "%": precMul,
}

func exprPrec(e Expr) int {
	switch n := e.(type) {
	case *BinaryExpr:
		return binaryPrec[n.Op]
	case *InExpr:
		return precCompare
	case *UnaryExpr:
		if n.Op == "NOT" {
			return precNot
		}
		return precUnary
	}
	return precPrimary
}

// isIdent reports whether s can be written as a bare eval field name.
func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	switch strings.ToUpper(s) {
	case "AND", "OR", "NOT", "XOR", "LIKE", "IN":
		return false
	}
	return true
}

// QuoteField writes a field name for eval: bare when possible, else in
// single quotes.
func QuoteField(name string) string {
	if isIdent(name) {
		return name
	}
	// Characters the pipeline splitter reads even inside single-quoted
	// names (double quotes, brackets, parentheses, pipes) are escaped too.
	return "'" + fieldEscaper.Replace(name) + "'"
}

var fieldEscaper = strings.NewReplacer(`\`, `\\`, `'`, `\'`, `"`, `\"`,
	`(`, `\(`, `)`, `\)`, `[`, `\[`, `]`, `\]`, `|`, `\|`)

func (e *FieldRef) String() string  { return QuoteField(e.Name) }
func (e *StringLit) String() string { return QuoteString(e.Value) }
func (e *NumberLit) String() string { return e.Text }

func (e *UnaryExpr) String() string {
	x := e.X.String()
	if exprPrec(e.X) < exprPrec(e) {
		x = "(" + x + ")"
	}
	if e.Op == "NOT" {
		return "NOT " + x
	}
	return e.Op + x
}

func (e *BinaryExpr) String() string {
	p := exprPrec(e)
	l, r := e.L.String(), e.R.String()
	// Left-associative: a tie on the right needs parentheses.
	if exprPrec(e.L) < p {
		l = "(" + l + ")"
	}
	if exprPrec(e.R) <= p {
		r = "(" + r + ")"
	}
	return l + " " + e.Op + " " + r
}

func (e *InExpr) String() string {
	x := e.X.String()
	if exprPrec(e.X) <= precCompare {
		x = "(" + x + ")"
	}
	items := make([]string, len(e.List))
	for i, it := range e.List {
		items[i] = it.String()
	}
	return x + " IN (" + strings.Join(items, ", ") + ")"
}

func (e *CallExpr) String() string {
	args := make([]string, len(e.Args))
	for i, a := range e.Args {
		args[i] = a.String()
	}
	return e.Name + "(" + strings.Join(args, ", ") + ")"
}

// NumberValue returns the literal's numeric value.
func (e *NumberLit) NumberValue() float64 {
	f, _ := strconv.ParseFloat(e.Text, 64)
	return f
}

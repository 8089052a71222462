package engine

import (
	"fmt"
	"math"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// evalFn is a compiled eval expression.
type evalFn func(row value.Fields) value.Value

// etype is the static type of an eval expression. Splunk checks eval
// expressions before running them ("The syntax of the eval expression is
// checked before running the search, and an exception is thrown for an
// invalid expression"): literals and function results have known types,
// field values do not (a field holding "1" is a number to arithmetic,
// while the literal "1" is a string: `sum(1, 2, "3")` is an error but
// `eval a="1", c=sum(a, 2, 3)` gives 6; Search Reference, Mathematical
// functions, sum).
type etype uint8

const (
	tAny etype = iota // a field value, or a function that returns what it was given
	tNum
	tStr
	tBool
)

func (t etype) String() string {
	switch t {
	case tNum:
		return "a number"
	case tStr:
		return "a string"
	case tBool:
		return "a Boolean"
	}
	return "a value"
}

// exprCompiler turns spl.Expr trees into evalFn closures, checking function
// names, argument counts and static types once, before any row is read.
type exprCompiler struct {
	rc *runCtx
}

// CompileExpr compiles an eval expression for use outside a pipeline (the
// datamodel package evaluates CIM calculated fields with it).
func CompileExpr(x spl.Expr, opt Options) (func(value.Fields) value.Value, error) {
	rc := &runCtx{tz: opt.TZ, notice: opt.Notice, shared: &shared{}}
	if rc.tz == nil {
		rc.tz = utc
	}
	if !opt.Now.IsZero() {
		rc.now = float64(opt.Now.UnixNano()) / 1e9
	}
	f, err := (&exprCompiler{rc: rc}).compile(x)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func (c *exprCompiler) compile(x spl.Expr) (evalFn, error) {
	f, _, err := c.compileT(x)
	return f, err
}

// compileT compiles x and returns its static type.
func (c *exprCompiler) compileT(x spl.Expr) (evalFn, etype, error) {
	switch n := x.(type) {
	case *spl.FieldRef:
		ref := newFieldRef(n.Name)
		return ref.get, tAny, nil
	case *spl.StringLit:
		v := value.Str(n.Value)
		return func(value.Fields) value.Value { return v }, tStr, nil
	case *spl.NumberLit:
		v, ok := value.ParseNumeric(n.Text)
		if !ok {
			v = value.Num(n.NumberValue())
		}
		return func(value.Fields) value.Value { return v }, tNum, nil
	case *spl.UnaryExpr:
		return c.unary(n)
	case *spl.BinaryExpr:
		return c.binary(n)
	case *spl.InExpr:
		x, err := c.compile(n.X)
		if err != nil {
			return nil, 0, err
		}
		list, err := c.compileAll(n.List)
		if err != nil {
			return nil, 0, err
		}
		return func(r value.Fields) value.Value { return inList(x(r), list, r) }, tBool, nil
	case *spl.CallExpr:
		return c.call(n)
	case *spl.SubsearchExpr:
		return c.subsearch(n)
	}
	return nil, 0, errAt(x, "unsupported expression %T", x)
}

func (c *exprCompiler) compileAll(xs []spl.Expr) ([]evalFn, error) {
	fs, _, err := c.compileAllT(xs)
	return fs, err
}

func (c *exprCompiler) compileAllT(xs []spl.Expr) ([]evalFn, []etype, error) {
	out := make([]evalFn, len(xs))
	types := make([]etype, len(xs))
	for i, x := range xs {
		f, t, err := c.compileT(x)
		if err != nil {
			return nil, nil, err
		}
		out[i], types[i] = f, t
	}
	return out, types, nil
}

// typeError is Splunk's "Typechecking failed" for an operand whose static
// type an operator or function cannot take.
func typeError(n spl.Node, what, wants string, got etype) *spl.Error {
	return errAt(n, "type check failed: %s takes %s, but got %s", what, wants, got)
}

// inList is `x IN (...)` and in(x, ...): an exact, case-sensitive match of
// any listed value; null when x is null.
func inList(x value.Value, list []evalFn, r value.Fields) value.Value {
	if x.IsNull() {
		return value.Null
	}
	for _, f := range list {
		if c, ok := compareValues(x, f(r), false, eqOnly); ok && c == 0 {
			return value.Bool(true)
		}
	}
	return value.Bool(false)
}

func (c *exprCompiler) unary(n *spl.UnaryExpr) (evalFn, etype, error) {
	x, t, err := c.compileT(n.X)
	if err != nil {
		return nil, 0, err
	}
	switch n.Op {
	case "NOT":
		if t == tNum || t == tStr {
			return nil, 0, typeError(n, "NOT", "a Boolean", t)
		}
		return func(r value.Fields) value.Value { return not(x(r)) }, tBool, nil
	case "-":
		if t == tStr || t == tBool {
			return nil, 0, typeError(n, "unary -", "a number", t)
		}
		return func(r value.Fields) value.Value {
			if v, ok := x(r).Numeric(); ok {
				f, _ := v.Number()
				return value.MulPrec(-f, v, value.Num(-1))
			}
			return value.Null
		}, tNum, nil
	}
	if t == tStr || t == tBool {
		return nil, 0, typeError(n, "unary +", "a number", t)
	}
	return func(r value.Fields) value.Value {
		if v, ok := x(r).Numeric(); ok {
			return v
		}
		return value.Null
	}, tNum, nil
}

// Three-valued logic: a predicate over a null (a comparison with a missing
// field) is null, and where drops the row [UNCONFIRMED in docs/SEMANTICS.md §3;
// chosen so that `where x!="a"` drops rows without x].
func not(v value.Value) value.Value {
	if v.Kind() != value.KindBool {
		return value.Null
	}
	return value.Bool(!v.Truth())
}

func (c *exprCompiler) binary(n *spl.BinaryExpr) (evalFn, etype, error) {
	l, lt, err := c.compileT(n.L)
	if err != nil {
		return nil, 0, err
	}
	r, rt, err := c.compileT(n.R)
	if err != nil {
		return nil, 0, err
	}
	switch n.Op {
	case "AND", "OR", "XOR":
		for _, t := range []etype{lt, rt} {
			if t == tNum || t == tStr {
				return nil, 0, typeError(n, n.Op, "two Booleans", t)
			}
		}
		return logical(n.Op, l, r), tBool, nil
	case "=", "==", "!=", "<", "<=", ">", ">=":
		// "The <, >, <=, >=, !=, =, and == operators accept two numbers
		// or two strings."
		if lt == tBool || rt == tBool || (lt == tNum && rt == tStr) || (lt == tStr && rt == tNum) {
			bad := lt
			if lt != tBool && rt == tBool || lt == tNum {
				bad = rt
			}
			return nil, 0, typeError(n, "\""+n.Op+"\"", "two numbers or two strings", bad)
		}
		return comparison(n.Op, l, r, lt == tStr || rt == tStr), tBool, nil
	case "LIKE":
		return func(row value.Fields) value.Value { return likeValue(l(row), r(row)) }, tBool, nil
	case ".":
		if lt == tBool || rt == tBool {
			return nil, 0, typeError(n, "\".\"", "strings and numbers", tBool)
		}
		return func(row value.Fields) value.Value {
			a, b := l(row), r(row)
			if a.IsNull() || b.IsNull() {
				return value.Null
			}
			return value.Str(a.String() + b.String())
		}, tStr, nil
	case "+":
		// "The plus ( + ) operator accepts two numbers for addition, or
		// two strings for concatenation."
		if lt == tBool || rt == tBool || (lt == tNum && rt == tStr) || (lt == tStr && rt == tNum) {
			return nil, 0, typeError(n, "\"+\"", "two numbers or two strings", mixedType(lt, rt))
		}
		strict := lt == tStr || rt == tStr
		out := tAny
		switch {
		case strict:
			out = tStr
		case lt == tNum && rt == tNum:
			out = tNum
		}
		return func(row value.Fields) value.Value { return plus(l(row), r(row), strict) }, out, nil
	case "-", "*", "/", "%":
		for _, t := range []etype{lt, rt} {
			if t == tStr || t == tBool {
				return nil, 0, typeError(n, "\""+n.Op+"\"", "two numbers", t)
			}
		}
		op := n.Op
		return func(row value.Fields) value.Value {
			x, ok1 := operand(l(row))
			y, ok2 := operand(r(row))
			if !ok1 || !ok2 {
				return value.Null
			}
			return arith(op, x, y)
		}, tNum, nil
	}
	return nil, 0, errAt(n, "unsupported operator %q", n.Op)
}

func mixedType(a, b etype) etype {
	if a == tBool || b == tBool {
		return tBool
	}
	return tStr
}

func logical(op string, l, r evalFn) evalFn {
	switch op {
	case "AND":
		return func(row value.Fields) value.Value {
			a := l(row)
			if a.Kind() == value.KindBool && !a.Truth() {
				return a
			}
			b := r(row)
			if b.Kind() == value.KindBool && !b.Truth() {
				return b
			}
			if a.Kind() != value.KindBool || b.Kind() != value.KindBool {
				return value.Null
			}
			return value.Bool(true)
		}
	case "OR":
		return func(row value.Fields) value.Value {
			a := l(row)
			if a.Truth() {
				return a
			}
			b := r(row)
			if b.Truth() {
				return b
			}
			if a.Kind() != value.KindBool || b.Kind() != value.KindBool {
				return value.Null
			}
			return value.Bool(false)
		}
	}
	return func(row value.Fields) value.Value {
		a, b := l(row), r(row)
		if a.Kind() != value.KindBool || b.Kind() != value.KindBool {
			return value.Null
		}
		return value.Bool(a.Truth() != b.Truth())
	}
}

// plus adds two numbers or joins two strings. A field value that reads as
// a number adds; strict (a string literal or string function on one side)
// joins text. Anything else, such as a number and text, is null.
func plus(a, b value.Value, strict bool) value.Value {
	if a.IsNull() || b.IsNull() || a.IsMulti() || b.IsMulti() {
		return value.Null
	}
	if !strict {
		if x, ok := operand(a); ok {
			if y, ok := operand(b); ok {
				return arith("+", x, y)
			}
		}
	}
	if a.Kind() == value.KindString && b.Kind() == value.KindString {
		return value.Str(a.String() + b.String())
	}
	return value.Null
}

// operand reads a value for arithmetic: a number, or a field value that
// reads as one. A field holding "NaN" is the number NaN ("When a field
// contains a "NaN" string, the "NaN" behaves as both a string and a
// number", Search Reference, isnum), as isnum already says.
func operand(v value.Value) (value.Value, bool) {
	if x, ok := v.Numeric(); ok {
		return x, true
	}
	if nanText(v) {
		return value.Num(math.NaN()), true
	}
	return value.Null, false
}

// arith applies an arithmetic operator to two numbers, with the result
// precision of value/precision.go.
func arith(op string, a, b value.Value) value.Value {
	x, _ := a.Number()
	y, _ := b.Number()
	switch op {
	case "+":
		return value.AddPrec(x+y, a, b)
	case "-":
		return value.AddPrec(x-y, a, b)
	case "*":
		return value.MulPrec(x*y, a, b)
	case "/":
		// "Division by zero results in a null field."
		if y == 0 {
			return value.Null
		}
		return value.MulPrec(x/y, a, b)
	case "%":
		if y == 0 {
			return value.Null
		}
		return value.AddPrec(math.Mod(x, y), a, b)
	}
	return value.Null
}

type cmpKind uint8

const (
	eqOnly cmpKind = iota
	ordered
)

// comparison builds = == != < <= > >=. Two values that read as numbers
// compare numerically, anything else by UTF-8 bytes, case-sensitively
// ("eval expressions are case-sensitive"); strict (a string literal on
// either side) always compares text, so `x="10"` does not match "10.0".
// A null side gives null. A multivalue side matches when any of its
// values does, as in search [our choice; the docs say nothing].
func comparison(op string, l, r evalFn, strict bool) evalFn {
	return func(row value.Fields) value.Value {
		a, b := l(row), r(row)
		if a.IsNull() || b.IsNull() {
			return value.Null
		}
		if !a.IsMulti() && !b.IsMulti() {
			// Single values, the usual case: no lists to make.
			if op == "!=" {
				c, _ := compareValues(a, b, strict, eqOnly)
				return value.Bool(c != 0)
			}
			c, ok := compareValues(a, b, strict, ordered)
			return value.Bool(ok && compareHolds(op, c))
		}
		if op == "!=" {
			for _, x := range a.Values() {
				for _, y := range b.Values() {
					if c, _ := compareValues(x, y, strict, eqOnly); c == 0 {
						return value.Bool(false)
					}
				}
			}
			return value.Bool(true)
		}
		for _, x := range a.Values() {
			for _, y := range b.Values() {
				if c, ok := compareValues(x, y, strict, ordered); ok && compareHolds(op, c) {
					return value.Bool(true)
				}
			}
		}
		return value.Bool(false)
	}
}

// compareValues orders two single values for eval: numerically when both
// are numbers (and strict is false), else by UTF-8 bytes [docs/SEMANTICS.md §4:
// a number against non-numeric text is UNCONFIRMED; we compare the text,
// as search's comparisons and sort's auto collation do]. ok is false when
// either is null.
func compareValues(a, b value.Value, strict bool, _ cmpKind) (int, bool) {
	if a.IsNull() || b.IsNull() {
		return 0, false
	}
	a, b = a.First(), b.First()
	if a.Kind() == value.KindBool || b.Kind() == value.KindBool {
		if a.Kind() == b.Kind() {
			return boolCmp(a.Truth(), b.Truth()), true
		}
	}
	if !strict {
		if x, ok := a.Number(); ok {
			if y, ok := b.Number(); ok {
				switch {
				case x < y:
					return -1, true
				case x > y:
					return 1, true
				}
				return 0, true
			}
		}
	}
	as, bs := a.String(), b.String()
	switch {
	case as < bs:
		return -1, true
	case as > bs:
		return 1, true
	}
	return 0, true
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// likeValue is SQL LIKE: % matches any run, _ one character,
// case-sensitive.
func likeValue(s, pat value.Value) value.Value {
	if s.IsNull() || pat.IsNull() {
		return value.Null
	}
	re, err := likeRegexp(pat.String())
	if err != nil {
		return value.Null
	}
	for _, e := range s.Values() {
		if re.MatchString(e.String()) {
			return value.Bool(true)
		}
	}
	return value.Bool(false)
}

func (c *exprCompiler) call(n *spl.CallExpr) (evalFn, etype, error) {
	spec, ok := functions[n.Name]
	if !ok {
		e := errAt(n, "unknown function %q", n.Name)
		e.End = e.Pos + len(n.Name)
		if s := spl.Suggest(n.Name, FunctionNames()); s != "" {
			e.Hint = fmt.Sprintf("did you mean %q?", s)
		} else {
			e.Hint = `"spelunk help functions" lists the eval functions`
		}
		return nil, 0, e
	}
	if len(n.Args) < spec.MinArgs || (spec.MaxArgs >= 0 && len(n.Args) > spec.MaxArgs) {
		return nil, 0, errAt(n, "%s takes %s, but %d were given (usage: %s)", n.Name, arityText(spec), len(n.Args), spec.Usage)
	}
	if spec.Compile != nil {
		f, err := spec.Compile(c, n)
		return f, spec.Returns, err
	}
	args, types, err := c.compileAllT(n.Args)
	if err != nil {
		return nil, 0, err
	}
	if spec.NumArgs {
		for i, t := range types {
			if t == tStr || t == tBool {
				return nil, 0, typeError(n.Args[i], n.Name+"()", "numbers", t)
			}
		}
	}
	impl := spec.Eager
	rc := c.rc
	return func(r value.Fields) value.Value {
		vals := make([]value.Value, len(args))
		for i, a := range args {
			vals[i] = a(r)
		}
		return impl(rc, vals)
	}, spec.Returns, nil
}

func arityText(s *FuncSpec) string {
	plural := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return fmt.Sprintf("%d arguments", n)
	}
	switch {
	case s.MaxArgs < 0:
		return "at least " + plural(s.MinArgs)
	case s.MinArgs == s.MaxArgs:
		return plural(s.MinArgs)
	}
	return fmt.Sprintf("%d to %d arguments", s.MinArgs, s.MaxArgs)
}

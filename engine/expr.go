package engine

import (
	"cmp"
	"fmt"
	"math"
	"strings"

	"github.com/spelunk-dev/spelunk/engine/value"
	"github.com/spelunk-dev/spelunk/spl"
)

// evalFn is a compiled eval expression.
type evalFn func(row value.Fields) value.Value

// exprCompiler turns spl.Expr trees into evalFn closures, checking function
// names and argument counts once, before any row is read.
type exprCompiler struct {
	rc *runCtx
}

// CompileExpr compiles an eval expression for use outside a pipeline (the
// datamodel package evaluates CIM calculated fields with it).
func CompileExpr(x spl.Expr, opt Options) (func(value.Fields) value.Value, error) {
	rc := &runCtx{tz: opt.TZ, notice: opt.Notice}
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
	switch n := x.(type) {
	case *spl.FieldRef:
		name := n.Name
		return func(r value.Fields) value.Value { return r.Get(name) }, nil
	case *spl.StringLit:
		v := value.Str(n.Value)
		return func(value.Fields) value.Value { return v }, nil
	case *spl.NumberLit:
		v := value.Num(n.NumberValue())
		return func(value.Fields) value.Value { return v }, nil
	case *spl.UnaryExpr:
		return c.unary(n)
	case *spl.BinaryExpr:
		return c.binary(n)
	case *spl.InExpr:
		x, err := c.compile(n.X)
		if err != nil {
			return nil, err
		}
		list, err := c.compileAll(n.List)
		if err != nil {
			return nil, err
		}
		return func(r value.Fields) value.Value { return inList(x(r), list, r) }, nil
	case *spl.CallExpr:
		return c.call(n)
	}
	return nil, errAt(x, "unsupported expression %T", x)
}

func (c *exprCompiler) compileAll(xs []spl.Expr) ([]evalFn, error) {
	out := make([]evalFn, len(xs))
	for i, x := range xs {
		f, err := c.compile(x)
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

// inList is `x IN (...)` and in(x, ...): an exact, case-sensitive match of
// any listed value; null when x is null.
func inList(x value.Value, list []evalFn, r value.Fields) value.Value {
	if x.IsNull() {
		return value.Null
	}
	for _, f := range list {
		if equalValues(x, f(r)).Truth() {
			return value.Bool(true)
		}
	}
	return value.Bool(false)
}

func (c *exprCompiler) unary(n *spl.UnaryExpr) (evalFn, error) {
	x, err := c.compile(n.X)
	if err != nil {
		return nil, err
	}
	switch n.Op {
	case "NOT":
		return func(r value.Fields) value.Value { return not(x(r)) }, nil
	case "-":
		return func(r value.Fields) value.Value {
			if f, ok := x(r).Number(); ok {
				return value.Num(-f)
			}
			return value.Null
		}, nil
	}
	return func(r value.Fields) value.Value {
		if f, ok := x(r).Number(); ok {
			return value.Num(f)
		}
		return value.Null
	}, nil
}

// Three-valued logic: a predicate over a null (a comparison with a missing
// field) is null, and where drops the row [UNCONFIRMED in SEMANTICS.md §3;
// chosen so that `where x!="a"` drops rows without x].
func not(v value.Value) value.Value {
	if v.Kind() != value.KindBool {
		return value.Null
	}
	return value.Bool(!v.Truth())
}

func (c *exprCompiler) binary(n *spl.BinaryExpr) (evalFn, error) {
	l, err := c.compile(n.L)
	if err != nil {
		return nil, err
	}
	r, err := c.compile(n.R)
	if err != nil {
		return nil, err
	}
	switch n.Op {
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
		}, nil
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
		}, nil
	case "XOR":
		return func(row value.Fields) value.Value {
			a, b := l(row), r(row)
			if a.Kind() != value.KindBool || b.Kind() != value.KindBool {
				return value.Null
			}
			return value.Bool(a.Truth() != b.Truth())
		}, nil
	case "=", "==":
		return func(row value.Fields) value.Value { return equalValues(l(row), r(row)) }, nil
	case "!=":
		return func(row value.Fields) value.Value { return not(equalValues(l(row), r(row))) }, nil
	case "<", "<=", ">", ">=":
		op := n.Op
		return func(row value.Fields) value.Value {
			c, ok := compareValues(l(row), r(row))
			if !ok {
				return value.Null
			}
			return value.Bool(compareHolds(op, c))
		}, nil
	case "LIKE":
		return func(row value.Fields) value.Value { return likeValue(l(row), r(row)) }, nil
	case ".":
		return func(row value.Fields) value.Value {
			a, b := l(row), r(row)
			if a.IsNull() || b.IsNull() {
				return value.Null
			}
			return value.Str(a.String() + b.String())
		}, nil
	case "+":
		return func(row value.Fields) value.Value {
			a, b := l(row), r(row)
			if x, ok := a.Number(); ok {
				if y, ok := b.Number(); ok {
					return value.Num(x + y)
				}
			}
			// "+" concatenates two strings (Search Reference, eval).
			if a.Kind() == value.KindString && b.Kind() == value.KindString {
				return value.Str(a.String() + b.String())
			}
			return value.Null
		}, nil
	case "-", "*", "/", "%":
		op := n.Op
		return func(row value.Fields) value.Value {
			x, ok1 := l(row).Number()
			y, ok2 := r(row).Number()
			if !ok1 || !ok2 {
				return value.Null
			}
			return arith(op, x, y)
		}, nil
	}
	return nil, errAt(n, "unsupported operator %q", n.Op)
}

func arith(op string, x, y float64) value.Value {
	switch op {
	case "-":
		return value.Num(x - y)
	case "*":
		return value.Num(x * y)
	case "/":
		// Division by zero leaves the field unset (Search Reference, eval).
		if y == 0 {
			return value.Null
		}
		return value.Num(x / y)
	case "%":
		if y == 0 {
			return value.Null
		}
		return value.Num(math.Mod(x, y))
	}
	return value.Null
}

// equalValues is eval's "=": numbers compare numerically when both sides
// read as numbers, otherwise strings compare exactly (case-sensitive). A
// multivalue side is equal when any of its values is.
func equalValues(a, b value.Value) value.Value {
	if a.IsNull() || b.IsNull() {
		return value.Null
	}
	for _, x := range a.Values() {
		for _, y := range b.Values() {
			if c, ok := compareValues(x, y); ok && c == 0 {
				return value.Bool(true)
			}
		}
	}
	return value.Bool(false)
}

// compareValues orders two single values for eval: numerically when both
// are numbers, else by UTF-8 bytes. ok is false when either is null.
func compareValues(a, b value.Value) (int, bool) {
	if a.IsNull() || b.IsNull() {
		return 0, false
	}
	a, b = a.First(), b.First()
	if x, ok := a.Number(); ok {
		if y, ok := b.Number(); ok {
			return cmp.Compare(x, y), true
		}
	}
	return strings.Compare(a.String(), b.String()), true
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

func (c *exprCompiler) call(n *spl.CallExpr) (evalFn, error) {
	spec, ok := functions[n.Name]
	if !ok {
		e := errAt(n, "unknown function %q", n.Name)
		e.End = e.Pos + len(n.Name)
		if s := spl.Suggest(n.Name, FunctionNames()); s != "" {
			e.Hint = fmt.Sprintf("did you mean %q?", s)
		}
		return nil, e
	}
	if len(n.Args) < spec.MinArgs || (spec.MaxArgs >= 0 && len(n.Args) > spec.MaxArgs) {
		return nil, errAt(n, "%s takes %s, but %d were given (usage: %s)", n.Name, arityText(spec), len(n.Args), spec.Usage)
	}
	if spec.Compile != nil {
		return spec.Compile(c, n)
	}
	args, err := c.compileAll(n.Args)
	if err != nil {
		return nil, err
	}
	impl := spec.Eager
	rc := c.rc
	return func(r value.Fields) value.Value {
		vals := make([]value.Value, len(args))
		for i, a := range args {
			vals[i] = a(r)
		}
		return impl(rc, vals)
	}, nil
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

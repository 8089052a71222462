package engine

import (
	"math"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/value"
)

// Mathematical and trigonometric functions.
// https://help.splunk.com/splunk-enterprise/search/spl-search-reference/10.0/evaluation-functions/mathematical-functions

func init() {
	registerIn("Mathematical",
		num1("abs", "abs(<num>)", "The absolute value.", math.Abs, FuncExample{`abs(-10.95)`, "10.95", ""}),
		num1("ceiling", "ceiling(<num>)", "Rounds up to the next whole number; ceil() is the same.", math.Ceil, FuncExample{`ceiling(1.9)`, "2", ""}),
		num1("ceil", "ceil(<num>)", "Rounds up to the next whole number.", math.Ceil, FuncExample{`ceil(1.9)`, "2", ""}),
		num1("floor", "floor(<num>)", "Rounds down to the next whole number.", math.Floor, FuncExample{`floor(1.9)`, "1", ""}),
		num1("exp", "exp(<num>)", "e to the power of the number.", math.Exp, FuncExample{`exp(3)`, "20.085536923187668", ""}),
		num1("ln", "ln(<num>)", "The natural logarithm.", math.Log, FuncExample{`ln(exp(2))`, "2", ""}),
		num1("sqrt", "sqrt(<num>)", "The square root.", math.Sqrt, FuncExample{`sqrt(9)`, "3", ""}),
		&FuncSpec{
			Name: "log", MinArgs: 1, MaxArgs: 2, Usage: "log(<num>[, <base>])", Returns: tNum, NumArgs: true,
			Doc:      "The logarithm in the given base (default 10).",
			Examples: []FuncExample{{`log(100)`, "2", ""}, {`log(8, 2)`, "3", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				x, ok := a[0].Number()
				if !ok {
					return value.Null
				}
				if len(a) == 1 {
					return value.Num(math.Log10(x))
				}
				b, ok := a[1].Number()
				if !ok {
					return value.Null
				}
				return value.Num(math.Log(x) / math.Log(b))
			},
		},
		&FuncSpec{
			Name: "pow", MinArgs: 2, MaxArgs: 2, Usage: "pow(<num>, <exp>)", Returns: tNum, NumArgs: true,
			Doc:      "The number raised to the power exp.",
			Examples: []FuncExample{{`pow(2, 10)`, "1024", ""}, {`pow(10, 2)`, "100", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				x, ok1 := a[0].Number()
				y, ok2 := a[1].Number()
				if !ok1 || !ok2 {
					return value.Null
				}
				return value.Num(math.Pow(x, y))
			},
		},
		&FuncSpec{
			Name: "pi", MinArgs: 0, MaxArgs: 0, Usage: "pi()", Returns: tNum,
			Doc:      "The constant pi to 11 digits of precision.",
			Examples: []FuncExample{{`pi()`, "3.14159265359", ""}},
			Eager:    func(*runCtx, []value.Value) value.Value { return value.NumPrec(math.Pi, 12, 11) },
		},
		&FuncSpec{
			Name: "round", MinArgs: 1, MaxArgs: 2, Usage: "round(<num>[, <precision>])", Returns: tNum, NumArgs: true,
			// Halves round away from zero, on the decimal digits the number
			// prints with, so round(2.555, 2) is 2.56 as documented although
			// the double 2.555 lies just below it [docs/SEMANTICS.md §4.6: the
			// tie rule is UNCONFIRMED].
			Doc:      "Rounds to the given number of decimal places (default 0); halves round away from zero.",
			Examples: []FuncExample{{`round(3.5)`, "4", ""}, {`round(2.555, 2)`, "2.56", ""}, {`round(-2.5)`, "-3", ""}, {`round(1234.5678, 1)`, "1234.6", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				x, ok := a[0].Number()
				if !ok {
					return value.Null
				}
				places := 0.0
				if len(a) == 2 {
					p, ok := a[1].Number()
					if !ok || p < 0 {
						return value.Null
					}
					places = p
				}
				r := roundHalfAway(x, int(places))
				// A number cut to places decimals prints all of them: the
				// makeresults page rounds 0.804991002129475 to 0.8050.
				if places > 0 && decimalsOf(x) > int(places) && !math.IsNaN(r) && !math.IsInf(r, 0) {
					return value.NumDecimals(r, int(places))
				}
				return value.Num(r)
			},
		},
		&FuncSpec{
			Name: "sigfig", MinArgs: 1, MaxArgs: 1, Usage: "sigfig(<num>)", Returns: tNum, NumArgs: true,
			Doc:      "Rounds the result of a calculation to the significant figures of its least precise operand, digits left of the point included.",
			Examples: []FuncExample{{`sigfig(1.00*1111)`, "1110", ""}, {`1.00*1111`, "1111", ""}, {`sigfig(123.0 + 4.567)`, "127.6", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				v, ok := a[0].Numeric()
				if !ok {
					return value.Null
				}
				return value.SigFig(v)
			},
		},
		&FuncSpec{
			Name: "exact", MinArgs: 1, MaxArgs: 1, Usage: "exact(<expression>)", Returns: tNum,
			Doc:      "Removes the precision limit of a number, so calculations with it keep the precision of the other operands.",
			Examples: []FuncExample{{`8.250 * exact(0.2)`, "1.650", ""}, {`8.250 * 0.2`, "2", ""}, {`exact(3.14 * 2.0)`, "6.28", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				v, ok := a[0].Numeric()
				if !ok {
					return value.Null
				}
				return value.Exact(v)
			},
		},
		&FuncSpec{
			Name: "sum", MinArgs: 1, MaxArgs: -1, Usage: "sum(<num>, ...)", Returns: tNum, NumArgs: true,
			Doc: "The sum of the numeric values, multivalue fields included; arguments that are missing or not numeric are ignored.",
			Examples: []FuncExample{
				{`sum(1, 2, 3)`, "6", ""},
				{Setup: `a = 5.0, b = "9"`, Expr: `sum(a, b, c)`, Want: "14"},
				{Setup: `a="somedata"`, Expr: `sum(a, 2, 3)`, Want: "5"},
				{`sum(1, 2, tonumber("3"))`, "6", ""},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				total, n := numericArgs(a)
				if n == 0 {
					return value.Null
				}
				return value.Num(total)
			},
		},
	)
	// The page prints atan(0.50) as 0.46, atanh(0.500) as 0.549 and
	// cos(pi()) as -1.00000000000: a trig result keeps the significant
	// figures of its arguments, as a product does (value.MulPrec).
	// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/evaluation-functions/trig-and-hyperbolic-functions
	registerIn("Trigonometry and hyperbolic",
		trig1("acos", "acos(<num>)", "The arc cosine, in radians.", math.Acos, FuncExample{`acos(0)`, "1.5707963267948966", ""}),
		trig1("acosh", "acosh(<num>)", "The arc hyperbolic cosine.", math.Acosh, FuncExample{`acosh(1)`, "0", ""}),
		trig1("asin", "asin(<num>)", "The arc sine, in radians.", math.Asin, FuncExample{`asin(1)`, "1.5707963267948966", ""}),
		trig1("asinh", "asinh(<num>)", "The arc hyperbolic sine.", math.Asinh, FuncExample{`asinh(0)`, "0", ""}),
		trig1("atan", "atan(<num>)", "The arc tangent, in radians.", math.Atan, FuncExample{`atan(0)`, "0", ""}, FuncExample{`atan(0.50)`, "0.46", ""}),
		trig1("atanh", "atanh(<num>)", "The arc hyperbolic tangent.", math.Atanh, FuncExample{`atanh(0)`, "0", ""}, FuncExample{`atanh(0.500)`, "0.549", ""}),
		trig1("cos", "cos(<num>)", "The cosine of an angle in radians.", math.Cos, FuncExample{`cos(pi())`, "-1.00000000000", ""}, FuncExample{`cos(-1)`, "0.5403023058681398", ""}),
		trig1("cosh", "cosh(<num>)", "The hyperbolic cosine.", math.Cosh, FuncExample{`cosh(0)`, "1", ""}),
		trig1("sin", "sin(<num>)", "The sine of an angle in radians.", math.Sin, FuncExample{`sin(0)`, "0", ""}),
		trig1("sinh", "sinh(<num>)", "The hyperbolic sine.", math.Sinh, FuncExample{`sinh(0)`, "0", ""}),
		trig1("tan", "tan(<num>)", "The tangent of an angle in radians.", tan, FuncExample{`tan(0)`, "0", ""}, FuncExample{`tan(1)`, "1.5574077246549023", ""}),
		trig1("tanh", "tanh(<num>)", "The hyperbolic tangent.", math.Tanh, FuncExample{`tanh(0)`, "0", ""}),
		trig2("atan2", "atan2(<y>, <x>)", "The arc tangent of y/x, in radians, using the signs of both to find the quadrant.", math.Atan2,
			FuncExample{`round(atan2(1, 1), 4)`, "0.7854", ""}, FuncExample{`atan2(0.50, 0.75)`, "0.59", ""}),
		trig2("hypot", "hypot(<x>, <y>)", "The hypotenuse: sqrt(x*x + y*y).", math.Hypot, FuncExample{`hypot(3, 4)`, "5", ""}),
	)
}

// trig1 is a one-argument trig function whose result keeps the argument's
// significant figures.
func trig1(name, usage, doc string, f func(float64) float64, ex ...FuncExample) *FuncSpec {
	return &FuncSpec{
		Name: name, MinArgs: 1, MaxArgs: 1, Usage: usage, Doc: doc, Examples: ex, Returns: tNum, NumArgs: true,
		Eager: func(_ *runCtx, a []value.Value) value.Value {
			x, ok := a[0].Numeric()
			if !ok {
				return value.Null
			}
			xf, _ := x.Number()
			return value.MulPrec(f(xf), x, x)
		},
	}
}

// trig2 is trig1 for two arguments: the fewer significant figures win.
func trig2(name, usage, doc string, f func(float64, float64) float64, ex ...FuncExample) *FuncSpec {
	return &FuncSpec{
		Name: name, MinArgs: 2, MaxArgs: 2, Usage: usage, Doc: doc, Examples: ex, Returns: tNum, NumArgs: true,
		Eager: func(_ *runCtx, a []value.Value) value.Value {
			x, ok1 := a[0].Numeric()
			y, ok2 := a[1].Numeric()
			if !ok1 || !ok2 {
				return value.Null
			}
			xf, _ := x.Number()
			yf, _ := y.Number()
			return value.MulPrec(f(xf, yf), x, y)
		},
	}
}

func num1(name, usage, doc string, f func(float64) float64, ex ...FuncExample) *FuncSpec {
	return &FuncSpec{
		Name: name, MinArgs: 1, MaxArgs: 1, Usage: usage, Doc: doc, Examples: ex, Returns: tNum, NumArgs: true,
		Eager: func(_ *runCtx, a []value.Value) value.Value {
			x, ok := a[0].Number()
			if !ok {
				return value.Null
			}
			return value.Num(f(x))
		},
	}
}

// numericArgs adds up the numeric values among the arguments, each value
// of a multivalue argument included.
func numericArgs(a []value.Value) (float64, int) {
	total, n := 0.0, 0
	for _, v := range a {
		for _, e := range v.Values() {
			if f, ok := e.Number(); ok {
				total += f
				n++
			}
		}
	}
	return total, n
}

// roundHalfAway rounds x to places decimals, halves away from zero, on the
// shortest decimal form of x (the digits it prints with).
// decimalsOf is the number of decimals x prints with.
func decimalsOf(x float64) int {
	_, frac, _ := strings.Cut(strconv.FormatFloat(math.Abs(x), 'f', -1, 64), ".")
	return len(frac)
}

func roundHalfAway(x float64, places int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	s := strconv.FormatFloat(math.Abs(x), 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	if len(frac) <= places {
		return x
	}
	digits := []byte(intPart + frac[:places])
	up := frac[places] >= '5'
	if up {
		i := len(digits) - 1
		for i >= 0 {
			if digits[i] == '9' {
				digits[i] = '0'
				i--
				continue
			}
			digits[i]++
			break
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
		}
	}
	ip := string(digits[:len(digits)-places])
	out := ip
	if places > 0 {
		out += "." + string(digits[len(digits)-places:])
	}
	r, _ := strconv.ParseFloat(out, 64)
	if x < 0 {
		r = -r
	}
	return r
}

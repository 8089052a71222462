package engine

import (
	"math"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// Informational functions.
// https://docs.splunk.com/Documentation/SplunkCloud/9.3.2408/SearchReference/InformationalFunctions
//
// "Field values are either string or number data types": a field whose
// value reads as a number is a number here (isnum(bytes) is true for
// bytes="512"), while a string literal is a string (isnum("512") is false,
// as Splunk's type check treats literals).

func init() {
	registerIn("Informational",
		&FuncSpec{
			Name: "isnull", MinArgs: 1, MaxArgs: 1, Usage: "isnull(<value>)", Returns: tBool,
			Doc:      "True when the value is null (the field is missing); an empty string is not null.",
			Examples: []FuncExample{{`if(isnull(missing_field), "yes", "no")`, "yes", ""}, {`if(isnull(""), "yes", "no")`, "no", ""}},
			Eager:    func(_ *runCtx, a []value.Value) value.Value { return value.Bool(a[0].IsNull()) },
		},
		&FuncSpec{
			Name: "isnotnull", MinArgs: 1, MaxArgs: 1, Usage: "isnotnull(<value>)", Returns: tBool,
			Doc:      "True when the value is not null.",
			Examples: []FuncExample{{`if(isnotnull(_raw), "yes", "no")`, "yes", ""}, {`if(isnotnull(missing_field), "yes", "no")`, "no", ""}},
			Eager:    func(_ *runCtx, a []value.Value) value.Value { return value.Bool(!a[0].IsNull()) },
		},
		&FuncSpec{
			Name: "isbool", MinArgs: 1, MaxArgs: 1, Usage: "isbool(<value>)", Returns: tBool,
			Doc:      "True when the value is a Boolean (only predicates are; fields never hold Booleans).",
			Examples: []FuncExample{{`if(isbool(1==1), "yes", "no")`, "yes", ""}, {`if(isbool("true"), "yes", "no")`, "no", ""}},
			Eager:    func(_ *runCtx, a []value.Value) value.Value { return value.Bool(a[0].Kind() == value.KindBool) },
		},
		typedInfo("isnum", "isnum(<value>)", "True when the value is a number.",
			[]FuncExample{{`if(isnum(3.14), "yes", "no")`, "yes", ""}, {`if(isnum("3.14"), "yes", "no")`, "no", ""}},
			func(v value.Value, strict bool) value.Value {
				_, ok := v.Number()
				return value.Bool(ok && !strict && !v.IsMulti())
			}),
		typedInfo("isint", "isint(<value>)", "True when the value is an integer.",
			[]FuncExample{{`if(isint(42), "yes", "no")`, "yes", ""}, {`if(isint(4.2), "yes", "no")`, "no", ""}},
			func(v value.Value, strict bool) value.Value {
				f, ok := v.Number()
				return value.Bool(ok && !strict && !v.IsMulti() && f == math.Trunc(f) && !math.IsInf(f, 0))
			}),
		typedInfo("isstr", "isstr(<value>)", "True when the value is a string (not a number, Boolean or null).",
			[]FuncExample{{`if(isstr("abc"), "yes", "no")`, "yes", ""}, {`if(isstr(42), "yes", "no")`, "no", ""}},
			func(v value.Value, strict bool) value.Value {
				if v.IsNull() || v.Kind() == value.KindBool || v.IsMulti() {
					return value.Bool(false)
				}
				_, num := v.Number()
				return value.Bool(strict || !num)
			}),
		typedInfo("typeof", "typeof(<value>)", `The type of the value: "Number", "String", "Boolean", "Multivalue" or "Invalid" (null).`,
			[]FuncExample{{`typeof(12)`, "Number", ""}, {`typeof("string")`, "String", ""}, {`typeof(1==2)`, "Boolean", ""}, {`typeof(badfield)`, "Invalid", ""}},
			func(v value.Value, strict bool) value.Value {
				switch {
				case v.IsNull():
					return value.Str("Invalid")
				case v.Kind() == value.KindBool:
					return value.Str("Boolean")
				case v.IsMulti():
					return value.Str("Multivalue")
				}
				if _, ok := v.Number(); ok && !strict {
					return value.Str("Number")
				}
				return value.Str("String")
			}),
	)
	functions["typeof"].Returns = tStr
}

// typedInfo makes an informational function that also sees whether its
// argument is a string by static type (a literal or a string function).
func typedInfo(name, usage, doc string, ex []FuncExample, f func(v value.Value, strict bool) value.Value) *FuncSpec {
	return &FuncSpec{
		Name: name, MinArgs: 1, MaxArgs: 1, Usage: usage, Doc: doc, Examples: ex, Returns: tBool,
		Compile: func(c *exprCompiler, n *spl.CallExpr) (evalFn, error) {
			arg, t, err := c.compileT(n.Args[0])
			if err != nil {
				return nil, err
			}
			strict := t == tStr
			return func(r value.Fields) value.Value { return f(arg(r), strict) }, nil
		},
	}
}

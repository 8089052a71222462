package engine

import (
	"math"
	"strings"

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
		typedInfo("isnum", "isnum(<value>)", `True when the value is a number; a field holding "NaN" is one (a "NaN" literal is a string).`,
			[]FuncExample{{`if(isnum(3.14), "yes", "no")`, "yes", ""}, {`if(isnum("3.14"), "yes", "no")`, "no", ""},
				{Setup: `strval="NaN"`, Expr: `if(isnum(strval), "true", "false")`, Want: "true"},
				{Expr: `if(isnum("NaN"), "true", "false")`, Want: "false"},
				{Expr: `if(isnum("anystring"), "true", "false")`, Want: "false"}},
			func(v value.Value, strict bool) value.Value {
				_, ok := v.Number()
				return value.Bool((ok || nanText(v)) && !strict && !v.IsMulti())
			}),
		typedInfo("isint", "isint(<value>)", "True when the value is an integer.",
			[]FuncExample{{`if(isint(42), "yes", "no")`, "yes", ""}, {`if(isint(4.2), "yes", "no")`, "no", ""}},
			func(v value.Value, strict bool) value.Value {
				f, ok := v.Number()
				return value.Bool(ok && !strict && !v.IsMulti() && f == math.Trunc(f) && !math.IsInf(f, 0))
			}),
		typedInfo("isstr", "isstr(<value>)", "True when the value is a string (not a number, Boolean or null).",
			[]FuncExample{{`if(isstr("abc"), "yes", "no")`, "yes", ""}, {`if(isstr(42), "yes", "no")`, "no", ""},
				{Setup: `strval="NaN"`, Expr: `if(isstr(strval), "true", "false")`, Want: "true"},
				{Expr: `if(isstr("NaN"), "true", "false")`, Want: "true"}},
			func(v value.Value, strict bool) value.Value {
				if v.IsNull() || v.Kind() == value.KindBool || v.IsMulti() {
					return value.Bool(false)
				}
				// "each isstr test identifies "NaN" as a string, regardless of
				// whether the "NaN" is a string or numeric value".
				f, num := v.Number()
				return value.Bool(strict || !num || math.IsNaN(f))
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
		typedInfo("isdouble", "isdouble(<value>)", "True when the value is a number written with a fraction or exponent, or not a whole number.",
			[]FuncExample{{`if(isdouble(3.546), "True", "False")`, "True", ""}, {`if(isdouble(1000000), "True", "False")`, "False", ""},
				{`if(isdouble("3.5"), "True", "False")`, "False", ""}},
			func(v value.Value, strict bool) value.Value {
				f, ok := v.Number()
				if !ok || strict || v.IsMulti() {
					return value.Bool(false)
				}
				return value.Bool(f != math.Trunc(f) || strings.ContainsAny(v.String(), ".eE"))
			}),
		&FuncSpec{
			Name: "ismv", MinArgs: 1, MaxArgs: 1, Usage: "ismv(<value>)", Returns: tBool,
			Doc: "True when the value is multivalue (two or more values).",
			Examples: []FuncExample{{Setup: `number_list=split("1, 2, 3", ",")`, Expr: `if(ismv(number_list), "True", "False")`, Want: "True"},
				{`if(ismv("1, 2, 3"), "True", "False")`, "False", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value { return value.Bool(a[0].IsMulti()) },
		},
		&FuncSpec{
			Name: "isarray", MinArgs: 1, MaxArgs: 1, Usage: "isarray(<value>)", Returns: tBool,
			Doc:      "True when the value is a JSON array (text that parses as one).",
			Examples: []FuncExample{{`if(isarray("[1, 2, 3]"), "True", "False")`, "True", ""}, {`if(isarray(1), "True", "False")`, "False", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				n := jsonArg(a[0])
				return value.Bool(!a[0].IsMulti() && n != nil && n.kind == jArr)
			},
		},
		&FuncSpec{
			Name: "isobject", MinArgs: 1, MaxArgs: 1, Usage: "isobject(<value>)", Returns: tBool,
			Doc: "True when the value is a JSON object (text that parses as one).",
			Examples: []FuncExample{
				{Setup: `games="Ticket to Ride, Settlers of Catan"`, Expr: `if(isobject(games), "True", "False")`, Want: "False"},
				{Setup: `games="{\"type\": \"competitive\", \"name\": \"Ticket to Ride\"}"`, Expr: `if(isobject(games), "True", "False")`, Want: "True"},
				{`if(isobject("{cities: \"3\"}"), "is object", "is not object")`, "is not object", ""},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				n := jsonArg(a[0])
				return value.Bool(!a[0].IsMulti() && n != nil && n.kind == jObj)
			},
		},
	)
	functions["typeof"].Returns = tStr
}

// nanText reports whether a field value is the text "NaN", which Splunk
// reads as a number (Informational functions, "Using isnum in searches
// with NaN"); value.ParseNumber leaves it text everywhere else.
func nanText(v value.Value) bool {
	return v.Kind() == value.KindString && strings.EqualFold(v.String(), "nan")
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

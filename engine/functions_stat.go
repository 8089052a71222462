package engine

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"hash"
	"math/rand/v2"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// Statistical and cryptographic eval functions.
// https://help.splunk.com/splunk-enterprise/search/spl-search-reference/10.0/evaluation-functions/statistical-eval-functions

func init() {
	registerIn("Statistical",
		&FuncSpec{
			Name: "avg", MinArgs: 1, MaxArgs: -1, Usage: "avg(<values>...)", Returns: tNum, NumArgs: true,
			Doc: "The average of the numeric values, multivalue fields included; arguments that are missing or not numeric are ignored.",
			Examples: []FuncExample{
				{`avg(1, 2, 3)`, "2", ""},
				{Setup: `a="1"`, Expr: `avg(a, 2, 3)`, Want: "2"},
				{Setup: `a="somedata"`, Expr: `avg(a, 2, 4)`, Want: "3"},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				total, n := numericArgs(a)
				if n == 0 {
					return value.Null
				}
				return value.Num(total / float64(n))
			},
		},
		&FuncSpec{
			Name: "max", MinArgs: 1, MaxArgs: -1, Usage: "max(<values>...)",
			Doc: "The largest value: numbers compare numerically, strings are greater than numbers and compare lexicographically.",
			Examples: []FuncExample{
				{Setup: `name="zaz"`, Expr: `max(1, 3, 6, 7, "foo", name)`, Want: "zaz"},
				{Setup: `name="baz"`, Expr: `max(1, 3, 6, 7, "foo", name)`, Want: "foo"},
				{Setup: `n="10"`, Expr: `max(9, n)`, Want: "10"},
				{`max(20, "10")`, "10", ""},
			},
			Compile: func(c *exprCompiler, n *spl.CallExpr) (evalFn, error) { return compileExtreme(c, n, 1) },
		},
		&FuncSpec{
			Name: "min", MinArgs: 1, MaxArgs: -1, Usage: "min(<values>...)",
			Doc: "The smallest value: numbers compare numerically and are smaller than strings, which compare lexicographically.",
			Examples: []FuncExample{
				{Setup: `size=1`, Expr: `min(3, 6, 7, "maria", size)`, Want: "1"},
				{Setup: `size=10`, Expr: `min(3, 6, 7, "maria", size)`, Want: "3"},
				{`min("b", "a", "C")`, "C", ""},
			},
			Compile: func(c *exprCompiler, n *spl.CallExpr) (evalFn, error) { return compileExtreme(c, n, -1) },
		},
		&FuncSpec{
			Name: "random", MinArgs: 0, MaxArgs: 0, Usage: "random()", Returns: tNum,
			Doc:      "A pseudo-random integer from 0 to 2^31-1.",
			Examples: []FuncExample{{`if(random() >= 0 AND random() <= 2147483647, "ok", "bad")`, "ok", ""}},
			Eager:    func(*runCtx, []value.Value) value.Value { return value.Num(float64(rand.Int32())) },
		},
	)
	registerIn("Cryptographic",
		hashSpec("md5", md5.New, FuncExample{`md5("abc")`, "900150983cd24fb0d6963f7d28e17f72", ""}),
		hashSpec("sha1", sha1.New, FuncExample{`sha1("abc")`, "a9993e364706816aba3e25717850c26c9cd0d89d", ""}),
		hashSpec("sha256", sha256.New, FuncExample{`sha256("abc")`, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ""}),
		hashSpec("sha512", sha512.New, FuncExample{`substr(sha512("abc"), 1, 16)`, "ddaf35a193617aba", ""}),
	)
}

// compileExtreme builds max (dir 1) and min (dir -1). Each value of each
// argument competes; a value that reads as a number is a number, except a
// string literal or string function result, which stays a string ("10" in
// max(20, "10") is a string and wins). Nulls are skipped.
func compileExtreme(c *exprCompiler, n *spl.CallExpr, dir int) (evalFn, error) {
	args, types, err := c.compileAllT(n.Args)
	if err != nil {
		return nil, err
	}
	return func(r value.Fields) value.Value {
		var best value.Value
		bestNum, bestIsNum := 0.0, false
		have := false
		for i, a := range args {
			for _, e := range a(r).Values() {
				f, isNum := e.Number()
				isNum = isNum && types[i] != tStr
				better := false
				switch {
				case !have:
					better = true
				case isNum && bestIsNum:
					better = dir > 0 && f > bestNum || dir < 0 && f < bestNum
				case isNum != bestIsNum:
					// "Strings are greater than numbers."
					better = dir > 0 && !isNum || dir < 0 && isNum
				default:
					s, bs := e.String(), best.String()
					better = dir > 0 && s > bs || dir < 0 && s < bs
				}
				if better {
					best, bestNum, bestIsNum, have = e, f, isNum, true
				}
			}
		}
		if !have {
			return value.Null
		}
		return best
	}, nil
}

func hashSpec(name string, h func() hash.Hash, ex FuncExample) *FuncSpec {
	return &FuncSpec{
		Name: name, MinArgs: 1, MaxArgs: 1, Usage: name + "(<str>)", Returns: tStr,
		Doc:      "The " + name + " hash of a string, in lowercase hexadecimal.",
		Examples: []FuncExample{ex},
		Eager: func(_ *runCtx, a []value.Value) value.Value {
			return mapStrings(a[0], func(s string) string {
				d := h()
				d.Write([]byte(s))
				return hex.EncodeToString(d.Sum(nil))
			})
		},
	}
}

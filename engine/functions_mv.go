package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/engine/value"
)

// Multivalue functions.
// https://help.splunk.com/splunk-enterprise/search/spl-search-reference/10.0/evaluation-functions/multivalue-eval-functions

func init() {
	registerFunc(&FuncSpec{
		Name: "mvcount", MinArgs: 1, MaxArgs: 1, Usage: "mvcount(<mv>)",
		Doc:      "The number of values; 1 for a single value, null for a missing field.",
		Examples: []FuncExample{{`mvcount(split("a,b,c", ","))`, "3"}, {`mvcount(missing_field)`, ""}},
		Eager: func(_ *runCtx, a []value.Value) value.Value {
			if a[0].IsNull() {
				return value.Null
			}
			return value.Num(float64(a[0].Len()))
		},
	})
	registerFunc(&FuncSpec{
		Name: "mvindex", MinArgs: 2, MaxArgs: 3, Usage: "mvindex(<mv>, <start>[, <end>])",
		Doc: "Values by 0-based position; negative positions count from the end; end is inclusive.",
		Examples: []FuncExample{
			{`mvindex(split("a,b,c,d,e", ","), 1)`, "b"},
			{`mvindex(split("a,b,c,d,e", ","), -1)`, "e"},
			{`mvjoin(mvindex(split("a,b,c,d,e", ","), 0, 3), ",")`, "a,b,c,d"},
			{`mvindex(split("a,b", ","), 5)`, ""},
		},
		Eager: func(_ *runCtx, a []value.Value) value.Value {
			vals := a[0].Values()
			n := len(vals)
			s, ok := a[1].Number()
			if n == 0 || !ok {
				return value.Null
			}
			start := int(s)
			if start < 0 {
				start += n
			}
			end := start
			if len(a) == 3 {
				e, ok := a[2].Number()
				if !ok {
					return value.Null
				}
				end = int(e)
				if end < 0 {
					end += n
				}
			}
			if start < 0 || start >= n || end < start {
				return value.Null
			}
			end = min(end, n-1)
			return value.Multi(vals[start : end+1]...)
		},
	})
	registerFunc(&FuncSpec{
		Name: "mvappend", MinArgs: 1, MaxArgs: -1, Usage: "mvappend(<value>, ...)",
		Doc:      "Joins values and multivalue fields into one multivalue field, skipping nulls.",
		Examples: []FuncExample{{`mvjoin(mvappend("a", split("b,c", ","), missing_field), "|")`, "a|b|c"}},
		Eager:    func(_ *runCtx, a []value.Value) value.Value { return value.Multi(a...) },
	})
	registerFunc(&FuncSpec{
		Name: "mvjoin", MinArgs: 2, MaxArgs: 2, Usage: "mvjoin(<mv>, <delimiter>)",
		Doc:      "Joins the values of a multivalue field with a delimiter.",
		Examples: []FuncExample{{`mvjoin(split("a b c", " "), ";")`, "a;b;c"}},
		Eager: func(_ *runCtx, a []value.Value) value.Value {
			d, ok := str(a[1])
			if a[0].IsNull() || !ok {
				return value.Null
			}
			return value.Str(strings.Join(a[0].Strings(), d))
		},
	})
}

package engine

import (
	"net/netip"
	"strings"

	"github.com/spelunk-dev/spelunk/engine/pcre"
	"github.com/spelunk-dev/spelunk/engine/value"
	"github.com/spelunk-dev/spelunk/spl"
)

// Comparison and conditional functions.
// https://help.splunk.com/splunk-enterprise/search/spl-search-reference/10.0/evaluation-functions/comparison-and-conditional-functions

func init() {
	registerFunc(&FuncSpec{
		Name: "if", MinArgs: 3, MaxArgs: 3,
		Usage: "if(<predicate>, <then>, <else>)",
		Doc:   "Returns <then> when the predicate is true, otherwise <else> (also when the predicate is null).",
		Examples: []FuncExample{
			{`if(1=1, "yes", "no")`, "yes"},
			{`if(missing_field="a", "yes", "no")`, "no"},
		},
		Compile: func(c *exprCompiler, n *spl.CallExpr) (evalFn, error) {
			args, err := c.compileAll(n.Args)
			if err != nil {
				return nil, err
			}
			return func(r value.Fields) value.Value {
				if args[0](r).Truth() {
					return args[1](r)
				}
				return args[2](r)
			}, nil
		},
	})
	registerFunc(&FuncSpec{
		Name: "case", MinArgs: 2, MaxArgs: -1,
		Usage: "case(<predicate>, <value>[, <predicate>, <value>]...)",
		Doc:   "Returns the value paired with the first true predicate, or null when none is true.",
		Examples: []FuncExample{
			{`case(1=2, "a", 2=2, "b")`, "b"},
			{`case(1=2, "a")`, ""},
		},
		Compile: func(c *exprCompiler, n *spl.CallExpr) (evalFn, error) {
			if len(n.Args)%2 != 0 {
				return nil, errAt(n, "case takes pairs of <predicate>, <value>, but got %d arguments", len(n.Args))
			}
			args, err := c.compileAll(n.Args)
			if err != nil {
				return nil, err
			}
			return func(r value.Fields) value.Value {
				for i := 0; i+1 < len(args); i += 2 {
					if args[i](r).Truth() {
						return args[i+1](r)
					}
				}
				return value.Null
			}, nil
		},
	})
	registerFunc(&FuncSpec{
		Name: "coalesce", MinArgs: 1, MaxArgs: -1,
		Usage: "coalesce(<value>, ...)",
		Doc:   "Returns the first argument that is not null (an empty string counts as a value).",
		Examples: []FuncExample{
			{`coalesce(missing_field, "fallback")`, "fallback"},
		},
		Compile: func(c *exprCompiler, n *spl.CallExpr) (evalFn, error) {
			args, err := c.compileAll(n.Args)
			if err != nil {
				return nil, err
			}
			return func(r value.Fields) value.Value {
				for _, a := range args {
					if v := a(r); !v.IsNull() {
						return v
					}
				}
				return value.Null
			}, nil
		},
	})
	registerFunc(&FuncSpec{
		Name: "isnull", MinArgs: 1, MaxArgs: 1, Usage: "isnull(<value>)",
		Doc:      "True when the value is null (missing).",
		Examples: []FuncExample{{`if(isnull(missing_field), 1, 0)`, "1"}, {`if(isnull(""), 1, 0)`, "0"}},
		Eager:    func(_ *runCtx, a []value.Value) value.Value { return value.Bool(a[0].IsNull()) },
	})
	registerFunc(&FuncSpec{
		Name: "isnotnull", MinArgs: 1, MaxArgs: 1, Usage: "isnotnull(<value>)",
		Doc:      "True when the value is not null.",
		Examples: []FuncExample{{`if(isnotnull("x"), 1, 0)`, "1"}},
		Eager:    func(_ *runCtx, a []value.Value) value.Value { return value.Bool(!a[0].IsNull()) },
	})
	registerFunc(&FuncSpec{
		Name: "null", MinArgs: 0, MaxArgs: 0, Usage: "null()",
		Doc:      "Returns null; assigning it removes the field.",
		Examples: []FuncExample{{`null()`, ""}},
		Eager:    func(*runCtx, []value.Value) value.Value { return value.Null },
	})
	registerFunc(&FuncSpec{
		Name: "true", MinArgs: 0, MaxArgs: 0, Usage: "true()",
		Doc:      "Returns true, e.g. as the last predicate of case().",
		Examples: []FuncExample{{`if(true(), 1, 0)`, "1"}},
		Eager:    func(*runCtx, []value.Value) value.Value { return value.Bool(true) },
	})
	registerFunc(&FuncSpec{
		Name: "false", MinArgs: 0, MaxArgs: 0, Usage: "false()",
		Doc:      "Returns false.",
		Examples: []FuncExample{{`if(false(), 1, 0)`, "0"}},
		Eager:    func(*runCtx, []value.Value) value.Value { return value.Bool(false) },
	})
	registerFunc(&FuncSpec{
		Name: "match", MinArgs: 2, MaxArgs: 2, Usage: "match(<str>, <regex>)",
		Doc: "True when the PCRE regular expression matches anywhere in the string (anchor with ^ and $).",
		Examples: []FuncExample{
			{`if(match("cmd.exe", "\.exe$"), 1, 0)`, "1"},
			{`if(match("CMD.EXE", "cmd"), 1, 0)`, "0"},
		},
		Eager: func(rc *runCtx, a []value.Value) value.Value {
			s, ok1 := str(a[0])
			p, ok2 := str(a[1])
			if !ok1 || !ok2 {
				return value.Null
			}
			re, err := pcre.Compile(p)
			if err != nil {
				rc.warn("match(): %v", err)
				return value.Null
			}
			ok, err := re.MatchString(s)
			if err != nil {
				rc.warn("match(): %v", err)
				return value.Null
			}
			return value.Bool(ok)
		},
	})
	registerFunc(&FuncSpec{
		Name: "like", MinArgs: 2, MaxArgs: 2, Usage: "like(<str>, <pattern>)",
		Doc:      "True when the string matches the SQL LIKE pattern (% any run, _ one character; case-sensitive).",
		Examples: []FuncExample{{`if(like("wermgr.exe", "wer%.exe"), 1, 0)`, "1"}},
		Eager:    func(_ *runCtx, a []value.Value) value.Value { return likeValue(a[0], a[1]) },
	})
	registerFunc(&FuncSpec{
		Name: "in", MinArgs: 2, MaxArgs: -1, Usage: "in(<value>, <v1>, ...)",
		Doc:      "True when the value equals one of the listed values (exact, no wildcards).",
		Examples: []FuncExample{{`if(in("b", "a", "b"), 1, 0)`, "1"}},
		Compile: func(c *exprCompiler, n *spl.CallExpr) (evalFn, error) {
			args, err := c.compileAll(n.Args)
			if err != nil {
				return nil, err
			}
			return func(r value.Fields) value.Value { return inList(args[0](r), args[1:], r) }, nil
		},
	})
	registerFunc(&FuncSpec{
		Name: "cidrmatch", MinArgs: 2, MaxArgs: 2, Usage: `cidrmatch("<cidr>", <ip>)`,
		Doc:      "True when the IP address (IPv4 or IPv6) is inside the CIDR block; false for values that are not addresses.",
		Examples: []FuncExample{{`if(cidrmatch("10.0.0.0/8", "10.1.2.3"), 1, 0)`, "1"}, {`if(cidrmatch("10.0.0.0/8", "x"), 1, 0)`, "0"}},
		Eager: func(_ *runCtx, a []value.Value) value.Value {
			c, ok1 := str(a[0])
			ip, ok2 := str(a[1])
			if !ok1 || !ok2 {
				return value.Null
			}
			pf, err := netip.ParsePrefix(strings.TrimSpace(c))
			if err != nil {
				return value.Bool(false)
			}
			addr, err := netip.ParseAddr(ip)
			if err != nil {
				return value.Bool(false)
			}
			return value.Bool(pf.Masked().Contains(addr.Unmap()))
		},
	})
}

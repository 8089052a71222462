package engine

import (
	"net/netip"
	"strings"
	"sync"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// Comparison and conditional functions.
// https://help.splunk.com/splunk-enterprise/search/spl-search-reference/10.0/evaluation-functions/comparison-and-conditional-functions

func init() {
	registerIn("Comparison and conditional",
		&FuncSpec{
			Name: "if", MinArgs: 3, MaxArgs: 3,
			Usage: "if(<predicate>, <true_value>, <false_value>)",
			Doc:   "Returns <true_value> when the predicate is true, otherwise <false_value> (also when the predicate is null).",
			Examples: []FuncExample{
				{`if(200==200, "OK", "Error")`, "OK", ""},
				{`if(missing_field="a", "yes", "no")`, "no", ""},
			},
			Compile: func(c *exprCompiler, n *spl.CallExpr) (evalFn, error) {
				args, types, err := c.compileAllT(n.Args)
				if err != nil {
					return nil, err
				}
				if err := predicateArg(n, 0, types[0]); err != nil {
					return nil, err
				}
				return func(r value.Fields) value.Value {
					if args[0](r).Truth() {
						return args[1](r)
					}
					return args[2](r)
				}, nil
			},
		},
		&FuncSpec{
			Name: "case", MinArgs: 2, MaxArgs: -1,
			Usage: "case(<condition>, <value>[, <condition>, <value>]...)",
			Doc:   "Returns the value paired with the first true condition, or null when none is true; end with true(), <default> for a default.",
			Examples: []FuncExample{
				{`case(404 == 404, "Not found", 404 == 500, "Internal Server Error", 404 == 200, "OK")`, "Not found", ""},
				{`case(1=2, "a", true(), "Other")`, "Other", ""},
				{`case(1=2, "a")`, "", ""},
			},
			Compile: func(c *exprCompiler, n *spl.CallExpr) (evalFn, error) {
				if len(n.Args)%2 != 0 {
					return nil, errAt(n, "case takes pairs of <condition>, <value>, but got %d arguments", len(n.Args))
				}
				args, types, err := c.compileAllT(n.Args)
				if err != nil {
					return nil, err
				}
				for i := 0; i < len(args); i += 2 {
					if err := predicateArg(n, i, types[i]); err != nil {
						return nil, err
					}
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
		},
		&FuncSpec{
			Name: "coalesce", MinArgs: 1, MaxArgs: -1,
			Usage: "coalesce(<value>, ...)",
			// docs/SEMANTICS.md §4.1: whether "" counts is UNCONFIRMED; an empty
			// string is a value (isnull("") is false), so it is returned.
			Doc: "Returns the first argument that is not null; an empty string counts as a value.",
			Examples: []FuncExample{
				{`coalesce(null(), "Returned value", null())`, "Returned value", ""},
				{`coalesce("", "fallback")`, "", ""},
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
		},
		&FuncSpec{
			Name: "nullif", MinArgs: 2, MaxArgs: 2, Usage: "nullif(<field1>, <field2>)",
			Doc:      "Returns null when the two values are equal, otherwise the first.",
			Examples: []FuncExample{{`nullif("a", "a")`, "", ""}, {`nullif("a", "b")`, "a", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				if a[0].IsNull() {
					return value.Null
				}
				if !a[1].IsNull() {
					if c, ok := compareValues(a[0], a[1], false, eqOnly); ok && c == 0 {
						return value.Null
					}
				}
				return a[0]
			},
		},
		&FuncSpec{
			Name: "null", MinArgs: 0, MaxArgs: 0, Usage: "null()",
			Doc:      "Returns null; assigning it removes the field.",
			Examples: []FuncExample{{`null()`, "", ""}},
			Eager:    func(*runCtx, []value.Value) value.Value { return value.Null },
		},
		&FuncSpec{
			Name: "true", MinArgs: 0, MaxArgs: 0, Usage: "true()", Returns: tBool,
			Doc:      "Returns true, e.g. as the last condition of case().",
			Examples: []FuncExample{{`if(true(), 1, 0)`, "1", ""}},
			Eager:    func(*runCtx, []value.Value) value.Value { return value.Bool(true) },
		},
		&FuncSpec{
			Name: "false", MinArgs: 0, MaxArgs: 0, Usage: "false()", Returns: tBool,
			Doc:      "Returns false.",
			Examples: []FuncExample{{`if(false(), 1, 0)`, "0", ""}},
			Eager:    func(*runCtx, []value.Value) value.Value { return value.Bool(false) },
		},
		&FuncSpec{
			Name: "match", MinArgs: 2, MaxArgs: 2, Usage: "match(<str>, <regex>)", Returns: tBool,
			Doc: "True when the PCRE regular expression matches anywhere in the string (anchor with ^ and $; case-sensitive unless (?i)).",
			Examples: []FuncExample{
				{`if(match("192.0.2.5", "^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$"), 1, 0)`, "1", ""},
				{`if(match("CMD.EXE", "cmd"), 1, 0)`, "0", ""},
				{`if(match("CMD.EXE", "(?i)cmd"), 1, 0)`, "1", ""},
			},
			Eager: func(rc *runCtx, a []value.Value) value.Value {
				p, ok := str(a[1])
				if a[0].IsNull() || !ok {
					return value.Null
				}
				if rc.regexStopped() {
					return value.Null
				}
				re, err := rc.compileRegex(p)
				if err != nil {
					rc.warnOnce("match(): %v", err)
					return value.Null
				}
				for _, e := range a[0].Values() {
					ok, err := re.MatchString(e.String())
					if err != nil {
						_ = rc.regexFailed("match()", err)
						return value.Null
					}
					if ok {
						return value.Bool(true)
					}
				}
				return value.Bool(false)
			},
		},
		&FuncSpec{
			Name: "like", MinArgs: 2, MaxArgs: 2, Usage: "like(<str>, <pattern>)", Returns: tBool,
			Doc: "True when the string matches the SQL LIKE pattern: % any run, _ one character; case-sensitive.",
			Examples: []FuncExample{
				{`if(like("198.51.100.7", "198.%"), 1, 0)`, "1", ""},
				{`if(like("wermgr.exe", "WER%"), 1, 0)`, "0", ""},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value { return likeValue(a[0], a[1]) },
		},
		&FuncSpec{
			Name: "in", MinArgs: 2, MaxArgs: -1, Usage: "in(<value>, <list>...)", Returns: tBool,
			Doc:      "True when the value equals one of the listed values (exact, case-sensitive, no wildcards).",
			Examples: []FuncExample{{`if(in("404", "404", "500", "503"), "true", "false")`, "true", ""}, {`if(in("4*", "404"), 1, 0)`, "0", ""}},
			Compile: func(c *exprCompiler, n *spl.CallExpr) (evalFn, error) {
				args, err := c.compileAll(n.Args)
				if err != nil {
					return nil, err
				}
				return func(r value.Fields) value.Value { return inList(args[0](r), args[1:], r) }, nil
			},
		},
		&FuncSpec{
			Name: "cidrmatch", MinArgs: 2, MaxArgs: 2, Usage: `cidrmatch("<subnet>", <ip>)`, Returns: tBool,
			// docs/SEMANTICS.md §4.1: a value that is not an address gives false
			// [UNCONFIRMED; chosen].
			Doc: "True when the IPv4 or IPv6 address is inside the CIDR subnet; false for values that are not addresses.",
			Examples: []FuncExample{
				{`if(cidrmatch("192.0.2.0/24", "192.0.2.5"), 1, 0)`, "1", ""},
				{`if(cidrmatch("192.0.2.0/24", "192.0.3.1"), 1, 0)`, "0", ""},
				{`if(cidrmatch("2001:0db8:ffff:ffff:ffff:ffff:ffff:ff00/120", "2001:db8:ffff:ffff:ffff:ffff:ffff:ff99"), 1, 0)`, "1", ""},
				{`if(cidrmatch("10.0.0.0/8", "not an ip"), 1, 0)`, "0", ""},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				c, ok := str(a[0])
				if !ok || a[1].IsNull() {
					return value.Null
				}
				pf, err := netip.ParsePrefix(strings.TrimSpace(c))
				if err != nil {
					// A bare address is a /32 (or /128).
					addr, err2 := netip.ParseAddr(strings.TrimSpace(c))
					if err2 != nil {
						return value.Bool(false)
					}
					pf = netip.PrefixFrom(addr, addr.BitLen())
				}
				pf = pf.Masked()
				for _, e := range a[1].Values() {
					if addr, err := netip.ParseAddr(strings.TrimSpace(e.String())); err == nil && pf.Contains(addr.Unmap()) {
						return value.Bool(true)
					}
				}
				return value.Bool(false)
			},
		},
		&FuncSpec{
			Name: "validate", MinArgs: 2, MaxArgs: -1, Usage: "validate(<condition>, <string>, ...)",
			// A null condition fails, as macros.conf validation treats it.
			Doc: "Returns the string paired with the first condition that is not true, or null when all are true.",
			Examples: []FuncExample{
				{`validate(80 >= 1 AND 80 <= 65535, "ERROR: Port is out of range")`, "", ""},
				{`validate(isint(70000), "ERROR: Port is not an integer", 70000 >= 1 AND 70000 <= 65535, "ERROR: Port is out of range")`, "ERROR: Port is out of range", ""},
			},
			Compile: func(c *exprCompiler, n *spl.CallExpr) (evalFn, error) {
				if len(n.Args)%2 != 0 {
					return nil, errAt(n, "validate takes pairs of <condition>, <string>, but got %d arguments", len(n.Args))
				}
				args, types, err := c.compileAllT(n.Args)
				if err != nil {
					return nil, err
				}
				for i := 0; i < len(args); i += 2 {
					if err := predicateArg(n, i, types[i]); err != nil {
						return nil, err
					}
				}
				return func(r value.Fields) value.Value {
					for i := 0; i+1 < len(args); i += 2 {
						if !args[i](r).Truth() {
							return args[i+1](r)
						}
					}
					return value.Null
				}, nil
			},
		},
		&FuncSpec{
			Name: "searchmatch", MinArgs: 1, MaxArgs: 1, Usage: `searchmatch("<search_str>")`, Returns: tBool,
			Doc:      "True when the result matches the search expression, with search's rules (case-insensitive values, wildcards, implied AND).",
			Examples: []FuncExample{{`if(searchmatch("_raw=x"), 1, 0)`, "1", ""}, {`if(searchmatch("x=hi y=*"), 1, 0)`, "0", ""}},
			Compile:  compileSearchmatch,
		},
	)
}

// predicateArg checks that argument i of a conditional function can be a
// predicate: "if(x, ...)" with x a number or string literal is a type error.
func predicateArg(n *spl.CallExpr, i int, t etype) error {
	if t == tNum || t == tStr {
		return typeError(n.Args[i], n.Name+"() condition", "a Boolean", t)
	}
	return nil
}

// compileSearchmatch compiles the search string once when it is a literal,
// else per distinct value.
func compileSearchmatch(c *exprCompiler, n *spl.CallExpr) (evalFn, error) {
	compileOne := func(text string) (rowPred, error) {
		x, err := spl.ParseSearch(text)
		if err != nil {
			return nil, err
		}
		return (&searchCompiler{rc: c.rc}).compile(x)
	}
	if lit, ok := n.Args[0].(*spl.StringLit); ok {
		p, err := compileOne(lit.Value)
		if err != nil {
			return nil, errAt(n.Args[0], "searchmatch: %v", err)
		}
		return func(r value.Fields) value.Value { return value.Bool(p(r)) }, nil
	}
	arg, err := c.compile(n.Args[0])
	if err != nil {
		return nil, err
	}
	var cache sync.Map
	rc := c.rc
	return func(r value.Fields) value.Value {
		s, ok := str(arg(r))
		if !ok {
			return value.Null
		}
		if p, ok := cache.Load(s); ok {
			return value.Bool(p.(rowPred)(r))
		}
		p, err := compileOne(s)
		if err != nil {
			rc.warnOnce("searchmatch(%q): %v", s, err)
			return value.Null
		}
		cache.Store(s, p)
		return value.Bool(p(r))
	}, nil
}

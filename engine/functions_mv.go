package engine

import (
	"encoding/json"
	"math"
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/timefmt"
	"github.com/spelunk-dev/spelunk/value"
)

// Multivalue functions.
// https://help.splunk.com/splunk-enterprise/search/spl-search-reference/10.0/evaluation-functions/multivalue-eval-functions

func init() {
	registerIn("Multivalue",
		&FuncSpec{
			Name: "commands", MinArgs: 1, MaxArgs: 1, Usage: "commands(<value>)", Returns: tStr,
			Doc:      "The names of the commands used in a search string, as a multivalue field.",
			Examples: []FuncExample{{`mvjoin(commands("search foo | stats count | sort count"), ",")`, "search,stats,sort", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				s, ok := str(a[0])
				if !ok {
					return value.Null
				}
				return value.Strs(commandNames(s)...)
			},
		},
		&FuncSpec{
			Name: "mvappend", MinArgs: 1, MaxArgs: -1, Usage: "mvappend(<values>...)",
			// docs/SEMANTICS.md §4.3: null arguments are skipped [UNCONFIRMED].
			Doc:      "Joins values and multivalue fields into one multivalue field; null arguments are skipped.",
			Examples: []FuncExample{{`mvjoin(mvappend("localhost", split("203.0.113.0,203.0.113.255", ","), "192.168.1.1"), " ")`, "localhost 203.0.113.0 203.0.113.255 192.168.1.1", ""}, {`mvcount(mvappend("a", missing_field))`, "1", ""}},
			Eager:    func(_ *runCtx, a []value.Value) value.Value { return value.Multi(a...) },
		},
		&FuncSpec{
			Name: "mvcount", MinArgs: 1, MaxArgs: 1, Usage: "mvcount(<mv>)", Returns: tNum,
			Doc:      "The number of values; 1 for a single value, null (not 0) for a missing field.",
			Examples: []FuncExample{{`mvcount(split("a,b,c", ","))`, "3", ""}, {`mvcount("one")`, "1", ""}, {`mvcount(missing_field)`, "", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				if a[0].IsNull() {
					return value.Null
				}
				return value.Num(float64(a[0].Len()))
			},
		},
		&FuncSpec{
			Name: "mvdedup", MinArgs: 1, MaxArgs: 1, Usage: "mvdedup(<mv>)",
			// First-occurrence order is kept [docs/SEMANTICS.md §4.3 UNCONFIRMED].
			Doc:      "Removes duplicate values, keeping the first occurrence of each in order.",
			Examples: []FuncExample{{`mvjoin(mvdedup(split("b,a,b,c,a", ",")), ",")`, "b,a,c", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				seen := map[string]bool{}
				var out []value.Value
				for _, e := range a[0].Values() {
					if s := e.String(); !seen[s] {
						seen[s] = true
						out = append(out, e)
					}
				}
				return value.Multi(out...)
			},
		},
		&FuncSpec{
			Name: "mvfilter", MinArgs: 1, MaxArgs: 1, Usage: "mvfilter(<predicate>)",
			Doc: "Keeps the values of a multivalue field for which the predicate, which may reference only one field, is true.",
			Examples: []FuncExample{
				{Setup: `email=split("a@b.net,c@d.com,e@f.org", ",")`, Expr: `mvjoin(mvfilter(match(email, "\.net$") OR match(email, "\.org$")), ",")`, Want: "a@b.net,e@f.org"},
				{Setup: `email=split("a@b.com,c@d.com", ",")`, Expr: `mvfilter(match(email, "\.net$"))`, Want: ""},
			},
			Compile: compileMvfilter,
		},
		&FuncSpec{
			Name: "mvfind", MinArgs: 2, MaxArgs: 2, Usage: "mvfind(<mv>, <regex>)", Returns: tNum,
			Doc:      "The 0-based index of the first value that the regular expression matches, or null.",
			Examples: []FuncExample{{`mvfind(split("ok,err42,err7", ","), "err\d+")`, "1", ""}, {`mvfind(split("a,b", ","), "z")`, "", ""}},
			Eager: func(rc *runCtx, a []value.Value) value.Value {
				p, ok := str(a[1])
				if !ok {
					return value.Null
				}
				if rc.regexStopped() {
					return value.Null
				}
				re, err := rc.compileRegex(p)
				if err != nil {
					rc.warnOnce("mvfind(): %v", err)
					return value.Null
				}
				for i, e := range a[0].Values() {
					ok, err := re.MatchString(e.String())
					if err != nil {
						_ = rc.regexFailed("mvfind()", err)
						return value.Null
					}
					if ok {
						return value.Num(float64(i))
					}
				}
				return value.Null
			},
		},
		&FuncSpec{
			Name: "mvindex", MinArgs: 2, MaxArgs: 3, Usage: "mvindex(<mv>, <start>[, <end>])",
			Doc: "The values from start to end (inclusive), by 0-based position; negative positions count from the end; out of range is null.",
			Examples: []FuncExample{
				{`mvindex(split("alex,celestino,claudia,david,ikraam,nyah,rutherford,wei", ","), 2)`, "claudia", ""},
				{`mvjoin(mvindex(split("alex,celestino,claudia,david,ikraam,nyah,rutherford,wei", ","), 0, 3), ",")`, "alex,celestino,claudia,david", ""},
				{`mvindex(split("buttercup,dash,flutter,honey,ivory,minty,pinky,rarity", ","), -1)`, "rarity", ""},
				{`mvindex(split("buttercup,dash,flutter,honey,ivory,minty,pinky,rarity", ","), -3)`, "minty", ""},
				{`mvjoin(mvindex(split("buttercup,dash,flutter,honey,ivory,minty,pinky,rarity", ","), -3, -1), ",")`, "minty,pinky,rarity", ""},
				{`mvindex(split("a,b", ","), 5)`, "", ""},
			},
			Eager: mvindex,
		},
		&FuncSpec{
			Name: "mvjoin", MinArgs: 2, MaxArgs: 2, Usage: "mvjoin(<mv>, <delim>)", Returns: tStr,
			Doc:      "Joins the values of a multivalue field with a delimiter.",
			Examples: []FuncExample{{`mvjoin(mvrange(1,6), " OR ")`, "1 OR 2 OR 3 OR 4 OR 5", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				d, ok := str(a[1])
				if a[0].IsNull() || !ok {
					return value.Null
				}
				return value.Str(strings.Join(a[0].Strings(), d))
			},
		},
		&FuncSpec{
			Name: "mvmap", MinArgs: 2, MaxArgs: 2, Usage: "mvmap(<mv>, <expression>)",
			Doc: "Evaluates the expression for each value of a multivalue field (the field's name stands for the current value) and returns the results.",
			Examples: []FuncExample{
				{Setup: `results=split("1,2,3", ",")`, Expr: `mvjoin(mvmap(results, results*10), ",")`, Want: "10,20,30"},
				{Setup: `results=split("1,2,3", ","), threshold=2`, Expr: `mvjoin(mvmap(mvindex(results, 1, 2), results*threshold), ",")`, Want: "4,6"},
			},
			Compile: compileMvmap,
		},
		&FuncSpec{
			Name: "mvrange", MinArgs: 2, MaxArgs: 3, Usage: "mvrange(<start>, <end>[, <step>])",
			Doc: `Numbers from start up to but not including end, by step (default 1); a time span step such as "7d" steps epoch times.`,
			Examples: []FuncExample{
				{`mvjoin(mvrange(1, 11, 2), ",")`, "1,3,5,7,9", ""},
				{`mvjoin(mvrange(0, 86400*14, "7d"), ",")`, "0,604800", ""},
			},
			Eager: mvrange,
		},
		&FuncSpec{
			Name: "mvreverse", MinArgs: 1, MaxArgs: 1, Usage: "mvreverse(<mv>)",
			Doc:      "Reverses the order of the values of a multivalue field.",
			Examples: []FuncExample{{`mvjoin(mvreverse(split("1,2,3", ",")), ",")`, "3,2,1", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				vals := a[0].Values()
				out := make([]value.Value, len(vals))
				for i, e := range vals {
					out[len(vals)-1-i] = e
				}
				return value.Multi(out...)
			},
		},
		&FuncSpec{
			Name: "mvsort", MinArgs: 1, MaxArgs: 1, Usage: "mvsort(<mv>)",
			Doc:      "Sorts the values lexicographically (UTF-8 byte order: 10, 100, 70, 9; uppercase before lowercase).",
			Examples: []FuncExample{{`mvjoin(mvsort(split("10,9,70,100", ",")), ",")`, "10,100,70,9", ""}, {`mvjoin(mvsort(split("b,B,a", ",")), ",")`, "B,a,b", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				vals := append([]value.Value(nil), a[0].Values()...)
				sort.SliceStable(vals, func(i, j int) bool { return vals[i].String() < vals[j].String() })
				return value.Multi(vals...)
			},
		},
		&FuncSpec{
			Name: "mvzip", MinArgs: 2, MaxArgs: 3, Usage: "mvzip(<mv_left>, <mv_right>[, <delim>])",
			// docs/SEMANTICS.md §4.3: unequal lengths give the shorter length
			// [UNCONFIRMED; as Python's zip, which the docs compare it to].
			Doc:      `Pairs the first value of each field, then the second, and so on, joined with delim (default ","); stops at the shorter field.`,
			Examples: []FuncExample{{`mvjoin(mvzip(split("a,b,c", ","), split("80,443", ","), ":"), " ")`, "a:80 b:443", ""}, {`mvzip("h", "1")`, "h,1", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				d := ","
				if len(a) == 3 {
					s, ok := str(a[2])
					if !ok {
						return value.Null
					}
					d = s
				}
				l, r := a[0].Strings(), a[1].Strings()
				n := min(len(l), len(r))
				out := make([]string, n)
				for i := range n {
					out[i] = l[i] + d + r[i]
				}
				return value.Strs(out...)
			},
		},
		&FuncSpec{
			Name: "mv_to_json_array", MinArgs: 1, MaxArgs: 2, Usage: "mv_to_json_array(<field>[, <infer_types>])", Returns: tStr,
			Doc: "Writes the values as a JSON array: as strings, or with infer_types true() as the JSON values they spell (others become null).",
			Examples: []FuncExample{
				{`mv_to_json_array(mvappend("\"Buttercup\"", "true", "null"), false())`, `["\"Buttercup\"","true","null"]`, ""},
				{`mv_to_json_array(mvappend("\"Buttercup\"", "true", "null"), true())`, `["Buttercup",true,null]`, ""},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				if a[0].IsNull() {
					return value.Null
				}
				infer := len(a) == 2 && a[1].Truth()
				parts := make([]string, 0, a[0].Len())
				for _, s := range a[0].Strings() {
					if infer {
						var x any
						if json.Unmarshal([]byte(s), &x) == nil {
							b, _ := json.Marshal(x)
							parts = append(parts, string(b))
						} else {
							parts = append(parts, "null")
						}
						continue
					}
					b, _ := json.Marshal(s)
					parts = append(parts, string(b))
				}
				return value.Str("[" + strings.Join(parts, ",") + "]")
			},
		},
		&FuncSpec{
			Name: "split", MinArgs: 2, MaxArgs: 2, Usage: "split(<str>, <delim>)",
			Doc: `Splits a string into a multivalue field at each delimiter (several characters allowed); split(s, "") gives one value per character.`,
			Examples: []FuncExample{
				{`mvjoin(split("buttercup;rarity;tenderhoof", ";"), ",")`, "buttercup,rarity,tenderhoof", ""},
				{`mvjoin(split("abcd", ""), ",")`, "a,b,c,d", ""},
				{`mvjoin(split("1a2b3c4def567890", "def"), ",")`, "1a2b3c4,567890", ""},
				{`mvjoin(split("name::value", "::"), ",")`, "name,value", ""},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				d, ok := str(a[1])
				if a[0].IsNull() || !ok {
					return value.Null
				}
				var out []string
				for _, s := range a[0].Strings() {
					out = append(out, strings.Split(s, d)...)
				}
				return value.Strs(out...)
			},
		},
	)
}

func mvindex(_ *runCtx, a []value.Value) value.Value {
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
	// "If the indexes are out of range or invalid, the result is NULL."
	if start < 0 || start >= n || end < start {
		return value.Null
	}
	end = min(end, n-1)
	return value.Multi(vals[start : end+1]...)
}

func mvrange(rc *runCtx, a []value.Value) value.Value {
	start, ok1 := a[0].Number()
	end, ok2 := a[1].Number()
	if !ok1 || !ok2 {
		return value.Null
	}
	const limit = 1 << 20 // guard against runaway ranges
	var out []value.Value
	if len(a) == 3 {
		if step, ok := a[2].Number(); !ok {
			s, _ := str(a[2])
			m, err := timefmt.ParseModifier("+" + strings.TrimPrefix(s, "+"))
			if err != nil {
				return value.Null
			}
			for t := start; t < end && len(out) < limit; {
				out = append(out, value.Num(t))
				next := m.Apply(t, rc.tz)
				if next <= t {
					break
				}
				t = next
			}
			return value.Multi(out...)
		} else {
			return numRange(start, end, step, limit)
		}
	}
	return numRange(start, end, 1, limit)
}

func numRange(start, end, step float64, limit int) value.Value {
	if step == 0 || math.IsNaN(step) {
		return value.Null
	}
	var out []value.Value
	for x := start; (step > 0 && x < end || step < 0 && x > end) && len(out) < limit; x += step {
		out = append(out, value.Num(x))
	}
	return value.Multi(out...)
}

// fieldRefs lists the field names an expression reads, in order.
func fieldRefs(x spl.Expr) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(spl.Expr)
	walk = func(x spl.Expr) {
		switch n := x.(type) {
		case *spl.FieldRef:
			if !seen[n.Name] {
				seen[n.Name] = true
				out = append(out, n.Name)
			}
		case *spl.UnaryExpr:
			walk(n.X)
		case *spl.BinaryExpr:
			walk(n.L)
			walk(n.R)
		case *spl.InExpr:
			walk(n.X)
			for _, e := range n.List {
				walk(e)
			}
		case *spl.CallExpr:
			for _, e := range n.Args {
				walk(e)
			}
		}
	}
	walk(x)
	return out
}

// withValue returns r with field name set to v, leaving r unchanged.
func withValue(r value.Fields, name string, v value.Value) value.Fields {
	out := make(value.Fields, len(r), len(r)+1)
	copy(out, r)
	out.Set(name, v)
	return out
}

func compileMvfilter(c *exprCompiler, n *spl.CallExpr) (evalFn, error) {
	refs := fieldRefs(n.Args[0])
	if len(refs) != 1 {
		return nil, errAt(n, "mvfilter: the predicate must reference exactly one field, but it references %d", len(refs))
	}
	name := refs[0]
	pred, err := c.compile(n.Args[0])
	if err != nil {
		return nil, err
	}
	return func(r value.Fields) value.Value {
		var out []value.Value
		for _, e := range r.Get(name).Values() {
			if pred(withValue(r, name, e)).Truth() {
				out = append(out, e)
			}
		}
		return value.Multi(out...)
	}, nil
}

func compileMvmap(c *exprCompiler, n *spl.CallExpr) (evalFn, error) {
	refs := fieldRefs(n.Args[0])
	if len(refs) == 0 {
		return nil, errAt(n.Args[0], "mvmap: the first argument must be a multivalue field (or an expression over one)")
	}
	name := refs[0]
	src, err := c.compile(n.Args[0])
	if err != nil {
		return nil, err
	}
	f, err := c.compile(n.Args[1])
	if err != nil {
		return nil, err
	}
	return func(r value.Fields) value.Value {
		var out []value.Value
		for _, e := range src(r).Values() {
			out = append(out, f(withValue(r, name, e)))
		}
		return value.Multi(out...)
	}, nil
}

// commandNames lists the first word of each command of a search,
// lower-cased; the first is "search" when it is not a command's name (the
// search command's terms). Text the parser would reject for an unclosed quote or bracket
// has no commands.
func commandNames(s string) []string {
	segs, err := spl.SplitPipeline(s)
	if err != nil {
		return nil
	}
	var out []string
	for _, seg := range segs {
		seg = strings.TrimSpace(seg)
		if seg == "" {
			continue
		}
		word := strings.ToLower(strings.FieldsFunc(seg, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '(' || r == '[' })[0])
		if len(out) == 0 {
			if _, ok := spl.LookupCommand(word); !ok {
				word = "search"
			}
		}
		out = append(out, word)
	}
	return out
}

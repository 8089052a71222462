package engine

import (
	"strings"
	"unicode/utf8"

	"github.com/spelunk-dev/spelunk/engine/pcre"
	"github.com/spelunk-dev/spelunk/engine/value"
)

// Text functions.
// https://help.splunk.com/splunk-enterprise/search/spl-search-reference/10.0/evaluation-functions/text-functions

func init() {
	registerFunc(&FuncSpec{
		Name: "lower", MinArgs: 1, MaxArgs: 1, Usage: "lower(<str>)",
		Doc:      "Lower-cases a string; on a multivalue field, each value.",
		Examples: []FuncExample{{`lower("WerMgr.EXE")`, "wermgr.exe"}},
		Eager:    func(_ *runCtx, a []value.Value) value.Value { return mapStrings(a[0], strings.ToLower) },
	})
	registerFunc(&FuncSpec{
		Name: "upper", MinArgs: 1, MaxArgs: 1, Usage: "upper(<str>)",
		Doc:      "Upper-cases a string; on a multivalue field, each value.",
		Examples: []FuncExample{{`upper("cmd.exe")`, "CMD.EXE"}},
		Eager:    func(_ *runCtx, a []value.Value) value.Value { return mapStrings(a[0], strings.ToUpper) },
	})
	registerFunc(&FuncSpec{
		Name: "len", MinArgs: 1, MaxArgs: 1, Usage: "len(<str>)",
		Doc:      "The number of characters (UTF-8 code points) in a string.",
		Examples: []FuncExample{{`len("wermgr")`, "6"}, {`len("é")`, "1"}},
		Eager: func(_ *runCtx, a []value.Value) value.Value {
			s, ok := str(a[0])
			if !ok {
				return value.Null
			}
			return value.Num(float64(utf8.RuneCountInString(s)))
		},
	})
	registerFunc(&FuncSpec{
		Name: "replace", MinArgs: 3, MaxArgs: 3, Usage: "replace(<str>, <regex>, <replacement>)",
		Doc: `Replaces every match of a PCRE regex; \1, \2 in the replacement refer to groups.`,
		Examples: []FuncExample{
			{`replace("4/30/2021", "^(\d{1,2})/(\d{1,2})/", "\2/\1/")`, "30/4/2021"},
			{`replace("C:\\Windows\\System32\\wermgr.exe", "^.*\\\\", "")`, "wermgr.exe"},
		},
		Eager: func(rc *runCtx, a []value.Value) value.Value {
			p, ok1 := str(a[1])
			repl, ok2 := str(a[2])
			if a[0].IsNull() || !ok1 || !ok2 {
				return value.Null
			}
			re, err := pcre.Compile(p)
			if err != nil {
				rc.warn("replace(): %v", err)
				return value.Null
			}
			var failed error
			out := mapStrings(a[0], func(s string) string {
				r, err := re.ReplaceAll(s, repl)
				if err != nil {
					failed = err
				}
				return r
			})
			if failed != nil {
				rc.warn("replace(): %v", failed)
				return value.Null
			}
			return out
		},
	})
	registerFunc(&FuncSpec{
		Name: "substr", MinArgs: 2, MaxArgs: 3, Usage: "substr(<str>, <start>[, <length>])",
		Doc: "A substring; start is 1-based and counts from the end when negative (SQLite semantics).",
		Examples: []FuncExample{
			{`substr("string", 1, 3)`, "str"},
			{`substr("string", -3)`, "ing"},
			{`substr("string", 1, 3) + substr("string", -3)`, "string"},
		},
		Eager: func(_ *runCtx, a []value.Value) value.Value {
			s, ok := str(a[0])
			start, ok2 := a[1].Number()
			if !ok || !ok2 {
				return value.Null
			}
			length := -1.0
			if len(a) == 3 {
				l, ok := a[2].Number()
				if !ok {
					return value.Null
				}
				length = l
			}
			return value.Str(substr(s, int(start), int(length), len(a) == 3))
		},
	})
	registerFunc(&FuncSpec{
		Name: "split", MinArgs: 2, MaxArgs: 2, Usage: "split(<str>, <delimiter>)",
		Doc:      `Splits a string into a multivalue field; split(s, "") gives one value per character.`,
		Examples: []FuncExample{{`mvjoin(split("a;b;c", ";"), ",")`, "a,b,c"}},
		Eager: func(_ *runCtx, a []value.Value) value.Value {
			s, ok1 := str(a[0])
			d, ok2 := str(a[1])
			if !ok1 || !ok2 {
				return value.Null
			}
			return value.Strs(strings.Split(s, d)...)
		},
	})
}

// substr follows SQLite's substr(), which Splunk's mirrors: positions are
// 1-based, a negative start counts from the end, and the result is
// clipped to the string.
func substr(s string, start, length int, hasLen bool) string {
	rs := []rune(s)
	n := len(rs)
	var from int
	switch {
	case start > 0:
		from = start - 1
	case start < 0:
		from = n + start
	default:
		from = 0
		if hasLen {
			length-- // position 0 is just before the first character
		}
	}
	to := n
	if hasLen {
		if length < 0 {
			return ""
		}
		to = from + length
	}
	from = max(from, 0)
	to = min(to, n)
	if from >= to {
		return ""
	}
	return string(rs[from:to])
}

// mapStrings applies f to a value or to each value of a multivalue.
func mapStrings(v value.Value, f func(string) string) value.Value {
	if v.IsNull() {
		return value.Null
	}
	vals := v.Values()
	out := make([]value.Value, len(vals))
	for i, e := range vals {
		out[i] = value.Str(f(e.String()))
	}
	return value.Multi(out...)
}

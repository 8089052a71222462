package engine

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/spelunk-dev/spelunk/value"
)

// Text functions.
// https://help.splunk.com/splunk-enterprise/search/spl-search-reference/10.0/evaluation-functions/text-functions
//
// The reference says lower and upper work on multivalue fields and the
// others are "not supported on multivalue fields" without saying what
// happens. We apply every text function to each value, as lower and upper
// do [our choice; README "Semantics decisions"].

func init() {
	registerIn("Text",
		&FuncSpec{
			Name: "len", MinArgs: 1, MaxArgs: 1, Usage: "len(<str>)", Returns: tNum,
			Doc:      "The number of characters (UTF-8 code points) in a string.",
			Examples: []FuncExample{{`len("buttercup")`, "9", ""}, {`len("tenderhoof")`, "10", ""}, {`len("é")`, "1", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				return mapValues(a[0], func(e value.Value) value.Value {
					return value.Num(float64(utf8.RuneCountInString(e.String())))
				})
			},
		},
		&FuncSpec{
			Name: "lower", MinArgs: 1, MaxArgs: 1, Usage: "lower(<str>)", Returns: tStr,
			Doc:      "Lower-cases a string; on a multivalue field, each value.",
			Examples: []FuncExample{{`lower("WerMgr.EXE")`, "wermgr.exe", ""}},
			Eager:    func(_ *runCtx, a []value.Value) value.Value { return mapStrings(a[0], strings.ToLower) },
		},
		&FuncSpec{
			Name: "upper", MinArgs: 1, MaxArgs: 1, Usage: "upper(<str>)", Returns: tStr,
			Doc:      "Upper-cases a string; on a multivalue field, each value.",
			Examples: []FuncExample{{`upper("cmd.exe")`, "CMD.EXE", ""}},
			Eager:    func(_ *runCtx, a []value.Value) value.Value { return mapStrings(a[0], strings.ToUpper) },
		},
		trimSpec("trim", "Removes the trim characters (default space and tab) from both sides of a string.", strings.Trim,
			FuncExample{`trim("   ZZZZabcZZ ", " Z")`, "abc", ""}),
		trimSpec("ltrim", "Removes the trim characters (default space and tab) from the left side of a string.", strings.TrimLeft,
			FuncExample{`ltrim("   ZZZZabcZZ ", " Z")`, "abcZZ ", ""}, FuncExample{`ltrim("$42", "$")`, "42", ""}),
		trimSpec("rtrim", "Removes the trim characters (default space and tab) from the right side of a string.", strings.TrimRight,
			FuncExample{`rtrim("   ZZZZabcZZ ", " Z")`, "   ZZZZabc", ""}),
		&FuncSpec{
			Name: "replace", MinArgs: 3, MaxArgs: 3, Usage: "replace(<str>, <regex>, <replacement>)", Returns: tStr,
			Doc: `Replaces every match of a PCRE regular expression; \1, \2 in the replacement are the groups.`,
			Examples: []FuncExample{
				{`replace("1/14/2023", "^(\d{1,2})/(\d{1,2})/", "\2/\1/")`, "14/1/2023", ""},
				{`replace("4/30/2021", "^(\d{1,2})/(\d{1,2})/", "\2/\1/")`, "30/4/2021", ""},
				{`replace("54.81.233.206:443:X1", ":.*", "")`, "54.81.233.206", ""},
				{`replace("C:\\Windows\\System32\\wermgr.exe", "^.*\\\\", "")`, "wermgr.exe", ""},
			},
			Eager: func(rc *runCtx, a []value.Value) value.Value {
				p, ok1 := str(a[1])
				repl, ok2 := str(a[2])
				if a[0].IsNull() || !ok1 || !ok2 {
					return value.Null
				}
				if rc.regexStopped() {
					return value.Null
				}
				re, err := rc.compileRegex(p)
				if err != nil {
					rc.warnOnce("replace(): %v", err)
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
					_ = rc.regexFailed("replace()", failed)
					return value.Null
				}
				return out
			},
		},
		&FuncSpec{
			Name: "substr", MinArgs: 2, MaxArgs: 3, Usage: "substr(<str>, <start>[, <length>])", Returns: tStr,
			Doc: "A substring; start is 1-based and counts from the end when negative (SQLite semantics); without length, the rest.",
			Examples: []FuncExample{
				{`substr("string", 1, 3)`, "str", ""},
				{`substr("string", -3)`, "ing", ""},
				{`substr("string", 1, 3) + substr("string", -3)`, "string", ""},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				start, ok := a[1].Number()
				if a[0].IsNull() || !ok {
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
				return mapStrings(a[0], func(s string) string { return substr(s, int(start), int(length), len(a) == 3) })
			},
		},
		&FuncSpec{
			Name: "urldecode", MinArgs: 1, MaxArgs: 1, Usage: "urldecode(<url>)", Returns: tStr,
			Doc:      "Decodes %XX escapes (and + as a space) in a URL.",
			Examples: []FuncExample{{`urldecode("http%3A%2F%2Fwww.splunk.com%2Fdownload%3Fr%3Dheader")`, "http://www.splunk.com/download?r=header", ""}},
			Eager:    func(_ *runCtx, a []value.Value) value.Value { return mapStrings(a[0], urldecode) },
		},
	)
	functions["length"] = aliasOf("length", "len")
}

// aliasOf registers another name for a function ("length" for len).
func aliasOf(name, of string) *FuncSpec {
	s := *functions[of]
	s.Name = name
	s.Doc += " Same as " + of + "()."
	s.Usage = name + strings.TrimPrefix(s.Usage, of)
	s.Examples = []FuncExample{{Expr: strings.Replace(s.Examples[0].Expr, of+"(", name+"(", 1), Want: s.Examples[0].Want}}
	return &s
}

func trimSpec(name, doc string, f func(string, string) string, ex ...FuncExample) *FuncSpec {
	return &FuncSpec{
		Name: name, MinArgs: 1, MaxArgs: 2, Usage: name + "(<str>[, <trim_chars>])", Returns: tStr,
		Doc: doc, Examples: ex,
		Eager: func(_ *runCtx, a []value.Value) value.Value {
			chars := " \t"
			if len(a) == 2 {
				c, ok := str(a[1])
				if !ok {
					return value.Null
				}
				chars = c
			}
			return mapStrings(a[0], func(s string) string { return f(s, chars) })
		},
	}
}

// urldecode decodes what it can and keeps malformed escapes as written.
func urldecode(s string) string {
	if out, err := url.QueryUnescape(s); err == nil {
		return out
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			b.WriteByte(' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
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
	return mapValues(v, func(e value.Value) value.Value { return value.Str(f(e.String())) })
}

// mapValues applies f to a value or to each value of a multivalue.
func mapValues(v value.Value, f func(value.Value) value.Value) value.Value {
	if v.IsNull() {
		return value.Null
	}
	if !v.IsMulti() {
		// A single value, nearly always: no lists (Multi of one value is
		// that value, of a null null, of a multivalue its values).
		return f(v)
	}
	vals := v.Values()
	out := make([]value.Value, len(vals))
	for i, e := range vals {
		out[i] = f(e)
	}
	return value.Multi(out...)
}

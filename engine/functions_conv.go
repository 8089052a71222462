package engine

import (
	"math"
	"net/netip"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// Conversion functions.
// https://help.splunk.com/splunk-enterprise/search/spl-search-reference/10.0/evaluation-functions/conversion-functions

func init() {
	registerIn("Conversion",
		&FuncSpec{
			Name: "tonumber", MinArgs: 1, MaxArgs: 2, Usage: "tonumber(<str>[, <base>])", Returns: tNum,
			Doc: "Converts a string to a number in base 2 to 36 (default 10); a field value that does not parse (spaces included) gives null, a literal that does not parse is an error.",
			Examples: []FuncExample{
				{`tonumber("0A4", 16)`, "164", ""},
				{`tonumber("0101", 2)`, "5", ""},
				{`tonumber("12.50")`, "12.50", ""},
				{Setup: `celsius=" 21 "`, Expr: `tonumber(celsius)`, Want: ""},
				{Setup: `celsius=" 21 "`, Expr: `tonumber(trim(celsius))`, Want: "21"},
			},
			Compile: func(c *exprCompiler, n *spl.CallExpr) (evalFn, error) {
				args, err := c.compileAll(n.Args)
				if err != nil {
					return nil, err
				}
				if lit, ok := n.Args[0].(*spl.StringLit); ok && len(n.Args) == 1 {
					// "If the tonumber function can't parse a string to a
					// number, the function returns an error."
					if _, ok := value.ParseNumeric(lit.Value); !ok {
						return nil, errAt(lit, "tonumber: %s is not a number", spl.QuoteString(lit.Value))
					}
				}
				return func(r value.Fields) value.Value {
					vals := make([]value.Value, len(args))
					for i, a := range args {
						vals[i] = a(r)
					}
					return tonumber(vals)
				}, nil
			},
		},
		&FuncSpec{
			Name: "tostring", MinArgs: 1, MaxArgs: 2, Usage: `tostring(<value>[, "binary"|"hex"|"commas"|"duration"])`, Returns: tStr,
			Doc: `Converts a value to a string; Booleans give "True"/"False"; numbers can be formatted as "binary", "hex", "commas" (2 decimals) or "duration" (seconds as [D+]HH:MM:SS).`,
			Examples: []FuncExample{
				{`tostring(1==1) + " " + tostring(15, "hex") + " " + tostring(12345.6789, "commas")`, "True 0xF 12,345.68", ""},
				{`tostring(615, "duration")`, "00:10:15", ""},
				{`tostring(9, "binary")`, "1001", ""},
				{`tostring(12345, "commas")`, "12,345", ""},
				{`tostring(90061, "duration")`, "1+01:01:01", ""},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				v := a[0]
				if v.IsNull() {
					return value.Null
				}
				if len(a) == 1 {
					return mapStrings(v, func(s string) string { return s })
				}
				format, _ := str(a[1])
				return mapValues(v, func(e value.Value) value.Value {
					f, ok := e.Number()
					if !ok {
						return value.Str(e.String())
					}
					switch strings.ToLower(format) {
					case "hex":
						return value.Str("0x" + strings.ToUpper(strconv.FormatInt(int64(f), 16)))
					case "binary":
						return value.Str(strconv.FormatInt(int64(f), 2))
					case "commas":
						return value.Str(commas(f))
					case "duration":
						return value.Str(duration(f))
					}
					return value.Str(e.String())
				})
			},
		},
		&FuncSpec{
			Name: "printf", MinArgs: 1, MaxArgs: -1, Usage: "printf(<format>, <arguments>...)", Returns: tStr,
			Doc: "Builds a string as C's sprintf does: %d %i %u %o %x %X %p %e %f %g %a %c %s %z %%, flags ' - 0 + space #, width and precision (also *).",
			Examples: []FuncExample{
				{`printf("%c,%c", 65, "Foo")`, "A,F", ""},
				{`printf("%d,%i,%d", -2, +4, 30)`, "-2,4,30", ""},
				{`printf("%.2e", 5139)`, "5.14e+03", ""},
				{`printf("%.2f", pi())`, "3.14", ""},
				{`printf("%.2g,%.2g", pi(), 123)`, "3.1,1.2e+02", ""},
				{`printf("%o", 255)`, "377", ""},
				{`printf("%s%z", "foo", "bar")`, "foobar", ""},
				{`printf("%x,%X,%p", 10, 10, 10)`, "a,A,A", ""},
				{`printf("100%%")`, "100%", ""},
				{`printf("%'d", 12345)`, "12,345", ""},
				{`printf("%04d", 1)`, "0001", ""},
				{`printf("%+4d", 1)`, "  +1", ""},
				{`printf("%#x", 1)`, "0x1", ""},
				{`printf("%*d", 5, 123)`, "  123", ""},
				{`printf("%.*f", 1, 1.23)`, "1.2", ""},
				{`printf("%.3A", pi())`, "0X1.922P+1", ""},
			},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				f, ok := str(a[0])
				if !ok {
					return value.Null
				}
				return value.Str(sprintf(f, a[1:]))
			},
		},
		&FuncSpec{
			Name: "ipmask", MinArgs: 2, MaxArgs: 2, Usage: "ipmask(<mask>, <ip>)", Returns: tStr,
			Doc:      "Applies a netmask to an IPv4 address.",
			Examples: []FuncExample{{`ipmask("255.255.255.0", "192.0.2.55")`, "192.0.2.0", ""}, {`ipmask("255.255.0.0", "198.51.100.7")`, "198.51.0.0", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				m, ok1 := str(a[0])
				ip, ok2 := str(a[1])
				if !ok1 || !ok2 {
					return value.Null
				}
				ma, err1 := netip.ParseAddr(strings.TrimSpace(m))
				ia, err2 := netip.ParseAddr(strings.TrimSpace(ip))
				if err1 != nil || err2 != nil || !ma.Is4() || !ia.Unmap().Is4() {
					return value.Null
				}
				mb, ib := ma.As4(), ia.Unmap().As4()
				for i := range ib {
					ib[i] &= mb[i]
				}
				return value.Str(netip.AddrFrom4(ib).String())
			},
		},
		&FuncSpec{
			Name: "toint", MinArgs: 1, MaxArgs: 2, Usage: "toint(<value>[, <base>])", Returns: tNum,
			Doc:      "Converts to an integer, rounding down: floor(tonumber(value, base)).",
			Examples: []FuncExample{{`toint("24")`, "24", ""}, {`toint(3.14)`, "3", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				v := tonumber(a)
				if f, ok := v.Number(); ok {
					return value.Num(math.Floor(f))
				}
				return value.Null
			},
		},
		&FuncSpec{
			Name: "todouble", MinArgs: 1, MaxArgs: 2, Usage: "todouble(<value>[, <base>])", Returns: tNum,
			Doc: "Converts to a double: as tonumber() does, a whole number gaining a decimal place (5 becomes 5.0); null when it does not parse.",
			// "converts the value 5 from a number to a double so that it
			// becomes 5.0": a whole number gains a decimal place.
			Examples: []FuncExample{{`todouble("16.00")`, "16.00", ""}, {`todouble("number")`, "", ""}, {`todouble(5)`, "5.0", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				v := tonumber(a)
				if s := v.String(); v.Kind() == value.KindNumber && !strings.ContainsAny(s, ".eEnN") {
					if d, ok := value.ParseNumeric(s + ".0"); ok {
						return d
					}
				}
				return v
			},
		},
		&FuncSpec{
			Name: "tobool", MinArgs: 1, MaxArgs: 1, Usage: "tobool(<value>)", Returns: tBool,
			Doc:      `Converts "true"/"True"/"false"/"False" and numbers (0 is false) to a Boolean; null otherwise.`,
			Examples: []FuncExample{{`if(tobool(12), "In Stock", "Not in Stock")`, "In Stock", ""}, {`if(tobool(0), "In Stock", "Not in Stock")`, "Not in Stock", ""}},
			Eager: func(_ *runCtx, a []value.Value) value.Value {
				v := a[0]
				switch {
				case v.Kind() == value.KindBool:
					return v
				case v.IsNull() || v.IsMulti():
					return value.Null
				}
				if f, ok := v.Number(); ok {
					return value.Bool(f != 0)
				}
				switch v.String() {
				case "true", "True":
					return value.Bool(true)
				case "false", "False":
					return value.Bool(false)
				}
				return value.Null
			},
		},
	)
}

func tonumber(a []value.Value) value.Value {
	if a[0].Kind() == value.KindNumber {
		return a[0]
	}
	s, ok := str(a[0])
	if !ok || a[0].Kind() == value.KindBool {
		return value.Null
	}
	base := 10.0
	if len(a) == 2 {
		b, ok := a[1].Number()
		if !ok || b < 2 || b > 36 {
			return value.Null
		}
		base = b
	}
	if base == 10 {
		if v, ok := value.ParseNumeric(s); ok {
			return v
		}
		return value.Null
	}
	neg := strings.HasPrefix(s, "-")
	digits := strings.TrimPrefix(s, "-")
	if base == 16 {
		digits = strings.TrimPrefix(strings.TrimPrefix(digits, "0x"), "0X")
	}
	n, err := strconv.ParseUint(digits, int(base), 64)
	if err != nil {
		return value.Null
	}
	f := float64(n)
	if neg {
		f = -f
	}
	return value.Num(f)
}

// commas formats with thousands separators; a number with a fraction is
// rounded to two decimals ("12,345.68"), a whole number has none.
func commas(f float64) string {
	dec := 2
	if f == math.Trunc(f) {
		dec = 0
	}
	s := strconv.FormatFloat(math.Abs(f), 'f', dec, 64)
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if f < 0 {
		b.WriteByte('-')
	}
	b.WriteString(groupThousands(intPart))
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

func groupThousands(digits string) string {
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// duration formats seconds as [D+]HH:MM:SS, with the fraction of a second
// after a dot when there is one (to the microsecond, trailing zeros
// dropped): the delta page prints 12304.406 seconds as 03:25:04.406.
func duration(f float64) string {
	micros := int64(math.Round(math.Abs(f) * 1e6))
	secs, frac := micros/1e6, micros%1e6
	d, h, m, s := secs/86400, secs%86400/3600, secs%3600/60, secs%60
	out := ""
	if f < 0 {
		out = "-"
	}
	if d > 0 {
		out += strconv.FormatInt(d, 10) + "+"
	}
	out += pad2(h) + ":" + pad2(m) + ":" + pad2(s)
	if frac > 0 {
		out += "." + strings.TrimRight(strconv.FormatInt(frac+1e6, 10)[1:], "0")
	}
	return out
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

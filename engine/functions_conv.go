package engine

import (
	"math"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/engine/value"
)

// Conversion functions.
// https://help.splunk.com/splunk-enterprise/search/spl-search-reference/10.0/evaluation-functions/conversion-functions

func init() {
	registerFunc(&FuncSpec{
		Name: "tonumber", MinArgs: 1, MaxArgs: 2, Usage: "tonumber(<str>[, <base>])",
		Doc: "Converts a string to a number in base 2 to 36 (default 10); null when it does not parse.",
		Examples: []FuncExample{
			{`tonumber("0A4", 16)`, "164"},
			{`tonumber("12.5")`, "12.5"},
			{`tonumber(" 12")`, ""},
		},
		Eager: func(_ *runCtx, a []value.Value) value.Value {
			if a[0].Kind() == value.KindNumber {
				return a[0]
			}
			s, ok := str(a[0])
			if !ok {
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
				if f, ok := value.ParseNumber(s); ok {
					return value.Num(f)
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
		},
	})
	registerFunc(&FuncSpec{
		Name: "tostring", MinArgs: 1, MaxArgs: 2, Usage: `tostring(<value>[, "hex"|"commas"|"duration"])`,
		Doc: `Converts a value to a string; "hex", "commas" (with 2 decimals) and "duration" (seconds as HH:MM:SS) format numbers.`,
		Examples: []FuncExample{
			{`tostring(615, "duration")`, "00:10:15"},
			{`tostring(164, "hex")`, "0xA4"},
			{`tostring(1234567.891, "commas")`, "1,234,567.89"},
			{`tostring(1=1)`, "True"},
		},
		Eager: func(_ *runCtx, a []value.Value) value.Value {
			v := a[0]
			if v.IsNull() {
				return value.Null
			}
			if len(a) == 1 {
				return value.Str(v.String())
			}
			format, _ := str(a[1])
			f, ok := v.Number()
			if !ok {
				return value.Str(v.String())
			}
			switch strings.ToLower(format) {
			case "hex":
				return value.Str("0x" + strings.ToUpper(strconv.FormatInt(int64(f), 16)))
			case "commas":
				return value.Str(commas(f))
			case "duration":
				return value.Str(duration(f))
			}
			return value.Str(v.String())
		},
	})
}

// commas formats with thousands separators and at most two decimals,
// dropped when the number is whole.
func commas(f float64) string {
	s := strconv.FormatFloat(math.Abs(f), 'f', 2, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if f < 0 {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "00" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// duration formats seconds as [D+]HH:MM:SS.
func duration(f float64) string {
	secs := int64(math.Abs(f))
	d, h, m, s := secs/86400, secs%86400/3600, secs%3600/60, secs%60
	out := ""
	if f < 0 {
		out = "-"
	}
	if d > 0 {
		out += strconv.FormatInt(d, 10) + "+"
	}
	return out + pad2(h) + ":" + pad2(m) + ":" + pad2(s)
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

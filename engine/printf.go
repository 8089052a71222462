package engine

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spelunk-dev/spelunk/value"
)

// sprintf implements eval's printf(): C's sprintf conversions, flags,
// width and precision, with `'` for thousands separators and `*` taking
// width or precision from the arguments (Search Reference, Conversion
// functions, printf). A missing argument formats as an empty value.
func sprintf(format string, args []value.Value) string {
	var b strings.Builder
	next := func() (value.Value, bool) {
		if len(args) == 0 {
			return value.Null, false
		}
		v := args[0]
		args = args[1:]
		return v, true
	}
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		j := i + 1
		var flags string
		for j < len(format) && strings.IndexByte("'-0+ #", format[j]) >= 0 {
			flags += string(format[j])
			j++
		}
		width, prec := -1, -1
		if j < len(format) && format[j] == '*' {
			if v, ok := next(); ok {
				f, _ := v.Number()
				width = int(f)
			}
			j++
		} else {
			width, j = readInt(format, j)
		}
		if j < len(format) && format[j] == '.' {
			j++
			if j < len(format) && format[j] == '*' {
				if v, ok := next(); ok {
					f, _ := v.Number()
					prec = int(f)
				}
				j++
			} else {
				prec, j = readInt(format, j)
				if prec < 0 {
					prec = 0
				}
			}
		}
		if j >= len(format) {
			b.WriteString(format[i:])
			break
		}
		conv := format[j]
		i = j
		if conv == '%' {
			b.WriteByte('%')
			continue
		}
		arg, _ := next()
		b.WriteString(formatOne(conv, flags, width, prec, arg))
	}
	return b.String()
}

func readInt(s string, j int) (int, int) {
	start := j
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == start {
		return -1, j
	}
	n, _ := strconv.Atoi(s[start:j])
	return n, j
}

func formatOne(conv byte, flags string, width, prec int, arg value.Value) string {
	num := func() float64 {
		f, _ := arg.First().Number()
		return f
	}
	goFlags := strings.ReplaceAll(flags, "'", "")
	spec := func(verb string) string {
		s := "%" + goFlags
		if width >= 0 {
			s += strconv.Itoa(width)
		}
		if prec >= 0 {
			s += "." + strconv.Itoa(prec)
		}
		return s + verb
	}
	var out string
	switch conv {
	case 'd', 'i', 'u':
		n := int64(num())
		if conv == 'u' && n < 0 {
			n = -n
		}
		out = fmt.Sprintf(spec("d"), n)
		if strings.Contains(flags, "'") {
			out = withThousands(out)
		}
	case 'o':
		out = fmt.Sprintf(spec("o"), uint64(int64(num())))
	case 'x':
		out = fmt.Sprintf(spec("x"), uint64(int64(num())))
	case 'X', 'p':
		out = fmt.Sprintf(spec("X"), uint64(int64(num())))
	case 'e', 'E', 'f', 'F', 'g', 'G':
		verb := string(conv)
		if conv == 'F' {
			verb = "f"
		}
		out = fmt.Sprintf(spec(verb), num())
		if strings.Contains(flags, "'") && (conv == 'f' || conv == 'F') {
			out = withThousands(out)
		}
	case 'a', 'A':
		out = hexFloat(num(), prec, conv == 'A')
	case 'c':
		if f, ok := arg.Number(); ok && arg.Kind() == value.KindNumber {
			out = string(rune(int(f)))
		} else if s := arg.First().String(); s != "" {
			r, _ := utf8.DecodeRuneInString(s)
			out = string(r)
		}
		out = pad(out, width, strings.Contains(flags, "-"))
	case 's', 'z':
		s := arg.String()
		if arg.IsMulti() {
			s = strings.Join(arg.Strings(), ",")
		}
		if prec >= 0 && prec < utf8.RuneCountInString(s) {
			s = string([]rune(s)[:prec])
		}
		out = pad(s, width, strings.Contains(flags, "-"))
	default:
		return "%" + flags + string(conv)
	}
	return out
}

func pad(s string, width int, left bool) string {
	n := utf8.RuneCountInString(s)
	if width <= n {
		return s
	}
	if left {
		return s + strings.Repeat(" ", width-n)
	}
	return strings.Repeat(" ", width-n) + s
}

// withThousands inserts commas into the first run of digits of s.
func withThousands(s string) string {
	start := strings.IndexAny(s, "0123456789")
	if start < 0 {
		return s
	}
	end := start
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	return s[:start] + groupThousands(s[start:end]) + s[end:]
}

// hexFloat formats as C's %a: Go writes the exponent with two digits
// (p+01) where C writes as few as needed (p+1).
func hexFloat(f float64, prec int, upper bool) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return value.FormatNumber(f)
	}
	s := strconv.FormatFloat(f, 'x', prec, 64)
	if i := strings.LastIndexByte(s, 'p'); i >= 0 && i+2 < len(s) {
		exp := strings.TrimLeft(s[i+2:], "0")
		if exp == "" {
			exp = "0"
		}
		s = s[:i+2] + exp
	}
	if upper {
		s = strings.ToUpper(s)
	}
	return s
}

package engine

import (
	"strconv"
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/spl"
)

// FuzzEvalFunctions calls every eval function with arguments the fuzzer
// chooses: which function, how many arguments, and for each whether it is
// a string or number literal, a field holding a value, a multivalue field,
// null() or a Boolean. FuzzEval mutates whole expressions, which rarely
// gives a well-formed call of a rarely used function; this target reaches
// each function's body with hostile values (huge counts, NaN, empty and
// invalid UTF-8 strings, bad formats and patterns). Compiling may fail
// (arity and type checks); running must not panic.
func FuzzEvalFunctions(f *testing.F) {
	fns := Functions()
	for i := range fns {
		f.Add(uint16(i), uint8(0), uint32(0x01230123), "abc", "-1.5", "a,b,,c", "%Y-%m-%d")
	}
	f.Add(uint16(0), uint8(3), uint32(0x11111111), "1e308", "NaN", "\xff\xfe", "")
	f.Add(uint16(0), uint8(2), uint32(0x22222222), "99999999999", "-99999999999", "(a+)+$", "\\1")
	f.Fuzz(func(t *testing.T, which uint16, extra uint8, kinds uint32, a, b, c, d string) {
		spec := fns[int(which)%len(fns)]
		n := spec.MinArgs + int(extra%4)
		if spec.MaxArgs >= 0 && n > spec.MaxArgs {
			n = spec.MaxArgs
		}
		texts := []string{a, b, c, d}
		args := make([]string, n)
		for i := range args {
			s := texts[i%len(texts)]
			switch (kinds >> (4 * (i % 8))) & 7 {
			case 0:
				args[i] = spl.QuoteString(s)
			case 1:
				if _, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "xXpP_") {
					args[i] = s
				} else {
					args[i] = strconv.Itoa(len(s) - 3)
				}
			case 2:
				args[i] = "f" + strconv.Itoa(i%len(texts))
			case 3:
				args[i] = "mv"
			case 4:
				args[i] = "null()"
			case 5:
				args[i] = "true()"
			case 6:
				args[i] = "missing"
			default:
				args[i] = "_time"
			}
		}
		var setup strings.Builder
		for i, s := range texts {
			setup.WriteString("f" + strconv.Itoa(i) + "=" + spl.QuoteString(s) + ", ")
		}
		setup.WriteString("mv=split(" + spl.QuoteString(c) + ", \",\")")
		q := "| makeresults | eval " + setup.String() + " | eval x=" + spec.Name + "(" + strings.Join(args, ", ") + ")"
		p, err := spl.Parse(q)
		if err != nil {
			return
		}
		_, _ = Run(t.Context(), p, &memSource{}, Options{})
	})
}

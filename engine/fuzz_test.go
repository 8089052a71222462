package engine

import (
	"testing"

	"github.com/spelunk-dev/spelunk/spl"
)

// FuzzEval runs arbitrary eval expressions, seeded with every documented
// function example: compiling or running them may fail, never panic.
func FuzzEval(f *testing.F) {
	for _, spec := range Functions() {
		for _, ex := range spec.Examples {
			f.Add(ex.Expr)
		}
	}
	f.Add(`printf("%*.*e|%-5s|%'d", 9, 2, pi(), "x", -1234567)`)
	f.Add(`substr("abc", -9999999999, 99999999999)`)
	f.Add(`mvrange(0, 1e300, 1e-300)`)
	f.Fuzz(func(t *testing.T, expr string) {
		p, err := spl.Parse(`| makeresults | eval x=` + expr)
		if err != nil {
			return
		}
		_, _ = Run(t.Context(), p, &memSource{}, Options{})
	})
}

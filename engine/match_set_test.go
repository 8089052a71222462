package engine

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// An IN list matches a value when one of its patterns does
// (pattern.anyValue, the independent path), whether the value is folded
// once for the list or by each pattern.
func TestPatternSetAgreesWithPatterns(t *testing.T) {
	lists := [][]spl.SearchValue{
		{{Text: `*\cmlua.dll`}, {Text: `*\CMSTPLUA.DLL`}, {Text: "a*b"}, {Text: "AB"}},
		{{Text: "ab"}, {Text: "*"}},
		{{Text: "Ab", Modifier: "CASE"}, {Text: "*b"}},
		{{Text: "10.0.0.0/8"}, {Text: "a*"}},
		{{Text: "é*"}, {Text: "*B"}},
	}
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "b", "A", "B", `\`, ".", "cmlua", "CMLUA", "dll", "DLL", "é", "É", "1", "0", "10.1.2.3", "\xff"}
	for _, vals := range lists {
		pats := make([]*pattern, len(vals))
		for i, v := range vals {
			pats[i] = compilePattern(v)
		}
		set := newPatternSet(pats)
		for range 5000 {
			var vs []value.Value
			for range 1 + r.IntN(2) {
				var b strings.Builder
				for range r.IntN(8) {
					b.WriteString(alphabet[r.IntN(len(alphabet))])
				}
				if r.IntN(50) == 0 {
					b.WriteString(strings.Repeat("A", 600)) // past the fold buffer
				}
				vs = append(vs, value.Str(b.String()))
			}
			v := vs[0]
			if len(vs) > 1 {
				v = value.Multi(vs...)
			}
			want := false
			for _, p := range pats {
				want = want || p.anyValue(v)
			}
			if got := set.anyValue(v); got != want {
				t.Fatalf("%v IN %v: set %v, patterns %v", v, vals, got, want)
			}
		}
	}
}

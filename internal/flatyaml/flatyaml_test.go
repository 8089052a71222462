package flatyaml

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The wants follow the YAML 1.2 spec's line folding (sections 6.5 and
// 7.3): a line break between two lines of a scalar becomes a space, each
// empty line a newline, and the spaces around a break go.
func TestRead(t *testing.T) {
	every := func(string) bool { return true }
	for _, c := range []struct {
		name string
		data string
		want []Pair
		ok   bool
	}{
		{"plain folded", "a: x  y\n  z  \n\n  w\nb: v", []Pair{{"a", Value{Text: "x  y z\nw"}}, {"b", Value{Text: "v"}}}, true},
		{"single quoted", "a: 'it''s\n   here '\n", []Pair{{"a", Value{Text: "it's here ", Quoted: true}}}, true},
		{"double quoted", `a: "x: #y"`, []Pair{{"a", Value{Text: "x: #y", Quoted: true}}}, true},
		{"list", "a:\n  - x\n  - y_1\n", []Pair{{"a", Value{IsList: true, List: []string{"x", "y_1"}}}}, true},
		{"empty document", "\n\n", nil, true},
		{"comment", "a: x #c\n", nil, false},
		{"mapping in a value", "a: x: y\n", nil, false},
		{"block scalar", "a: |\n  x\n", nil, false},
		{"anchor", "a: &x y\n", nil, false},
		{"escape", `a: "\t"`, nil, false},
		{"duplicate", "a: x\na: y\n", nil, false},
		{"no space after colon", "a:x\n", nil, false},
		{"tab", "a:\tx\n", nil, false},
		{"list of non-words", "a:\n  - x y\n", nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := Read([]byte(c.data), every)
			if ok != c.ok {
				t.Fatalf("ok = %v, want %v", ok, c.ok)
			}
			if d := cmp.Diff(c.want, got); ok && d != "" {
				t.Errorf("(-want +got)\n%s", d)
			}
		})
	}
}

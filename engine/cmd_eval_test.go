package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/lookups"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// evalOne runs `eval result=<expr>` over one row and returns the result
// as it prints ("" for null).
func evalOne(t *testing.T, r value.Fields, expr string) (string, error) {
	t.Helper()
	res, err := runQuery(t, &memSource{events: []value.Fields{r}}, `* | eval result=`+expr)
	if err != nil {
		return "", err
	}
	return res.Rows[0].Get("result").String(), nil
}

// evalExample runs a registry example: its setup eval, then the
// expression, over one row with _raw="x". Lookups come from
// testdata/lookups (the Search Reference's http_status.csv, for lookup()).
func evalExample(t *testing.T, ex FuncExample) (string, error) {
	t.Helper()
	q := `* | eval result=` + ex.Expr
	if ex.Setup != "" {
		q = `* | eval ` + ex.Setup + ` | eval result=` + ex.Expr
	}
	p, err := spl.Parse(q)
	if err != nil {
		return "", err
	}
	reg := lookups.NewRegistry()
	if err := reg.Load("testdata/lookups"); err != nil {
		t.Fatal(err)
	}
	opt := Options{TZ: time.UTC, Now: time.Unix(1700000000, 0), Lookups: reg}
	res, err := Run(context.Background(), p, &memSource{events: []value.Fields{row("_raw", "x")}}, opt)
	if err != nil {
		return "", err
	}
	return res.Rows[0].Get("result").String(), nil
}

// TestFunctionExamples runs every example declared in the function
// registry; the examples come from Splunk's documentation.
func TestFunctionExamples(t *testing.T) {
	for _, spec := range Functions() {
		for _, ex := range spec.Examples {
			t.Run(spec.Name+"/"+ex.Expr, func(t *testing.T) {
				got, err := evalExample(t, ex)
				if err != nil {
					t.Fatal(err)
				}
				if got != ex.Want {
					t.Errorf("%s = %q, want %q", ex.Expr, got, ex.Want)
				}
			})
		}
	}
}

func TestEvalSemantics(t *testing.T) {
	r := row("_raw", "x", "n", "7", "s", "abc", "S", "ABC", "f", "1.50", "mv", []string{"b", "a"})
	cases := []struct {
		name, expr, want string
	}{
		{"numeric field strings do arithmetic", `n * 2`, "14"},
		{"+ concatenates strings", `s + "def"`, "abcdef"},
		{". concatenates numbers as text", `n . 1`, "71"},
		{"string comparison is case-sensitive", `if(s == S, "eq", "ne")`, "ne"},
		{"= on numbers is numeric", `if(f = 1.5, "eq", "ne")`, "eq"},
		{"division by zero is null", `n / 0`, ""},
		{"arithmetic with text is null", `s * 2`, ""},
		{"null propagates through .", `missing . "x"`, ""},
		{"null predicate takes else", `if(missing > 1, "then", "else")`, "else"},
		{"NOT of null stays null", `if(NOT missing = 1, "then", "else")`, "else"},
		{"AND before OR", `if(1=2 AND 1=1 OR 1=1, "t", "f")`, "t"},
		{"NOT binds looser than =", `if(NOT 1 = 2, "t", "f")`, "t"},
		{"like wildcard", `if(s LIKE "a%", "t", "f")`, "t"},
		{"like is case-sensitive", `if(S LIKE "a%", "t", "f")`, "f"},
		{"IN is exact", `if(s IN ("ab*", "abc"), "t", "f")`, "t"},
		{"quoted field names", `'n' + 1`, "8"},
		{"number formatting", `1/4`, "0.25"},
		{"big integers print whole", `2*1000000000000`, "2000000000000"},
		{"multivalue lower", `mvjoin(upper(mv), ",")`, "B,A"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := evalOne(t, r, tc.expr)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("%s = %q, want %q", tc.expr, got, tc.want)
			}
		})
	}
}

func TestEvalCommand(t *testing.T) {
	src := &memSource{events: []value.Fields{row("_raw", "x", "a", "1", "name", "dyn")}}
	res, err := runQuery(t, src, `* | eval a=a+1, b=a*10, {name}="v", a=null() | table a b dyn`)
	if err != nil {
		t.Fatal(err)
	}
	// Left to right: b sees the new a; assigning null removes a, and table
	// keeps it as an empty column.
	if diff := cmp.Diff([]string{"a= b=20 dyn=v"}, table(res)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestEvalErrors(t *testing.T) {
	cases := []struct{ q, want string }{
		{`* | eval x=lowr(a)`, `unknown function "lowr"`},
		{`* | eval x=if(a, b)`, `if takes 3 arguments, but 2 were given (usage: if(<predicate>, <true_value>, <false_value>))`},
		{`* | eval x=1=1`, `eval x: the result is a Boolean, which cannot be stored in a field; wrap it in if(..., 1, 0)`},
	}
	for _, tc := range cases {
		_, err := runQuery(t, &memSource{events: []value.Fields{row("_raw", "x")}}, tc.q)
		if err == nil {
			t.Errorf("%s: no error", tc.q)
			continue
		}
		if got := err.Error(); got != tc.want {
			t.Errorf("%s: error %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestFunctionRegistry checks that every eval function is documented:
// usage, a one-line doc, a category, and at least one runnable example.
func TestFunctionRegistry(t *testing.T) {
	cats := map[string]bool{}
	for _, c := range Categories {
		cats[c] = true
	}
	for _, f := range Functions() {
		if f.Usage == "" || f.Doc == "" || !cats[f.Category] || len(f.Examples) == 0 {
			t.Errorf("%s: usage %q, doc %q, category %q, %d examples", f.Name, f.Usage, f.Doc, f.Category, len(f.Examples))
		}
		if !strings.HasPrefix(f.Usage, f.Name+"(") {
			t.Errorf("%s: usage %q does not start with the name", f.Name, f.Usage)
		}
	}
}

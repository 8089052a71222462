package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestX11 checks what the page promises, that the seasonal pattern goes
// and the trend stays, on series whose answer is known: a straight trend
// plus an additive pattern summing to 0, and a constant times a
// multiplicative pattern averaging 1, its period found from the data.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/x11
func TestX11(t *testing.T) {
	gen := `| makeresults count=20 | streamstats count AS c | `
	cases := []struct {
		name, q string
		want    []string
	}{
		{"add", `eval y=3*c + case(c%5==0,10,c%5==1,-4,c%5==2,-3,c%5==3,-2,true(),-1) | x11 add5(y) | stats values(eval('add5(y)' - 3*c)) AS diff`,
			[]string{"diff=0"}},
		{"mult, period found", `eval y=100*case(c%5==0,1.5,c%5==1,0.5,true(),1) | x11 y | rename "mult(y)" AS adj | stats values(adj) AS adj`,
			[]string{"adj=100"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, &memSource{}, gen+tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	errs := []struct{ q, want string }{
		{`eval y=5 | x11 y`, "x11: found no period of 5 or more in y"},
		{`eval y=c-3 | x11 mult5(y)`, "x11: mult needs positive values; y is -2 at result 1 (use add)"},
		{`eval y=if(c==4, null(), c) | x11 add5(y)`, "x11: y has no number at result 4"},
		{`eval y=c | x11 add15(y)`, "x11: a period of 15 needs at least 30 results, has 20"},
	}
	for _, tc := range errs {
		_, err := runQuery(t, &memSource{}, gen+tc.q)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.q, err, tc.want)
		}
	}
}

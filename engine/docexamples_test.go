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

// docCase is one example of the Search Reference (10.0, "Evaluation
// functions") that states its result. want was written from the page before
// the case ran: a multivalue is its values joined with "|", null is "(null)".
// setup is an eval run first (the example's input fields); tz, when set, is
// the time zone the page's figures were taken in. want "(error)" is a search
// the page says fails.
type docCase struct {
	expr, want, setup, tz string
}

// runDocCases runs each case as `eval result=<expr>` over one row.
func runDocCases(t *testing.T, cases []docCase) {
	t.Helper()
	reg := lookups.NewRegistry()
	if err := reg.Load("testdata/lookups"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.expr, func(t *testing.T) {
			q := `* | eval result=` + tc.expr
			if tc.setup != "" {
				q = `* | eval ` + tc.setup + ` | eval result=` + tc.expr
			}
			p, err := spl.Parse(q)
			if err != nil && tc.want == "(error)" {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tz := time.UTC
			if tc.tz != "" {
				if tz, err = time.LoadLocation(tc.tz); err != nil {
					t.Skip(err)
				}
			}
			opt := Options{TZ: tz, Now: time.Unix(1700000000, 0), Lookups: reg}
			res, err := Run(context.Background(), p, &memSource{events: []value.Fields{row("_raw", "x")}}, opt)
			if tc.want == "(error)" {
				if err == nil {
					t.Errorf("%s: no error, want one", tc.expr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := "(null)"
			if v := res.Rows[0].Get("result"); !v.IsNull() {
				got = strings.Join(v.Strings(), "|")
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.expr, diff)
			}
		})
	}
}

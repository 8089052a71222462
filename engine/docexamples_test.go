package engine

import (
	"context"
	"sort"
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
	reg := docLookups(t)
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

// cmdCase is one example of a search command's page (Search Reference)
// that shows its result table, or states it in words. q is the whole search:
// it makes its own input (makeresults, often format=csv, or the rows of the
// page's table). want holds one line per result row, the values of cols
// joined with ",", written from the page before the case ran; a multivalue
// is its values joined with "|", null is "(null)"; the column "(fields)"
// lists the row's field names in order, "(fieldset)" sorted (where the
// page gives no order). want nil with err set is
// a search the page says fails; errHas is a text the message must contain.
// tz, when set, is the time zone the page's figures were taken in.
type cmdCase struct {
	name, q, tz string
	cols        []string
	want        []string
	err         bool
	errHas      string
}

// runCmdCases runs each case over the same options as runDocCases (UTC,
// a fixed now, the test lookups) and compares the chosen columns.
func runCmdCases(t *testing.T, cases []cmdCase) {
	t.Helper()
	reg := docLookups(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tz := time.UTC
			if tc.tz != "" {
				var err error
				if tz, err = time.LoadLocation(tc.tz); err != nil {
					t.Skip(err)
				}
			}
			res, err := runCmdCase(tc.q, reg, tz)
			if tc.err {
				if err == nil {
					t.Fatalf("%s: no error, want one", tc.q)
				}
				if !strings.Contains(err.Error(), tc.errHas) {
					t.Errorf("%s: error %q does not say %q", tc.q, err, tc.errHas)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: %v", tc.q, err)
			}
			var got []string
			for _, r := range res.Rows {
				vals := make([]string, len(tc.cols))
				for i, c := range tc.cols {
					vals[i] = "(null)"
					if c == "(fields)" || c == "(fieldset)" {
						names := fieldNamesOf(r)
						if c == "(fieldset)" {
							sort.Strings(names)
						}
						vals[i] = strings.Join(names, "|")
						continue
					}
					if v := r.Get(c); !v.IsNull() {
						vals[i] = strings.Join(v.Strings(), "|")
					}
				}
				got = append(got, strings.Join(vals, ","))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.q, diff)
			}
		})
	}
}

func runCmdCase(q string, reg *lookups.Registry, tz *time.Location) (*Result, error) {
	p, err := spl.Parse(q)
	if err != nil {
		return nil, err
	}
	opt := Options{TZ: tz, Now: time.Unix(1700000000, 0), Lookups: reg}
	return Run(context.Background(), p, &memSource{}, opt)
}

func fieldNamesOf(r value.Fields) []string {
	var out []string
	for _, f := range r {
		out = append(out, f.Name)
	}
	return out
}

// docLookups loads the test lookups both audits' cases may use.
func docLookups(t *testing.T) *lookups.Registry {
	t.Helper()
	reg := lookups.NewRegistry()
	if err := reg.Load("testdata/lookups"); err != nil {
		t.Fatal(err)
	}
	return reg
}

package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCooccurrence checks concurrency, correlate and contingency on
// results worked out by hand from their Search Reference pages.
func TestCooccurrence(t *testing.T) {
	pairs := `| makeresults format=json data="[{\"a\":\"x\",\"b\":\"p\"},{\"a\":\"y\",\"b\":\"q\"},{\"a\":\"x\",\"b\":\"q\"},{\"a\":\"x\",\"b\":\"p\"},{\"a\":\"z\"}]" | `
	cases := []struct {
		name, q string
		want    []string
	}{
		// concurrency: spans [0,10] [5,7] [10,10] [11,16]. At 5, the first
		// two are in progress; at 10, the first (its end included) and the
		// third; at 11 only the fourth ("including the event itself").
		// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/concurrency
		{"concurrency", `| makeresults format=json data="[{\"s\":0,\"d\":10},{\"s\":5,\"d\":2},{\"s\":10,\"d\":0},{\"s\":11,\"d\":5},{\"s\":12}]" | concurrency start=s duration=d output=c | table s c`,
			[]string{"s=0 c=1", "s=5 c=2", "s=10 c=2", "s=11 c=1", "s=12 c="}},
		// correlate: a is in 5 results, b in 4, both in 4: 4/5 = 0.8.
		// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/correlate
		{"correlate", pairs + "correlate type=cocur", []string{"RowField=a a=1 b=0.8", "RowField=b a=0.8 b=1"}},
		// contingency: x-p twice, x-q, y-q; z has no b and is not counted.
		// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/contingency
		{"contingency", pairs + "contingency a b", []string{
			"a=x p=2 q=1 TOTAL=3", "a=y p=0 q=1 TOTAL=1", "a=TOTAL p=2 q=2 TOTAL=4"}},
		{"ctable no totals", pairs + "ctable usetotal=f a b", []string{"a=x p=2 q=1", "a=y p=0 q=1"}},
		{"counttable maxrows totalstr", pairs + "counttable maxrows=1 totalstr=All a b", []string{
			"a=x p=2 q=1 All=3", "a=All p=2 q=1 All=3"}},
		// minrowcover=0.7: x alone covers 3 of 4 counted results.
		{"minrowcover", pairs + "contingency minrowcover=0.7 usetotal=f a b", []string{"a=x p=2 q=1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, &memSource{}, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

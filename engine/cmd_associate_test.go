package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// assocData: dept it has os linux 3 times and windows once; dept hr has
// windows 4 times.
const assocData = `| makeresults count=8 | streamstats count AS c | eval dept=if(c<=4,"it","hr"), os=if(c<=3,"linux","windows") | fields - _time c | `

// TestAssociate works the entropies out with Python's math.log2 (compared
// to 12 decimals, as Go's Log2 may differ in the last bit): H(os) =
// H(3/8, 5/8) = 0.954434002924965; given dept=hr, os is always windows
// (0): an improvement of 0.954 >= 0.5. Given dept=it, H(3/4, 1/4) =
// 0.811: an improvement of 0.143, below 0.5. Given os=linux, dept is
// always it: H(dept) = 1 falls to 0. Given os=windows, H(1/5, 4/5) =
// 0.722: 0.278, below.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/associate
func TestAssociate(t *testing.T) {
	res, err := runQuery(t, &memSource{}, assocData+"associate supcnt=1 | eval Unconditional_Entropy=round(Unconditional_Entropy, 12), Entropy_Improvement=round(Entropy_Improvement, 12) | table Reference_Key Reference_Value Target_Key Unconditional_Entropy Conditional_Entropy Entropy_Improvement Support Top_Conditional_Value")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Reference_Key=os Reference_Value=linux Target_Key=dept Unconditional_Entropy=1 Conditional_Entropy=0 Entropy_Improvement=1 Support=0.375 Top_Conditional_Value=it (50.00% -> 100.00%)",
		"Reference_Key=dept Reference_Value=hr Target_Key=os Unconditional_Entropy=0.954434002925 Conditional_Entropy=0 Entropy_Improvement=0.954434002925 Support=0.5 Top_Conditional_Value=windows (62.50% -> 100.00%)",
	}
	if diff := cmp.Diff(want, table(res)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// The default supcnt=100 finds no value met often enough.
	res, err = runQuery(t, &memSource{}, assocData+"associate | stats count")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"count=0"}, table(res)); diff != "" {
		t.Errorf("default supcnt (-want +got):\n%s", diff)
	}
}

// TestArules: it -> linux holds in 3 of 4 results with it (0.75), it ->
// windows in 1 of 4, hr -> windows in 4 of 4.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/arules
func TestArules(t *testing.T) {
	cases := []struct {
		q    string
		want []string
	}{
		{"arules sup=1 conf=0.7 dept os", []string{
			"Given fields=dept=hr Implied fields=os=windows Strength=1 Given fields support=4 Implied fields support=5",
			"Given fields=dept=it Implied fields=os=linux Strength=0.75 Given fields support=4 Implied fields support=3",
		}},
		// sup=4: only hr -> windows is met 4 times.
		{"arules sup=4 conf=0.1 dept os", []string{
			"Given fields=dept=hr Implied fields=os=windows Strength=1 Given fields support=4 Implied fields support=5",
		}},
	}
	for _, tc := range cases {
		res, err := runQuery(t, &memSource{}, assocData+tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, table(res)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.q, diff)
		}
	}
}

package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestOutlierMatchesPercentiles checks outlier against an independent path:
// the fences computed with eventstats perc25/perc75 and eval, as the page's
// Usage defines them.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/outlier
func TestOutlierMatchesPercentiles(t *testing.T) {
	data := `| makeresults count=40 | streamstats count AS c | eval x=case(c==3,-400,c==17,900,c==30,350,true(),(c*37)%23) | `
	fences := `eventstats perc25(x) AS q1 perc75(x) AS q3 | eval lo=q1-PARAM*(q3-q1), hi=q3+PARAM*(q3-q1) | `
	cases := []struct{ name, cmd, ref string }{
		{"remove", "outlier action=remove x", fences + "where x<=hi"},
		{"remove uselower param", "outlier action=remove uselower=true param=0.5 x", fences + "where x<=hi AND x>=lo"},
		{"transform", "outlier x", fences + "eval x=if(x>hi,hi,x)"},
		{"transform uselower", "outlier uselower=t param=1 x", fences + "eval x=case(x>hi,hi,x<lo,lo,true(),x)"},
	}
	params := map[string]string{"remove": "2.5", "remove uselower param": "0.5", "transform": "2.5", "transform uselower": "1"}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := runQuery(t, &memSource{}, data+tc.cmd+" | table c x")
			if err != nil {
				t.Fatal(err)
			}
			ref := strings.ReplaceAll(tc.ref, "PARAM", params[tc.name])
			want, err := runQuery(t, &memSource{}, data+ref+" | table c x")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(table(want), table(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if len(table(got)) == 40 && strings.HasPrefix(tc.name, "remove") {
				t.Errorf("nothing removed")
			}
		})
	}
}

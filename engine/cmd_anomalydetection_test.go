package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAnomalyDetectionThreshold: a is x 8 times, y 4, z 2, u and w once
// among 16 results, so the log probabilities are -1, -2, -3 and -4 times
// ln 2. Their quartiles (nearest rank) are -2 ln 2 and -ln 2, IQR ln 2:
// cutoff=false's threshold Q1 - 1.5*IQR = -3.5 ln 2 finds u and w;
// cutoff=true's (spelunk's Q1 - 3*IQR = -5 ln 2) none; pthresh=0.2
// (ln 0.2 = -2.32 ln 2) finds z, u and w.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/anomalydetection
func TestAnomalyDetectionThreshold(t *testing.T) {
	data := `| makeresults count=16 | streamstats count AS c | eval a=case(c<=8,"x",c<=12,"y",c<=14,"z",c==15,"u",true(),"w") | `
	cases := []struct {
		name, q string
		want    []string
	}{
		{"cutoff=false", "anomalydetection cutoff=false a | table a", []string{"a=u", "a=w"}},
		{"cutoff=true", "anomalydetection a | stats count", []string{"count=0"}},
		{"pthresh", "anomalydetection pthresh=0.2 a | table a probable_cause_freq", []string{
			"a=z probable_cause_freq=0.125", "a=z probable_cause_freq=0.125",
			"a=u probable_cause_freq=0.0625", "a=w probable_cause_freq=0.0625"}},
		{"annotate", "anomalydetection action=annotate a | stats count(log_event_prob) AS n", []string{"n=16"}},
		{"summary cutoff=false", "anomalydetection action=summary cutoff=f a | eval t=round(thresh/ln(2),6), q1=round('1st_quartile'/ln(2),6) | table num_anomalies t q1",
			[]string{"num_anomalies=2 t=-3.5 q1=-2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, &memSource{}, data+tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

package engine

import "testing"

// TestAnomalousValue: x is 10 nineteen times and 1000 once (mean 59.5,
// sample stdev 221.3707; 1000's two-sided normal probability 2.15e-5,
// computed apart with Python's math.erfc); host is "web" but once "rare"
// (probability 0.05).
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/anomalousvalue
func TestAnomalousValue(t *testing.T) {
	data := `| makeresults count=20 | streamstats count AS c | eval x=if(c==7,1000,10), host=if(c==3,"rare","web") | `
	cases := []struct {
		name, q string
		want    []string
	}{
		{"filter", "anomalousvalue minsupcount=1 x host | table c Anomaly_Score_Num(x) Anomaly_Score_Cat(host)",
			[]string{"c=7 Anomaly_Score_Num(x)=0.9999784821356219 Anomaly_Score_Cat(host)="}},
		// pthresh=0.06 makes "rare" (0.05) anomalous by frequency; 1000 too.
		{"pthresh", "anomalousvalue minsupcount=1 pthresh=0.06 x host | table c Anomaly_Score_Cat(host) Anomaly_Score_Cat(x)",
			[]string{"c=3 Anomaly_Score_Cat(host)=0.95 Anomaly_Score_Cat(x)=", "c=7 Anomaly_Score_Cat(host)= Anomaly_Score_Cat(x)=0.95"}},
		{"annotate keeps all", "anomalousvalue minsupcount=1 action=annotate x | stats count", []string{"count=20"}},
		// The default minsupcount=100 leaves 20 results unsupported.
		{"minsupcount", "anomalousvalue x | stats count", []string{"count=0"}},
		// maxanofreq below 5% drops x's numeric test.
		{"maxanofreq", "anomalousvalue minsupcount=1 maxanofreq=0.04 x | stats count", []string{"count=0"}},
	}
	checkTables(t, data, cases)
}

package engine

import "testing"

// TestAnomalies checks the properties the page gives the unexpectedness
// score: an event like those before it scores low, an event unlike them
// high, the first of a group (nothing before it) 1, and labelonly=false
// keeps only the events above threshold.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/anomalies
func TestAnomalies(t *testing.T) {
	data := `| makeresults count=12 | streamstats count AS c | eval _raw=if(c==9,"kernel panic: fatal exception in interrupt handler","user login ok from 10.0.0."+c), g=if(c>10,"b","a") | `
	cases := []struct {
		name, q string
		want    []string
	}{
		{"threshold", "anomalies threshold=0.5 | table c", []string{"c=1", "c=9"}},
		// Each BY group starts afresh: c=11 is the first of group b.
		{"by", "anomalies threshold=0.5 by g | table c", []string{"c=1", "c=9", "c=11"}},
		{"labelonly keeps all", "anomalies labelonly=true | stats count", []string{"count=12"}},
	}
	checkTables(t, data, cases)
}

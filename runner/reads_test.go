package runner

import (
	"testing"

	"github.com/spelunk-dev/spelunk/spl"
)

func TestNeedsData(t *testing.T) {
	cases := []struct {
		q    string
		want bool
	}{
		{`search CommandLine=*whoami*`, true},
		{`| tstats count from datamodel=Endpoint.Processes`, true},
		{`| makeresults count=3 | eval x=1`, false},
		{`| inputlookup foo.csv | stats count`, false},
		{`| makeresults | append [| inputlookup foo.csv]`, false},
		{`| makeresults | appendpipe [stats count]`, false},
		{`| makeresults | append [search index=main]`, true},
		{`| makeresults | join x [| tstats count from datamodel=Endpoint.Processes by Processes.dest]`, true},
		{`| makeresults | eval q="index=main" | map search="search $q$"`, true},
		{`| makeresults | append [| metadata type=hosts]`, true},
	}
	for _, c := range cases {
		p, err := spl.Parse(c.q)
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		if got := NeedsData(p); got != c.want {
			t.Errorf("NeedsData(%s) = %v, want %v", c.q, got, c.want)
		}
	}
}

package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/value"
)

func procSource() *memSource {
	rows := []value.Fields{
		row("_time", 100.5, "dest", "b", "user", "u1", "process_name", "cmd.exe"),
		row("_time", 50.25, "dest", "a", "user", "u2", "process_name", "CMD.EXE"),
		row("_time", 200.0, "dest", "b", "user", "u1", "process_name", "cmd.exe"),
		row("_time", 300.0, "dest", "a", "process_name", "x.exe"),
		row("_time", 400.0, "dest", "c", "user", []string{"m1", "m2"}, "process_name", "y.exe"),
	}
	return &memSource{datasets: map[string]*memDataset{
		"Endpoint.Processes": {name: "Endpoint.Processes", object: "Processes", rows: rows},
	}}
}

func TestTstats(t *testing.T) {
	cases := []struct {
		name, q string
		want    []string
	}{
		{"group and aggregate, sorted by BY values",
			`| tstats count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe by Processes.dest Processes.user`,
			[]string{
				"Processes.dest=a Processes.user=u2 count=1 firstTime=50.25 lastTime=50.25",
				"Processes.dest=b Processes.user=u1 count=2 firstTime=100.5 lastTime=200",
			}},
		{"null BY values drop the row without fillnull_value",
			`| tstats count from datamodel=Endpoint.Processes where Processes.dest=a by Processes.user`,
			[]string{"Processes.user=u2 count=1"}},
		{"fillnull_value turns null BY values into that string",
			`| tstats fillnull_value=null count from datamodel=Endpoint.Processes where Processes.dest=a by Processes.user`,
			[]string{"Processes.user=null count=1", "Processes.user=u2 count=1"}},
		{"multivalue BY values split the row",
			`| tstats count from datamodel=Endpoint.Processes where Processes.dest=c by Processes.user`,
			[]string{"Processes.user=m1 count=1", "Processes.user=m2 count=1"}},
		{"no BY gives one row even when nothing matches",
			`| tstats count from datamodel=Endpoint.Processes where Processes.dest=zzz`,
			[]string{"count=0"}},
		{"values, dc and output names",
			`| tstats dc(Processes.user) values(Processes.process_name) from datamodel=Endpoint.Processes`,
			[]string{"dc(Processes.user)=4 values(Processes.process_name)=CMD.EXE|cmd.exe|x.exe|y.exe"}},
		{"NOT IN with case-insensitive values",
			`| tstats count from datamodel=Endpoint.Processes where NOT (Processes.process_name IN ("CMD.exe")) by Processes.process_name`,
			[]string{"Processes.process_name=x.exe count=1", "Processes.process_name=y.exe count=1"}},
		{"span buckets _time",
			`| tstats count from datamodel=Endpoint.Processes by _time span=100s`,
			[]string{"_time=0 count=1", "_time=100 count=1", "_time=200 count=1", "_time=300 count=1", "_time=400 count=1"}},
		{"rename after tstats strips the prefix in place",
			`| tstats count from datamodel=Endpoint.Processes where Processes.dest=b by Processes.dest Processes.user | rename "Processes.*" as *`,
			[]string{"dest=b user=u1 count=2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, procSource(), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestTstatsErrors(t *testing.T) {
	cases := []struct{ q, want string }{
		{`| tstats cout from datamodel=Endpoint.Processes`, `unknown or unsupported statistical function "cout"`},
		{`| tstats values from datamodel=Endpoint.Processes`, `values needs a field, e.g. values(Processes.dest)`},
		{`| tstats count from datamodel=Nope.X`, `no dataset "Nope.X"`},
	}
	for _, tc := range cases {
		_, err := runQuery(t, procSource(), tc.q)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: error %v, want %q", tc.q, err, tc.want)
		}
	}
}

func TestTrace(t *testing.T) {
	tr := &Trace{}
	p := mustParse(t, `| tstats count from datamodel=Endpoint.Processes by Processes.dest | search Processes.dest=b | search Processes.dest=zzz | rename count AS n`)
	if _, err := Run(t.Context(), p, procSource(), Options{Trace: tr}); err != nil {
		t.Fatal(err)
	}
	var got [][2]int
	for _, s := range tr.Stages {
		got = append(got, [2]int{s.In, s.Out})
	}
	// 5 dataset rows make 3 groups (a, b, c); one is b; none is zzz.
	want := [][2]int{{5, 3}, {3, 1}, {1, 0}, {0, 0}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if tr.FirstEmpty() != 2 {
		t.Errorf("FirstEmpty() = %d, want 2", tr.FirstEmpty())
	}
}

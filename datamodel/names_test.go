package datamodel

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/macros"
	"github.com/spelunk-dev/spelunk/spl"
)

// TestCheckNames: names the CIM does not define are warned about, with
// the closest defined name; defined names, wildcards and fields without
// the dataset's prefix are not. The field lists are those of the CIM's
// Endpoint and Authentication models (docs/CIM.md).
func TestCheckNames(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	type warning struct{ Text, Msg, Hint string }
	for _, tc := range []struct {
		q    string
		want []warning
	}{
		{`| tstats count from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe by Processes.dest`, nil},
		{`| tstats count from datamodel=Endpoint.Processes where Processes.proces_name=cmd.exe by Processes.dest`,
			[]warning{{`Processes.proces_name=cmd.exe`, `tstats: the Endpoint.Processes dataset has no field "proces_name"`, `did you mean "Processes.process_name"?`}}},
		{`| tstats count from datamodel=Endpoint.Proceses by Processes.dest`,
			[]warning{{`Endpoint.Proceses`, `tstats: the data model dataset "Endpoint.Proceses" does not exist`, `did you mean "Endpoint.Processes"?`}}},
		{`| tstats values(Processes.Process) as p from datamodel=Endpoint.Processes by Processes.dest Processes.usr _time span=1h`,
			[]warning{
				{`Processes.usr`, `tstats: the Endpoint.Processes dataset has no field "usr"`, `did you mean "Processes.user"?`},
				{`values(Processes.Process) as p`, `tstats: the Endpoint.Processes dataset has no field "Process"`, `did you mean "Processes.process"?`},
			}},
		{`| tstats count from datamodel=Endpoint.Processes where Processes.process_name IN (a, b) Processes.xyzzy_plugh=1 by Processes.*`,
			[]warning{{`Processes.xyzzy_plugh=1`, `tstats: the Endpoint.Processes dataset has no field "xyzzy_plugh"`, ""}}},
		{`| tstats count from datamodel=Authentication.Failed_Authentication by Failed_Authentication.user Authentication.src host`, nil},
		{`| tstats count where index=* by sourcetype`, nil},
	} {
		p, err := spl.Parse(tc.q)
		if err != nil {
			t.Fatalf("%s: %v", tc.q, err)
		}
		var got []warning
		for _, e := range CheckNames(b, p) {
			got = append(got, warning{tc.q[e.Pos:e.End], e.Msg, e.Hint})
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.q, diff)
		}
	}
}

// TestCheckNamesCorpus: the corpus's tstats detections use names the CIM
// defines; the few that do not are listed, for a person to judge.
func TestCheckNamesCorpus(t *testing.T) {
	root := os.Getenv("SPELUNK_CORPUS")
	if root == "" {
		t.Skip("SPELUNK_CORPUS is not set")
	}
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	set := macros.NewSet()
	if err := set.Load(root); err != nil {
		t.Fatal(err)
	}
	files, err := content.FindDetections([]string{filepath.Join(root, "detections")})
	if err != nil {
		t.Fatal(err)
	}
	warned := 0
	for _, f := range files {
		d, err := content.LoadDetection(f)
		if err != nil {
			continue
		}
		x, err := set.Expand(d.Searches()[0].Text, macros.Options{})
		if err != nil {
			continue
		}
		p, err := spl.Parse(x.Text)
		if err != nil {
			continue
		}
		for _, e := range CheckNames(b, p) {
			warned++
			t.Logf("%s: %s: %s %s", filepath.Base(f), x.Text[e.Pos:e.End], e.Msg, e.Hint)
		}
	}
	t.Logf("%d files, %d warnings", len(files), warned)
}

package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/lookups"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

func lookupRegistry(t *testing.T) *lookups.Registry {
	t.Helper()
	r := lookups.NewRegistry()
	for _, p := range []string{"../lookups/testdata/content", "../lookups/testdata/app"} {
		if err := r.Load(p); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func lookupEvents() *memSource {
	return &memSource{events: []value.Fields{
		row("user", "alice", "process_name", "Mimikatz64.exe", "ip", "10.1.2.3"),
		row("user", "ALICE", "process_name", "PsExec.exe", "ip", "192.168.1.5", "department", "Existing"),
		row("user", "bob", "process_name", "notepad.exe", "ip", "8.8.8.8"),
		row("user", "carol"),
		row("x", "1"),
	}}
}

func runWith(t *testing.T, src Source, reg *lookups.Registry, q string) (*Result, error) {
	t.Helper()
	p, err := spl.Parse(q)
	if err != nil {
		t.Fatalf("Parse(%q): %v", q, err)
	}
	return Run(context.Background(), p, src, Options{TZ: time.UTC, Lookups: reg})
}

func TestLookupCommands(t *testing.T) {
	cases := []struct {
		name, q string
		want    []string
	}{
		{"OUTPUT, several matches give multivalue, case-sensitive by default",
			`* | lookup users.csv user OUTPUT department | table user department`,
			[]string{"user=alice department=IT|Sec", "user=ALICE department=Existing", "user=bob department=HR", "user=carol department=", "user= department="}},
		{"without OUTPUT every other column; empty cells add nothing",
			`* | where user="bob" OR user="alice" | lookup users.csv user | table user department title`,
			[]string{"user=alice department=IT|Sec title=admin|analyst", "user=bob department=HR title="}},
		{"transforms.conf case_sensitive_match=false and AS",
			`* | lookup users_cs user OUTPUT title AS t | table user t`,
			[]string{"user=alice t=admin|analyst", "user=ALICE t=admin|analyst", "user=bob t=", "user=carol t=", "user= t="}},
		{"OUTPUTNEW keeps existing fields",
			`* | lookup users_cs user OUTPUTNEW department | table user department`,
			[]string{"user=alice department=IT|Sec", "user=ALICE department=Existing", "user=bob department=HR", "user=carol department=", "user= department="}},
		{"OUTPUT overwrites existing fields",
			`* | lookup users_cs user OUTPUT department | table user department`,
			[]string{"user=alice department=IT|Sec", "user=ALICE department=IT|Sec", "user=bob department=HR", "user=carol department=", "user= department="}},
		{"WILDCARD, min_matches and default_match",
			`* | lookup attacker_tools tool AS process_name OUTPUT description | table process_name description`,
			[]string{"process_name=Mimikatz64.exe description=credential dumper", "process_name=PsExec.exe description=remote exec",
				"process_name=notepad.exe description=false", "process_name= description=false", "process_name= description=false"}},
		{"CIDR with max_matches=1 takes the first row in file order",
			`* | lookup nets cidr AS ip OUTPUT zone | table ip zone`,
			[]string{"ip=10.1.2.3 zone=internal", "ip=192.168.1.5 zone=printer", "ip=8.8.8.8 zone=", "ip= zone=", "ip= zone="}},
		{"inputlookup with WHERE (search semantics: case-insensitive)",
			`| inputlookup users.csv where department=it`,
			[]string{"user=alice department=IT title=admin"}},
		{"inputlookup start and max",
			`| inputlookup start=1 max=1 users.csv`,
			[]string{"user=bob department=HR"}},
		{"inputlookup append",
			`* | where user="bob" | table user | inputlookup append=t max=1 users.csv`,
			[]string{"user=bob", "user=alice department=IT title=admin"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runWith(t, lookupEvents(), lookupRegistry(t), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestOutputlookup(t *testing.T) {
	reg := lookupRegistry(t)
	dir := t.TempDir()
	if err := reg.SetOutputDir(dir); err != nil {
		t.Fatal(err)
	}
	res, err := runWith(t, lookupEvents(), reg, `* | where isnotnull(user) | eval _hidden=1 | table user _hidden | outputlookup seen.csv`)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 4 {
		t.Errorf("outputlookup must pass its results on, got %d rows", len(res.Rows))
	}
	b, err := os.ReadFile(filepath.Join(dir, "seen.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("user\nalice\nALICE\nbob\ncarol\n", string(b)); diff != "" {
		t.Errorf("file (-want +got):\n%s", diff)
	}
	res, err = runWith(t, lookupEvents(), reg, `| inputlookup seen.csv | stats count`)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"count=4"}, table(res)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestLookupErrors(t *testing.T) {
	cases := []struct {
		q    string
		reg  bool
		want string
	}{
		{`* | lookup users.csv user`, false, `no lookup tables are configured; give --lookups PATH`},
		{`* | lookup user.csv user`, true, `lookup: lookup table "user.csv" is not defined`},
		{`* | lookup users.csv name`, true, `lookup: table users.csv has no field "name"`},
		{`* | lookup users.csv user OUTPUT dept`, true, `lookup: table users.csv has no field "dept"`},
		{`* | outputlookup x.csv`, true, `outputlookup writes only inside a folder given with --lookup-output`},
		{`* | outputlookup x.csv`, false, `outputlookup x.csv: no output folder; give --lookup-output DIR`},
		// Lookups resolve only inside their folders (lookups/confine_test.go
		// has the symbolic links and definitions).
		{`| inputlookup ../lookups/testdata/app/lookups/users.csv`, true, `inputlookup: lookup table "../lookups/testdata/app/lookups/users.csv": a lookup is named by its definition or by a file name in a --lookups folder, never by a path`},
		{`* | lookup /etc/passwd user`, true, `lookup: lookup table "/etc/passwd": a lookup is named by its definition or by a file name in a --lookups folder, never by a path`},
		{`* | outputlookup ../x.csv`, true, `outputlookup ../x.csv: the file name "../x.csv" may not contain a path`},
		{`* | outputlookup /tmp/x.csv`, true, `outputlookup /tmp/x.csv: the file name "/tmp/x.csv" may not contain a path`},
	}
	for _, tc := range cases {
		var reg *lookups.Registry
		if tc.reg {
			reg = lookupRegistry(t)
			if strings.Contains(tc.q, "outputlookup ../") || strings.Contains(tc.q, "outputlookup /") {
				if err := reg.SetOutputDir(t.TempDir()); err != nil {
					t.Fatal(err)
				}
			}
		}
		_, err := runWith(t, lookupEvents(), reg, tc.q)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.q, err, tc.want)
		}
	}
}

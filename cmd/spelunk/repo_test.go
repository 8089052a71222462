package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRepositoryDefaults checks that every command finds the macros,
// lookups and data sources of the repository a detection sits in, without
// --macros or --lookups, as run does (testdata/repo: the macro
// wermgr_children, the lookup child_severity giving evil.exe "high", and
// data sources Sysmon EventID 1 and Okta). Each command runs from a
// folder outside the repository, so nothing is found by accident.
func TestRepositoryDefaults(t *testing.T) {
	testdata, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	repo := filepath.Join(testdata, "repo")
	det := filepath.Join(repo, "detections", "endpoint", "wermgr_child_severity.yml")
	data := filepath.Join(testdata, "seed", "data", "sysmon_wermgr.log")
	tests := []struct {
		name string
		args []string
		want []string // lines the output must hold
	}{
		{"run", []string{"run", "--detection", det, "--data", data, "--format", "csv"},
			[]string{"WIN-01,evil.exe,1,high"}},
		// The test's rows expectation includes the lookup's severities.
		{"test", []string{"test", repo},
			[]string{"1 passed, 0 failed, 0 errors, 1 skipped"}},
		{"explain", []string{"explain", "--detection", det, "--data", data},
			[]string{"  `wermgr_children`  ->  Processes.parent_process_name=wermgr.exe   [" + filepath.Join(repo, "macros", "wermgr_children.yml") + "]",
				"Result: 5 rows."}},
		{"drilldown", []string{"drilldown", "--detection", det, "--data", data, "--format", "csv"},
			[]string{"== Severity of WerFaultSecure.exe on WIN-01", "evil.exe,1,high"}},
		{"hunt", []string{"hunt", "--data", data, "--detections", filepath.Join(repo, "detections"), "--format", "csv"},
			[]string{"Wermgr Child Severity,00000000-0000-0000-0000-000000000005,50,,WIN-01,evil.exe,1,high"}},
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tc.args, &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
			}
			lines := strings.Split(stdout.String(), "\n")
			for _, w := range tc.want {
				found := false
				for _, l := range lines {
					found = found || l == w
				}
				if !found {
					t.Errorf("no line %q in\n%s", w, stdout.String())
				}
			}
		})
	}
	// Hunt reads the repository's data sources: Okta has no event here.
	var stdout, stderr bytes.Buffer
	if code := run([]string{"hunt", "--data", data, "--detections", filepath.Join(repo, "detections"), "--format", "json"}, &stdout, &stderr); code != 0 {
		t.Fatalf("hunt exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), `"reason": "no event of Okta"`) {
		t.Errorf("hunt did not find Okta not applicable:\n%s", stdout.String())
	}
}

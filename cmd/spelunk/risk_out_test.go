package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRiskOutReadsBack checks that the risk events hunt --risk-out writes
// (HEC events) are a risk index to run: with no flag but --data, the Risk
// data model sums the seed detection's risk per object. Expected from the
// seed's hand-worked risk events (testdata/golden/seed_test_risk): score 56
// each, WIN-01 raised twice (cmd.exe, evil.exe) and WIN-02 once on the
// Sysmon data.
func TestRiskOutReadsBack(t *testing.T) {
	seed := filepath.Join("..", "..", "testdata", "seed")
	out := filepath.Join(t.TempDir(), "r.json")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"hunt", "--data", filepath.Join(seed, "data", "sysmon_wermgr.log"),
		"--detections", filepath.Join(seed, "detections"), "--risk-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("hunt exit %d\n%s", code, stderr.String())
	}
	tests := []struct {
		name, query, want string
	}{{
		"risk per object",
		"| tstats sum(All_Risk.calculated_risk_score) as score from datamodel=Risk.All_Risk by All_Risk.risk_object",
		"All_Risk.risk_object,score\nWIN-01,112\nWIN-02,56\n",
	}, {
		"metadata of the risk index",
		"index=risk | stats count by sourcetype source host",
		"sourcetype,source,host,count\nstash,ESCU - Windows Process Injection Wermgr Child Process - Rule,spelunk,3\n",
	}, {
		"multivalue fields come back as multivalues",
		"index=risk | head 1 | eval n=mvcount('annotations._all') | table n",
		"n\n2\n",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run([]string{"run", "--data", out, "--format", "csv", tc.query}, &stdout, &stderr); code != 0 {
				t.Fatalf("run exit %d\n%s", code, stderr.String())
			}
			if diff := cmp.Diff(tc.want, stdout.String()); diff != "" {
				t.Errorf("(-want +got):\n%s\nstderr:\n%s", diff, stderr.String())
			}
		})
	}
}

package main

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/judge"
)

func TestReportLines(t *testing.T) {
	var results []judge.Result
	results = append(results, judge.Result{Detection: "A", Verdict: judge.Pass, Rows: 2})
	for i := range 5 {
		results = append(results, judge.Result{Detection: fmt.Sprintf("D%d", i), Test: "True Positive Test", Verdict: judge.Skip,
			Reason: fmt.Sprintf("data file missing: /data/attack_data/datasets/T%d/windows-sysmon.log", i)})
	}
	results = append(results,
		judge.Result{Detection: "E", Verdict: judge.Skip, Reason: "no tests"},
		judge.Result{Detection: "F", Verdict: judge.Fail, Reason: "0 rows"},
		judge.Result{Detection: "G", Verdict: judge.Skip, Reason: "no tests"})
	for i := range 4 {
		results = append(results, judge.Result{Detection: fmt.Sprintf("U%d", i), Test: "T", Verdict: judge.Skip,
			Reason: fmt.Sprintf("https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/x%d.log is an attack_data URL; give --data-dir with a local copy of splunk/attack_data", i)})
	}
	want := []string{
		"PASS  A (0s) 2 rows",
		"SKIP  5 tests: data file missing (D0 / True Positive Test, D1 / True Positive Test, D2 / True Positive Test and 2 more; -v lists them)",
		"SKIP  E (0s) no tests",
		"FAIL  F (0s) 0 rows",
		"SKIP  G (0s) no tests",
		"SKIP  4 tests: the data file is an attack_data URL; give --data-dir with a local copy of splunk/attack_data (U0 / T, U1 / T, U2 / T and 1 more; -v lists them)",
	}
	if diff := cmp.Diff(want, reportLines(results, false)); diff != "" {
		t.Errorf("grouped (-want +got):\n%s", diff)
	}
	all := reportLines(results, true)
	if len(all) != len(results) || all[1] != results[1].Line() {
		t.Errorf("-v: got %d lines, want one per result:\n%q", len(all), all)
	}
}

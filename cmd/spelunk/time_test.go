package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestOneSearchTime checks that every command takes the same "now" over
// the same data (docs/SEMANTICS.md, "One search time"): one second after
// the latest event of the seed's Sysmon data (2024-01-03T05:06:07Z), so
// 1704258368, unless --now says otherwise; and that --earliest and
// --latest count back from it. testdata/time holds a detection that
// returns its now() (its test expects that row).
func TestOneSearchTime(t *testing.T) {
	testdata := filepath.Join("..", "..", "testdata")
	data := filepath.Join(testdata, "seed", "data", "sysmon_wermgr.log")
	det := filepath.Join(testdata, "time", "repo", "detections", "search_time.yml")
	tests := []struct {
		name string
		args []string
		code int
		// want are lines the output must hold (standard output, then
		// standard error).
		want []string
	}{
		{"run", []string{"run", "--data", data, "--format", "csv", "index=* | head 1 | eval n=now() | table n"}, 0,
			[]string{"1704258368"}},
		{"run streamed", []string{"run", "--data", data, "--format", "csv",
			"| tstats count from datamodel=Endpoint.Processes | eval n=now() | table n"}, 0, []string{"1704258368"}},
		{"run --now", []string{"run", "--data", data, "--now", "1000", "--format", "csv", "index=* | head 1 | eval n=now() | table n"}, 0,
			[]string{"1000"}},
		{"test", []string{"test", filepath.Join(testdata, "time", "repo")}, 0,
			[]string{"1 passed, 0 failed, 0 errors, 0 skipped"}},
		{"hunt", []string{"hunt", "--data", data, "--detections", det, "--format", "csv"}, 0,
			[]string{"Search Time,00000000-0000-0000-0000-000000000003,0,,1704258368"}},
		{"drilldown", []string{"drilldown", "--detection", det, "--data", data}, 0,
			[]string{"== Search time was 1704258368"}},
		// Only the 05:06:07 event is at or after now-1s.
		{"explain", []string{"explain", "--data", data, "index=* earliest=-1s"}, 0,
			[]string{"  1. search     9 events read, 1 out"}},
		{"run --earliest relative", []string{"run", "--data", data, "--earliest", "-1s", "--format", "csv", "index=* | stats count"}, 0,
			[]string{"1"}},
		{"run --earliest on a streamable search", []string{"run", "--data", data, "--earliest", "-1s", "--format", "csv",
			"| tstats count from datamodel=Endpoint.Processes"}, 0, []string{"1"}},
		{"test --latest relative", []string{"test", "--latest", "-1s", filepath.Join(testdata, "time", "repo")}, 0,
			[]string{"1 passed, 0 failed, 0 errors, 0 skipped"}},
		{"run: a range with no event says so", []string{"run", "--data", data, "--latest", "0", "--format", "csv", "index=* | stats count"}, 0,
			[]string{"0", "spelunk: notice: --latest 0 keeps none of the 9 events read (the latest is at 2024-01-03T05:06:07+00:00)"}},
		{"hunt: a range with no event says so", []string{"hunt", "--data", data, "--earliest", "+1s", "--detections", det, "--format", "csv"}, 0,
			[]string{"spelunk: notice: --earliest +1s keeps none of the 9 events read (the latest is at 2024-01-03T05:06:07+00:00)"}},
		{"test: a range with no event says so", []string{"test", "--earliest", "01/01/2025:00:00:00", filepath.Join(testdata, "time", "repo")}, 1,
			[]string{"--earliest 01/01/2025:00:00:00 keeps none of the 9 events read (the latest is at 2024-01-03T05:06:07+00:00)"}},
		{"a bad --earliest is a usage error", []string{"run", "--data", data, "--earliest", "yesterday", "index=*"}, 2, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, &stdout, &stderr)
			if code != tc.code {
				t.Fatalf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, stdout.String(), stderr.String())
			}
			lines := strings.Split(stdout.String()+stderr.String(), "\n")
			for _, w := range tc.want {
				found := false
				for _, l := range lines {
					found = found || strings.Contains(l, w) && (len(w) > 4 || l == w)
				}
				if !found {
					t.Errorf("no line %q in\n%s%s", w, stdout.String(), stderr.String())
				}
			}
		})
	}
}

// TestNowWithoutData checks the last case of the rule: a search that
// reads no data starts at the clock.
func TestNowWithoutData(t *testing.T) {
	before := time.Now().Unix()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", "--format", "csv", "| makeresults | eval n=now() | table n"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	got := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if diff := cmp.Diff(2, len(got)); diff != "" {
		t.Fatalf("rows (-want +got):\n%s\n%s", diff, stdout.String())
	}
	n, err := strconv.ParseFloat(got[1], 64)
	if err != nil || n < float64(before) {
		t.Errorf("now() = %q, want the clock (at least %d)", got[1], before)
	}
}

// TestCorpusViewRiskEvents runs the corpus seed detection's "View risk
// events for the last 7 days" drilldown (starthoursago=168 endhoursago=1)
// over the seed's Sysmon data: it must find the two risk events WIN-01
// raises (testdata/golden/seed_test_risk).
func TestCorpusViewRiskEvents(t *testing.T) {
	corpus := os.Getenv("SPELUNK_CORPUS")
	if corpus == "" {
		t.Skip("SPELUNK_CORPUS not set")
	}
	det := filepath.Join(corpus, "detections", "endpoint", "windows_process_injection_wermgr_child_process.yml")
	data := filepath.Join("..", "..", "testdata", "seed", "data", "sysmon_wermgr.log")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"drilldown", "--detection", det, "--macros", corpus, "--data", data, "--drilldown", "2", "--format", "csv"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "\nwin-01,2,") {
		t.Errorf("no row for win-01 with count 2:\n%s", stdout.String())
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestHuntMatchesRun checks that hunt's results for each detection that
// fires are exactly what `spelunk run --detection` gives for it alone.
func TestHuntMatchesRun(t *testing.T) {
	corpus := os.Getenv("SPELUNK_CORPUS")
	if corpus == "" {
		t.Skip("SPELUNK_CORPUS not set; skipping the hunt-versus-run comparison")
	}
	data := filepath.Join("..", "..", "testdata", "seed", "data")
	var out, errb bytes.Buffer
	if code := run([]string{"hunt", "--data", data, "--macros", corpus, "--format", "json"}, &out, &errb); code != 0 {
		t.Fatalf("hunt exit %d: %s", code, errb.String())
	}
	var rep struct {
		Detections int
		Counts     map[string]int
		Results    []struct {
			Path   string
			Status string
			Rows   []map[string]any
		}
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range rep.Counts {
		total += n
	}
	if total != rep.Detections || len(rep.Results) != rep.Detections {
		t.Errorf("the summary accounts for %d of %d detections", total, rep.Detections)
	}
	fired := 0
	for _, r := range rep.Results {
		if r.Status != "fired" {
			continue
		}
		fired++
		var o, e bytes.Buffer
		if code := run([]string{"run", "--detection", r.Path, "--macros", corpus, "--data", data, "--format", "json"}, &o, &e); code != 0 {
			t.Errorf("%s: run exit %d: %s", r.Path, code, e.String())
			continue
		}
		var rows []map[string]any
		if err := json.Unmarshal(o.Bytes(), &rows); err != nil {
			t.Fatalf("%s: %v", r.Path, err)
		}
		if diff := cmp.Diff(rows, r.Rows); diff != "" {
			t.Errorf("%s: hunt and run differ (-run +hunt):\n%s", r.Path, diff)
		}
	}
	if fired == 0 {
		t.Error("no detection fired on the seed data")
	}
}

// TestHuntSummaryJSON checks what the JSON report sums up on the seed
// data: the seed repository defines no filter macro for its detection,
// so it is counted once (not said per detection), and the hosts are
// those of seed_sysmon_csv's rows: WIN-01 has two rows, WIN-02 one, each
// worth the detection's risk score 56.
func TestHuntSummaryJSON(t *testing.T) {
	seed := filepath.Join("..", "..", "testdata", "seed")
	var out, errb bytes.Buffer
	args := []string{"hunt", "--data", filepath.Join(seed, "data", "sysmon_wermgr.log"), "--macros", seed, "--detections", filepath.Join(seed, "detections"), "--format", "json"}
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("hunt exit %d: %s", code, errb.String())
	}
	if errb.Len() != 0 {
		t.Errorf("standard error: %q", errb.String())
	}
	var rep struct {
		Unfiltered int `json:"undefined_filter_macros"`
		Hosts      []struct {
			Host                      string
			Detections, Results, Risk int
		}
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Unfiltered != 1 {
		t.Errorf("undefined_filter_macros = %d, want 1", rep.Unfiltered)
	}
	want := []struct {
		Host                      string
		Detections, Results, Risk int
	}{{"WIN-01", 1, 2, 112}, {"WIN-02", 1, 1, 56}}
	if diff := cmp.Diff(want, rep.Hosts); diff != "" {
		t.Errorf("hosts (-want +got):\n%s", diff)
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIndexInfoSummaries checks that --info lists the data model
// summaries, fresh for the knowledge they were built with and stale for
// other knowledge; and that indexing more files adds summary parts.
func TestIndexInfoSummaries(t *testing.T) {
	data, err := filepath.Abs(filepath.Join("..", "..", "testdata", "seed", "data"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	k := filepath.Join(tmp, "upper.yaml")
	if err := os.WriteFile(k, []byte(`knowledge:
- name: Sysmon upper
  sourcetype: XmlWinEventLog
  when: EventCode=1
  evals:
    process_name: 'upper(process_name)'
`), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "idx")
	cli := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 0 {
			t.Fatalf("spelunk %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
		}
		return stdout.String()
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"index", "--data", filepath.Join(data, "sysmon_wermgr.log"), "--out", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("spelunk index: exit %d: %s", code, stderr.String())
	}
	// The run says it wrote summaries, not only the events' parts.
	if msg := stderr.String(); !strings.Contains(msg, "data model summaries of ") {
		t.Errorf("indexing says nothing of the summaries: %q", msg)
	}
	info := cli("index", "--info", dir)
	if !strings.Contains(info, "Endpoint.Processes") || !strings.Contains(info, "fresh") || hasStale(info) {
		t.Errorf("--info of a fresh index:\n%s", info)
	}
	if info := cli("index", "--info", dir, "--knowledge", k); !hasStale(info) {
		t.Errorf("--info with other knowledge does not say stale:\n%s", info)
	}
	// More files, with the same knowledge: a second summary part.
	cli("index", "--data", data, "--out", dir)
	info = cli("index", "--info", dir)
	if hasStale(info) {
		t.Errorf("--info after adding files:\n%s", info)
	}
	var parts string
	for _, line := range strings.Split(info, "\n") {
		if strings.HasPrefix(line, "Endpoint.Processes ") {
			parts = strings.Fields(line)[1]
		}
	}
	if parts != "2" {
		t.Errorf("Endpoint.Processes has %q parts after two runs, want 2:\n%s", parts, info)
	}
	// More files with other knowledge: the summaries of every run are
	// stale for both.
	cli("index", "--data", filepath.Join("..", "..", "testdata", "datamodels"), "--out", dir, "--knowledge", k)
	if info := cli("index", "--info", dir); !hasStale(info) {
		t.Errorf("--info after a run with other knowledge:\n%s", info)
	}
}

// hasStale reports whether a summary line of --info says stale.
func hasStale(info string) bool {
	for _, line := range strings.Split(info, "\n") {
		if strings.HasSuffix(strings.TrimSpace(line), " stale") {
			return true
		}
	}
	return false
}

// TestIndexNoSummaries checks that --no-summaries writes the events alone,
// and that a tstats over such an index still gives the raw file's rows
// (built from the events: no summary is fresh for that run).
func TestIndexNoSummaries(t *testing.T) {
	log, err := filepath.Abs(filepath.Join("..", "..", "testdata", "seed", "data", "sysmon_wermgr.log"))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "idx")
	cli := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 0 {
			t.Fatalf("spelunk %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
		}
		return stdout.String()
	}
	cli("index", "--no-summaries", "--data", log, "--out", dir)
	if info := cli("index", "--info", dir); strings.Contains(info, "Endpoint.Processes") {
		t.Errorf("--info of an index written with --no-summaries lists a summary:\n%s", info)
	}
	q := "| tstats count from datamodel=Endpoint.Processes by Processes.process_name"
	if got, want := cli("run", "--data", dir, "--format", "csv", q), cli("run", "--data", log, "--format", "csv", q); got != want {
		t.Errorf("tstats over the index without summaries:\n%s\nover the file:\n%s", got, want)
	}
}

package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// downloadRepo serves the seed's Sysmon data over HTTPS, points
// fetchClient at the server for the test, and writes a repository whose
// one test names that file by URL. It returns the repository and the URL.
func downloadRepo(t *testing.T) (repo, url string) {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seed", "data", "sysmon_wermgr.log"))
	if err != nil {
		t.Fatal(err)
	}
	s := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/datasets/wermgr/windows-sysmon.log" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.Write(body)
	}))
	t.Cleanup(s.Close)
	prev := fetchClient
	fetchClient = s.Client()
	t.Cleanup(func() { fetchClient = prev })

	url = s.URL + "/datasets/wermgr/windows-sysmon.log"
	repo = t.TempDir()
	yml := "name: Wermgr Download\nid: 00000000-0000-0000-0000-000000000030\ntype: TTP\n" +
		"search: '| tstats count from datamodel=Endpoint.Processes where Processes.parent_process_name=wermgr.exe by Processes.dest'\n" +
		"tests:\n- name: Sysmon\n  attack_data:\n  - data: " + url + "\n" +
		"    source: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\n    sourcetype: xmlwineventlog\n"
	det := filepath.Join(repo, "detections", "wermgr_download.yml")
	if err := os.MkdirAll(filepath.Dir(det), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(det, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	return repo, url
}

// TestTestDownloadsAttackData runs `spelunk test` on a test whose data is
// an https URL: it is downloaded into --cache-dir and passes, a later
// --offline run reads it from there, and --offline with an empty cache
// skips it with the message, which makes exit status 1 unless
// --allow-skip. Standard error, not a terminal, gets no progress.
func TestTestDownloadsAttackData(t *testing.T) {
	repo, url := downloadRepo(t)
	cache := t.TempDir()
	empty := filepath.Join(t.TempDir(), "none")
	const pass = "PASS  Wermgr Download / Sysmon (TIME) 2 rows\n\n1 passed, 0 failed, 0 errors, 0 skipped\n"
	skip := "SKIP  Wermgr Download / Sysmon (TIME) " + url + ": not in the cache and --offline is set\n\n0 passed, 0 failed, 0 errors, 1 skipped\n"
	cases := []struct {
		name     string
		args     []string
		code     int
		out, err string
	}{
		{"download", []string{"test", "--cache-dir", cache, repo}, 0, pass, ""},
		{"offline from the cache", []string{"test", "--offline", "--cache-dir", cache, repo}, 0, pass, ""},
		{"offline, empty cache", []string{"test", "--offline", "--cache-dir", empty, repo}, 1, skip,
			"spelunk: no test ran: 1 test skipped (--allow-skip accepts this)\n"},
		{"offline, empty cache, allowed", []string{"test", "--offline", "--allow-skip", "--cache-dir", empty, repo}, 0, skip, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(c.args, &stdout, &stderr)
			if code != c.code {
				t.Errorf("exit status %d, want %d", code, c.code)
			}
			if d := cmp.Diff(c.out, durationRe.ReplaceAllString(stdout.String(), "(TIME)")); d != "" {
				t.Errorf("standard output (-want +got):\n%s", d)
			}
			if d := cmp.Diff(c.err, stderr.String()); d != "" {
				t.Errorf("standard error (-want +got):\n%s", d)
			}
		})
	}
	got, err := os.ReadFile(filepath.Join(cache, strings.ReplaceAll(strings.TrimPrefix(url, "https://"), ":", "_")))
	want, _ := os.ReadFile(filepath.Join("..", "..", "testdata", "seed", "data", "sysmon_wermgr.log"))
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("the cache does not hold the served file: %v", err)
	}
	if _, err := os.Stat(empty); err == nil {
		t.Errorf("--offline made the cache folder %s", empty)
	}
}

// TestTestDownloadProgress checks that the download shows on a terminal,
// and that the line is cleared before the tests' report.
func TestTestDownloadProgress(t *testing.T) {
	repo, _ := downloadRepo(t)
	master, tty := openPty(t)
	defer master.Close()
	code, out := capture(t, []string{"test", "--cache-dir", t.TempDir(), repo}, tty, master)
	if code != 0 {
		t.Fatalf("exit status %d: %q", code, out)
	}
	for _, w := range []string{"downloading attack data: ", "windows-sysmon.log 16.0 kB of 16.0 kB", "tests: 1 of 1", "\r\x1b[K"} {
		if !strings.Contains(out, w) {
			t.Errorf("no %q on the terminal:\n%q", w, out)
		}
	}
}

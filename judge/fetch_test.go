package judge_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/attackdata"
	"github.com/spelunk-dev/spelunk/judge"
	"github.com/spelunk-dev/spelunk/runner"
)

// seedSysmon is Sysmon data in which wermgr.exe starts processes on
// WIN-01 and WIN-02.
var seedSysmon = filepath.Join("..", "testdata", "seed", "data", "sysmon_wermgr.log")

// attackServer stands in for media.githubusercontent.com over TLS: the
// seed's Sysmon data at one path, a download cut short at another, 404
// elsewhere. It counts the requests for each path.
type attackServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newAttackServer(t *testing.T) *attackServer {
	t.Helper()
	body, err := os.ReadFile(seedSysmon)
	if err != nil {
		t.Fatal(err)
	}
	s := &attackServer{hits: map[string]int{}}
	s.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		switch r.URL.Path {
		case "/datasets/wermgr/windows-sysmon.log":
			w.Header().Set("Content-Length", fmt.Sprint(len(body)))
			w.Write(body)
		case "/datasets/short/windows-sysmon.log":
			// Says 1000 bytes, sends 9 and closes the connection.
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Errorf("hijack: %v", err)
				return
			}
			defer conn.Close()
			fmt.Fprint(buf, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly part")
			buf.Flush()
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *attackServer) hitCounts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.hits {
		out[k] = v
	}
	return out
}

// fetchRepo writes a detection whose tests name their data by
// attack_data URL (downloaded, missing, cut short) and, to compare, by
// local path; it returns the detection's file.
func fetchRepo(t *testing.T) string {
	t.Helper()
	local, err := filepath.Abs(seedSysmon)
	if err != nil {
		t.Fatal(err)
	}
	test := func(name, data string) string {
		return fmt.Sprintf("- name: %s\n  attack_data:\n  - data: %s\n    source: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\n    sourcetype: xmlwineventlog\n", name, data)
	}
	yml := "name: Wermgr Child\nid: 00000000-0000-0000-0000-000000000010\ntype: TTP\n" +
		"search: '| tstats count from datamodel=Endpoint.Processes where Processes.parent_process_name=wermgr.exe by Processes.dest'\n" +
		"tests:\n" +
		test("Downloaded", attackdata.MediaPrefix+"datasets/wermgr/windows-sysmon.log") +
		test("Local", local) +
		test("Not found", attackdata.MediaPrefix+"datasets/none/windows-sysmon.log") +
		test("Cut short", attackdata.MediaPrefix+"datasets/short/windows-sysmon.log")
	det := filepath.Join(t.TempDir(), "detections", "wermgr_child.yml")
	if err := os.MkdirAll(filepath.Dir(det), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(det, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	return det
}

// outcome is what a test's judgement says, without its duration.
type outcome struct {
	Test, Verdict, Reason string
	Rows                  int
}

func judgeAll(t *testing.T, det string, opt judge.Options) []outcome {
	t.Helper()
	r := runner.New(runner.Config{QuietFilters: true})
	cases, errs, err := judge.Plan(context.Background(), r, []string{det}, opt)
	if err != nil || len(errs) != 0 {
		t.Fatalf("Plan: %v %v", err, errs)
	}
	var out []outcome
	for _, res := range judge.Run(r, cases, 2, nil) {
		reason := res.Reason
		// The cut-short message ends with the transport's own words.
		if i := strings.Index(reason, " cut short after 9 bytes: "); i >= 0 {
			reason = reason[:i+len(" cut short after 9 bytes:")]
		}
		out = append(out, outcome{res.Test, res.Verdict, reason, res.Rows})
	}
	return out
}

// TestPlanFetchesAttackData runs a detection's tests whose data is named
// by URL against a local HTTPS server: the downloaded file gives the same
// verdict and rows as the same file read locally; a 404 and a download cut
// short skip their test with attackdata's message. Offline, an empty cache
// skips every URL test, and the cache of the first run serves the file
// without a request.
func TestPlanFetchesAttackData(t *testing.T) {
	s := newAttackServer(t)
	det := fetchRepo(t)
	base := s.URL + "/"
	cacheDir := t.TempDir()
	online := &attackdata.Cache{Dir: cacheDir, Client: s.Client()}
	got := judgeAll(t, det, judge.Options{Cache: online, Jobs: 2, MediaBase: base})

	// The seed's wermgr.exe starts processes on two hosts: WIN-01, WIN-02.
	local := got[1]
	if local.Verdict != judge.Pass || local.Rows != 2 {
		t.Fatalf("the local test does not pass: %+v", local)
	}
	want := []outcome{
		{"Downloaded", judge.Pass, "", local.Rows},
		local,
		{"Not found", judge.Skip, "attack data not found at " + base + "datasets/none/windows-sysmon.log: the test's data: path may be wrong", 0},
		{"Cut short", judge.Skip, "download of " + base + "datasets/short/windows-sysmon.log cut short after 9 bytes:", 0},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("online (-want +got):\n%s", d)
	}

	offlineMsg := func(path string) string { return base + path + ": not in the cache and --offline is set" }
	empty := &attackdata.Cache{Dir: filepath.Join(t.TempDir(), "none"), Offline: true, Client: s.Client()}
	got = judgeAll(t, det, judge.Options{Cache: empty, MediaBase: base})
	want = []outcome{
		{"Downloaded", judge.Skip, offlineMsg("datasets/wermgr/windows-sysmon.log"), 0},
		local,
		{"Not found", judge.Skip, offlineMsg("datasets/none/windows-sysmon.log"), 0},
		{"Cut short", judge.Skip, offlineMsg("datasets/short/windows-sysmon.log"), 0},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("offline, empty cache (-want +got):\n%s", d)
	}

	before := s.hitCounts()
	cached := &attackdata.Cache{Dir: cacheDir, Offline: true}
	got = judgeAll(t, det, judge.Options{Cache: cached, MediaBase: base})
	if got[0] != (outcome{"Downloaded", judge.Pass, "", local.Rows}) {
		t.Errorf("offline from the first run's cache: %+v", got[0])
	}
	if d := cmp.Diff(before, s.hitCounts()); d != "" {
		t.Errorf("requests made offline (-before +after):\n%s", d)
	}
}

// TestPlanPrefersDataDir checks that an attack_data URL whose file is in
// the data dir is read from there, with no request, and that without a
// Cache a URL test is skipped, not fetched.
func TestPlanPrefersDataDir(t *testing.T) {
	s := newAttackServer(t)
	det := fetchRepo(t)
	dataDir := t.TempDir()
	body, err := os.ReadFile(seedSysmon)
	if err != nil {
		t.Fatal(err)
	}
	mirror := filepath.Join(dataDir, "datasets", "wermgr", "windows-sysmon.log")
	if err := os.MkdirAll(filepath.Dir(mirror), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mirror, body, 0o644); err != nil {
		t.Fatal(err)
	}
	got := judgeAll(t, det, judge.Options{DataDir: dataDir, MediaBase: s.URL + "/"})
	if got[0].Verdict != judge.Pass || got[0].Rows != got[1].Rows {
		t.Errorf("read from --data-dir: %+v, want the rows of %+v", got[0], got[1])
	}
	wantSkip := s.URL + "/datasets/none/windows-sysmon.log: not in --data-dir, and downloads are off"
	if got[2].Verdict != judge.Skip || got[2].Reason != wantSkip {
		t.Errorf("no cache: %+v, want SKIP %q", got[2], wantSkip)
	}
	if h := s.hitCounts(); len(h) != 0 {
		t.Errorf("requests made: %v", h)
	}
}

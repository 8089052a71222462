package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/web/wasmbuild"
)

// browser finds a Chromium to drive, or skips the test saying so.
func browser(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium on PATH (apt-get install chromium): the playground's browser test is skipped")
	return ""
}

// The playground in a real headless Chromium, against spelunk serve: the
// page's answers are checked against what spelunk run prints for the same
// searches on the same data.
func TestPlaygroundInBrowser(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("-short or -race: the browser test builds spelunk.wasm and drives a browser; it runs without them")
	}
	page, url, stopServer := startPlayground(t, browser(t))

	// The page opens on the seed detection over its Sysmon data.
	pgMust(t, chromedp.Do(page, chromedp.Navigate(url)))
	first := pgPoll[float64](t, page, `window.playground && window.playground.firstResultMs`)
	phases := pgEval[map[string]float64](t, page, `window.playground`)
	t.Logf("first result %.0f ms after the page's navigation started (wasm compiled at %.0f ms, spelunk ready at %.0f, data loaded at %.0f)",
		first, phases["compiledMs"], phases["readyMs"], phases["loadedMs"])
	checkSeedDetection(t, page)
	screenshot(t, page)
	checkTypo(t, page)
	checkHelpExample(t, page)
	checkFirstLesson(t, page)
	checkLessonSolutions(t, page)
	checkOwnFile(t, page)
	tab := checkShareLink(t, page, url)
	checkOffline(t, tab, url, stopServer)
}

// startPlayground builds the WebAssembly, starts spelunk serve on a free
// port and a headless Chromium; both stop when the test ends, the server
// earlier when stopServer is called.
func startPlayground(t *testing.T, chrome string) (page context.Context, url string, stopServer func()) {
	wasm := t.TempDir()
	if err := wasmbuild.Build(wasm, "."); err != nil {
		t.Skipf("cannot build spelunk.wasm here: %v", err)
	}
	ctx, stop := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	var out, errb bytes.Buffer
	go func() {
		done <- serve(ctx, []string{"--addr", "127.0.0.1:0", "--wasm", wasm}, &out, &errb, func(a string) { addr <- a })
	}()
	select {
	case a := <-addr:
		url = "http://" + a + "/"
	case err := <-done:
		stop()
		t.Fatalf("serve: %v %s", err, errb.String())
	}
	var once sync.Once
	stopServer = func() {
		once.Do(func() {
			stop()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		})
	}
	t.Cleanup(stopServer)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(chrome), chromedp.Headless, chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1440, 1000))
	browser, cancelPage := chromedp.NewContext(alloc)
	page, cancelTime := context.WithTimeout(browser, 3*time.Minute)
	t.Cleanup(func() { cancelTime(); cancelPage(); cancelAlloc() })
	return page, url, stopServer
}

// seedArgs are spelunk's flags for the seed detection's Sysmon test.
var seedArgs = []string{"--macros", "../../testdata/seed/macros",
	"--data", "../../testdata/seed/data/sysmon_wermgr.log", "--sourcetype", "xmlwineventlog",
	"--source", "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", "--detection",
	"../../testdata/seed/detections/windows_process_injection_wermgr_child_process.yml"}

// checkSeedDetection compares the page's table with spelunk run's CSV,
// and its Explain tab with spelunk explain's counts over the data loaded
// (the page has no files to stream from).
func checkSeedDetection(t *testing.T, page context.Context) {
	want := csvRows(t, cli(t, append([]string{"run", "--format", "csv"}, seedArgs...)...))
	if diff := cmp.Diff(want, pgTable(t, page)); diff != "" {
		t.Errorf("the seed detection's table (-spelunk run +page):\n%s", diff)
	}
	neverStream = true
	explained := string(cli(t, append([]string{"explain"}, seedArgs...)...))
	neverStream = false
	var wantStages [][]string
	for _, m := range explainStage.FindAllStringSubmatch(explained, -1) {
		wantStages = append(wantStages, []string{m[1], m[2], m[3]})
	}
	if len(wantStages) == 0 {
		t.Fatalf("no stage in spelunk explain's output:\n%s", explained)
	}
	gotStages := pgEval[[][]string](t, page, `[...document.querySelectorAll("#stages tbody tr")].map((tr) =>
		[tr.children[0].textContent, tr.children[2].textContent, tr.children[3].textContent])`)
	if diff := cmp.Diff(wantStages, gotStages); diff != "" {
		t.Errorf("explain's stages, number, in, out (-spelunk explain +page):\n%s", diff)
	}
}

// screenshot writes the README's picture (SPELUNK_PLAYGROUND_SCREENSHOT
// names the file; else a temporary one).
func screenshot(t *testing.T, page context.Context) {
	shot, err := chromedp.Run(page, chromedp.CaptureScreenshot())
	pgMust(t, err)
	dest := os.Getenv("SPELUNK_PLAYGROUND_SCREENSHOT")
	if dest == "" {
		dest = filepath.Join(t.TempDir(), "playground.png")
	}
	pgMust(t, os.WriteFile(dest, shot, 0o644))
	t.Logf("screenshot: %s", dest)
}

// checkTypo types a query with a typo: the page shows the caret message
// spelunk run prints and marks the misspelt command in the editor.
func checkTypo(t *testing.T, page context.Context) {
	typo := `| makeresults | evl x=upper("a")`
	typeAndRun(t, page, typo)
	msg := pgEval[string](t, page, `document.getElementById("error").textContent`)
	var stderr bytes.Buffer
	if code := run([]string{"run", typo}, new(bytes.Buffer), &stderr); code != 1 {
		t.Fatalf("spelunk run %q: exit %d", typo, code)
	}
	if diff := cmp.Diff(strings.TrimRight(stderr.String(), "\n"), msg); diff != "" {
		t.Errorf("the typo's message (-spelunk run +page):\n%s", diff)
	}
	// The command at 1:17 is "evl".
	if mark := pgEval[string](t, page, `[...document.querySelectorAll("#marks mark")].map((m) => m.textContent).join("|")`); mark != "evl" {
		t.Errorf("marked %q in the editor, want %q", mark, "evl")
	}
}

// checkHelpExample clicks the "try it" of upper's example: x is what
// spelunk run gives for the same search.
func checkHelpExample(t *testing.T, page context.Context) {
	pgMust(t, chromedp.Do(page, chromedp.Click(`#side-tabs button[data-side="help"]`)))
	button := `.help-item[data-name="upper"] button.try-it`
	search := pgEval[string](t, page, `document.querySelector('`+button+`').dataset.search`)
	runs := pgEval[float64](t, page, `window.playground.runs`)
	pgMust(t, chromedp.Do(page, chromedp.Click(button)))
	pgWaitRuns(t, page, runs)
	var rows []map[string]any
	if err := json.Unmarshal(cli(t, "run", "--format", "json", search), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("spelunk run --format json %q: %v %v", search, rows, err)
	}
	got := pgColumn(pgTable(t, page), "x")
	if diff := cmp.Diff([]string{rows[0]["x"].(string)}, got); diff != "" {
		t.Errorf("%s: x (-spelunk run +page):\n%s", search, diff)
	}
}

// checkFirstLesson opens the first lesson and solves it by typing.
func checkFirstLesson(t *testing.T, page context.Context) {
	runs := pgEval[float64](t, page, `window.playground.runs`)
	pgMust(t, chromedp.Do(page, chromedp.Click(`#side-tabs button[data-side="lessons"]`), chromedp.Click(`a[data-lesson="search-terms"]`)))
	pgPoll[bool](t, page, `location.hash.includes("lesson=search-terms") && window.playground.runs > `+pgNum(runs))
	typeAndRun(t, page, "sourcetype=nginx:plus:kv status=404 | stats count")
	status := pgEval[string](t, page, `document.getElementById("lesson-status").className + ": " + document.getElementById("lesson-status").textContent`)
	if !strings.HasPrefix(status, "status ok: Correct!") {
		t.Errorf("lesson 1: %s", status)
	}
}

// checkLessonSolutions runs each lesson's solution through the page's
// own checker (lessons.json's answers are checked against spelunk by the
// web package's tests).
func checkLessonSolutions(t *testing.T, page context.Context) {
	ids := pgEval[[]string](t, page, `[...document.querySelectorAll("#lesson-list a")].map((a) => a.dataset.lesson)`)
	if len(ids) < 5 {
		t.Fatalf("%d lessons listed", len(ids))
	}
	for _, id := range ids {
		pgMust(t, chromedp.Do(page, chromedp.Click(`a[data-lesson="`+id+`"]`)))
		pgPoll[bool](t, page, `location.hash.includes("lesson=`+id+`")`)
		runs := pgEval[float64](t, page, `window.playground.runs`)
		pgMust(t, chromedp.Do(page, chromedp.Click("#lesson-solution"), chromedp.Click("#run")))
		pgWaitRuns(t, page, runs)
		status := pgEval[string](t, page, `document.getElementById("lesson-status").className + ": " + document.getElementById("lesson-status").textContent`)
		if !strings.HasPrefix(status, "status ok: Correct!") {
			t.Errorf("lesson %s, its solution: %s", id, status)
		}
	}
}

// checkOwnFile loads a file of one's own, read by the page: it is
// searched as spelunk run searches it.
func checkOwnFile(t *testing.T, page context.Context) {
	own := "../../testdata/seed/data/crowdstrike_pr2.log"
	abs, err := filepath.Abs(own)
	pgMust(t, err)
	query := "* | stats count by sourcetype, source"
	runs := pgEval[float64](t, page, `window.playground.runs`)
	pgEval[bool](t, page, clearQuery)
	pgMust(t, chromedp.Do(page, chromedp.SendKeys("#query", query), chromedp.SetUploadFiles("#own-file", []string{abs})))
	pgWaitRuns(t, page, runs)
	want := csvRows(t, cli(t, "run", "--format", "csv", "--data", own, query))
	if diff := cmp.Diff(want, pgTable(t, page)); diff != "" {
		t.Errorf("your own file (-spelunk run +page):\n%s", diff)
	}
}

// checkShareLink opens a link with a data set and a query in its
// fragment, in a new tab, which it returns.
func checkShareLink(t *testing.T, page context.Context, url string) context.Context {
	query := "EventCode=4688 | stats count by Computer, NewProcessName"
	link := url + "#" + (neturl.Values{"d": {"seed-4688"}, "q": {query}}).Encode()
	tab, cancel := chromedp.NewContext(page) // a new tab, as a link opened from elsewhere
	t.Cleanup(cancel)
	page = tab
	pgMust(t, chromedp.Do(page, chromedp.Navigate(link)))
	pgPoll[float64](t, page, `window.playground && window.playground.firstResultMs`)
	if got := pgEval[string](t, page, `document.getElementById("dataset").value + " " + document.getElementById("query").value`); got != "seed-4688 "+query {
		t.Errorf("the share link opened %q", got)
	}
	want := csvRows(t, cli(t, "run", "--format", "csv", "--data", "../../testdata/seed/data/security_4688.log",
		"--sourcetype", "xmlwineventlog", "--source", "XmlWinEventLog:Security", query))
	if diff := cmp.Diff(want, pgTable(t, page)); diff != "" {
		t.Errorf("the share link's result (-spelunk run +page):\n%s", diff)
	}
	return page
}

// checkOffline stops the server and reloads the page: its service worker
// serves the site it kept, and the search runs again with the same rows.
func checkOffline(t *testing.T, page context.Context, url string, stopServer func()) {
	pgPoll[bool](t, page, `!!navigator.serviceWorker.controller`)
	before := pgTable(t, page)
	stopServer()
	if resp, err := http.Get(url); err == nil {
		resp.Body.Close()
		t.Fatalf("the server still answers after it stopped")
	}
	pgMust(t, chromedp.Do(page, chromedp.Reload()))
	pgPoll[float64](t, page, `window.playground && window.playground.firstResultMs`)
	if diff := cmp.Diff(before, pgTable(t, page)); diff != "" {
		t.Errorf("offline, the result (-online +offline):\n%s", diff)
	}
}

// typeAndRun types query into the emptied editor, clicks Run and waits
// for the run to end.
func typeAndRun(t *testing.T, page context.Context, query string) {
	runs := pgEval[float64](t, page, `window.playground.runs`)
	pgEval[bool](t, page, clearQuery)
	pgMust(t, chromedp.Do(page, chromedp.SendKeys("#query", query), chromedp.Click("#run")))
	pgWaitRuns(t, page, runs)
}

// csvRows reads spelunk run's CSV, which must hold a header and a row.
func csvRows(t *testing.T, b []byte) [][]string {
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("spelunk run's CSV: %v\n%s", err, b)
	}
	return rows
}

// explainStage is a stage's line in spelunk explain's "Rows" part.
var explainStage = regexp.MustCompile(`(?m)^  (\d+)\. \S+\s+(\d+) [a-z ]+, (\d+) out$`)

// clearQuery empties the editor, for typing into it.
const clearQuery = `(document.getElementById("query").value = "") === ""`

func pgMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func pgEval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	pgMust(t, err)
	return v
}

// pgPoll waits until js is truthy and returns its value. A poll sent
// while the page replaces its JavaScript context (right after a
// navigation) fails with "Cannot find context"; it is sent again.
func pgPoll[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	var err error
	for range 5 {
		var v T
		v, err = chromedp.Run(ctx, chromedp.Poll[T](js, chromedp.WithPollingTimeout(90*time.Second)))
		if err == nil {
			return v
		}
		if !strings.Contains(err.Error(), "Cannot find context") {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	status := pgEval[string](t, ctx, `document.getElementById("data-status").textContent + " / " + document.getElementById("run-status").textContent + " / " + document.getElementById("error").textContent`)
	t.Fatalf("waiting for %s: %v (page: %s)", js, err, status)
	var zero T
	return zero
}

// pgWaitRuns waits for the page to finish the run after the runs-th.
func pgWaitRuns(t *testing.T, ctx context.Context, runs float64) {
	t.Helper()
	pgPoll[bool](t, ctx, `window.playground.runs > `+pgNum(runs))
}

func pgNum(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// pgTable is the result table as the page shows it, header first; a
// multivalue cell's values joined by newlines, as spelunk run's CSV has them.
func pgTable(t *testing.T, ctx context.Context) [][]string {
	t.Helper()
	return pgEval[[][]string](t, ctx, `[
		[...document.querySelectorAll("#results thead th")].map((th) => th.textContent),
		...[...document.querySelectorAll("#results tbody tr")].map((tr) =>
			[...tr.children].map((td) => [...td.querySelectorAll(".mv")].map((s) => s.textContent).join("\n")))]`)
}

func pgColumn(tab [][]string, name string) []string {
	var out []string
	for i, c := range tab[0] {
		if c == name {
			for _, r := range tab[1:] {
				out = append(out, r[i])
			}
		}
	}
	return out
}

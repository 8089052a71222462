package hunt

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/value"
)

// bundledData is the logs under testdata the one-pass hunt is compared
// on without realdata.
func bundledData() []string {
	return []string{filepath.Join("..", "testdata", "seed", "data"), filepath.Join("..", "testdata", "sources")}
}

// huntData is the data and detections the one-pass hunt is compared on:
// realdata and the corpus when set, else the bundled logs and the test
// repository (or the corpus).
func huntData(t *testing.T) (data []string, repo string, files []string) {
	t.Helper()
	if rd := os.Getenv("SPELUNK_REALDATA"); rd != "" {
		data = []string{rd}
	} else {
		data = bundledData()
	}
	repo = os.Getenv("SPELUNK_CORPUS")
	if repo == "" {
		repo = filepath.Join("..", "testdata", "repo")
	}
	files, err := content.FindDetections([]string{filepath.Join(repo, "detections")})
	if err != nil {
		t.Fatal(err)
	}
	return data, repo, files
}

// outcome is what the report shows of a detection.
type outcome struct {
	Status, Reason string
	Unfiltered     bool
	Columns        []string
	Rows           []value.Fields
	Risks          []value.Fields
}

func outcomes(h *Hunt) map[string]outcome {
	m := map[string]outcome{}
	for _, r := range h.Results {
		m[r.Detection.Path] = outcome{Status: r.Status, Reason: r.Reason, Unfiltered: r.Unfiltered, Columns: r.Columns, Rows: r.Rows, Risks: r.Risks}
	}
	return m
}

func newHuntRunner(data []string, repo string) *runner.Runner {
	return runner.New(runner.Config{Data: data, Macros: []string{repo}, QuietFilters: true, Notice: func(string) {}})
}

// TestRunOnceMatchesRun checks that the hunt that reads the data once,
// holding only what each detection's plan wants, gives every detection
// the results the hunt over every event loaded gives it (an independent
// path: no plan, no sieve), and counts the same events.
func TestRunOnceMatchesRun(t *testing.T) {
	data, repo, files := huntData(t)
	sources, _ := content.LoadDataSources(repo)
	opt := Options{Jobs: 2, Sources: sources, WantRisks: true}

	once, read, err := RunOnce(newHuntRunner(data, repo), files, opt)
	if err != nil {
		t.Fatal(err)
	}
	all, stats := runLoaded(t, data, repo, files, opt)

	if diff := cmp.Diff(outcomes(all), outcomes(once), cmp.Comparer(value.Equal)); diff != "" {
		t.Errorf("the one-pass hunt differs from the hunt over every event (-all +once):\n%s", diff)
	}
	if got, want := once.Events.Describe(), all.Events.Describe(); got != want {
		t.Errorf("events: once %q, all %q", got, want)
	}
	if got, want := once.Events.Len(), all.Events.Len(); got != want {
		t.Errorf("event count: once %d, all %d", got, want)
	}
	if diff := cmp.Diff(stats, read.Stats); diff != "" {
		t.Errorf("read stats differ (-all +once):\n%s", diff)
	}
	fired := 0
	for _, o := range outcomes(all) {
		if o.Status == Fired {
			fired++
		}
	}
	if fired == 0 {
		t.Errorf("no detection fired over %v: the comparison shows nothing", data)
	}
	t.Logf("%d detections, %d fired; %d of %d events held", len(files), fired, read.Held, stats.Events)
}

// runLoaded is the hunt over every event loaded, and what reading gave.
func runLoaded(t *testing.T, data []string, repo string, files []string, opt Options) (*Hunt, ingest.Stats) {
	t.Helper()
	r := newHuntRunner(data, repo)
	st, stats, err := r.Store()
	if err != nil {
		t.Fatal(err)
	}
	st.Seal()
	return Run(r, st, files, opt), stats
}

// TestRunOnceComparisonCanFail checks that the comparison above sees a
// sieve that drops events a detection needs: with nothing wanted, the
// detections that fire over every event do not.
func TestRunOnceComparisonCanFail(t *testing.T) {
	_, repo, files := huntData(t)
	data := bundledData()
	sources, _ := content.LoadDataSources(repo)
	opt := Options{Jobs: 2, Sources: sources}
	all, _ := runLoaded(t, data, repo, files, opt)
	fired := false
	for _, r := range all.Results {
		fired = fired || r.Status == Fired
	}
	if !fired {
		t.Skip("nothing fires over the bundled data with these detections")
	}
	sieveHook = func(sv *sieve) { sv.scans, sv.models, sv.whole, sv.all = nil, nil, nil, false }
	defer func() { sieveHook = nil }()
	once, _, err := RunOnce(newHuntRunner(data, repo), files, opt)
	if err != nil {
		t.Fatal(err)
	}
	if cmp.Equal(outcomes(all), outcomes(once), cmp.Comparer(value.Equal)) {
		t.Error("a hunt that holds no event gives the results of one that holds every event")
	}
}

// TestRunOnceComparisonSeesPostings checks that the comparison above sees
// an index that leaves out events a detection needs: with every
// prefilter's list emptied after the sieve held the events, the
// detections whose leading search fires over every event do not.
func TestRunOnceComparisonSeesPostings(t *testing.T) {
	_, repo, files := huntData(t)
	data := bundledData()
	sources, _ := content.LoadDataSources(repo)
	opt := Options{Jobs: 2, Sources: sources}
	once := func() map[string]outcome {
		h, _, err := RunOnce(newHuntRunner(data, repo), files, opt)
		if err != nil {
			t.Fatal(err)
		}
		return outcomes(h)
	}
	all, _ := runLoaded(t, data, repo, files, opt)
	if diff := cmp.Diff(outcomes(all), once(), cmp.Comparer(value.Equal)); diff != "" {
		t.Fatalf("the one-pass hunt differs over the bundled data (-all +once):\n%s", diff)
	}
	emptied := 0
	postingsHook = func(lists map[string][]int32) {
		for k, l := range lists {
			if len(l) > 0 {
				lists[k] = nil
				emptied++
			}
		}
	}
	defer func() { postingsHook = nil }()
	if cmp.Equal(outcomes(all), once(), cmp.Comparer(value.Equal)) {
		t.Errorf("a hunt whose %d non-empty prefilter lists were emptied gives the results of one that holds every event", emptied)
	}
	if emptied == 0 {
		t.Error("no prefilter passed any event of the bundled data: the test shows nothing")
	}
}

// TestNumberByPos checks the numbering of one chunk's held events seen by
// two goroutines (an index's row groups): by their place in the chunk, as
// the store holds them, whatever order they were seen in.
func TestNumberByPos(t *testing.T) {
	// Goroutine 0 held the events at places 5 and 1, goroutine 1 those at
	// 3 and 0: the store holds them as 0, 1, 3, 5 and numbers them from 10.
	cms := []*chunkMarks{
		{held: 2, pos: []int64{5, 1}, marks: []mark{{pos: 0, scan: 0}, {pos: 1, scan: 1}}},
		{held: 2, pos: []int64{3, 0}, marks: []mark{{pos: 0, scan: 0}, {pos: 1, scan: 0}}},
	}
	lists := make([][]int32, 2)
	next := numberByPos(cms, lists, 10)
	want := [][]int32{{10, 12, 13}, {11}}
	if diff := cmp.Diff(want, lists); diff != "" || next != 14 {
		t.Errorf("lists (-want +got):\n%s\nnext %d, want 14", diff, next)
	}
}

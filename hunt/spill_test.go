package hunt

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/value"
)

// TestRunOnceSpilledMatches checks that a hunt that spills every event it
// holds to disk (a budget of one byte) gives every detection the results
// the hunt holding them in memory gives it, over realdata and the corpus
// when set, and that nothing is left in the spill folder, after the hunt
// and after one that fails (data that cannot be read).
// TestSpillComparisonCanFail (datamodel/store) shows that such a
// comparison sees rows read back in the wrong place.
func TestRunOnceSpilledMatches(t *testing.T) {
	data, repo, files := huntData(t)
	sources, _ := content.LoadDataSources(repo)
	opt := Options{Jobs: 2, Sources: sources, WantRisks: true}
	mem, memRead, err := RunOnce(newHuntRunner(data, repo), files, opt)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opt.SpillAfter, opt.SpillDir = 1, dir
	spilled, read, err := RunOnce(newHuntRunner(data, repo), files, opt)
	if err != nil {
		t.Fatal(err)
	}
	if read.Spilled == 0 || read.Spilled >= int64(read.Held+read.Modelled) {
		t.Errorf("%d of %d events spilled, want all but the first", read.Spilled, read.Held+read.Modelled)
	}
	if diff := cmp.Diff(outcomes(mem), outcomes(spilled), cmp.Comparer(value.Equal)); diff != "" {
		t.Errorf("the spilled hunt differs (-memory +spilled):\n%s", diff)
	}
	if got, want := spilled.Events.Describe(), mem.Events.Describe(); got != want {
		t.Errorf("events: spilled %q, memory %q", got, want)
	}
	if diff := cmp.Diff(memRead.Stats, read.Stats); diff != "" {
		t.Errorf("read stats differ (-memory +spilled):\n%s", diff)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left in the spill folder: %v", left)
	}
	_, _, err = RunOnce(newHuntRunner([]string{filepath.Join(t.TempDir(), "missing.log")}, repo), files, opt)
	if err == nil {
		t.Error("a hunt over a missing file did not fail")
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left in the spill folder after an error: %v", left)
	}
	t.Logf("%d events held, %d for the data models, %d spilled (%d bytes)", read.Held, read.Modelled, read.Spilled, read.SpilledBytes)
}

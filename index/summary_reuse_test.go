package index_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/index"
	"github.com/spelunk-dev/spelunk/runner"
)

// TestSummaryArenaReuse is the differential test over rows enough that
// the arenas' blocks are written, given back to the pool and filled again
// while indexing runs (small row groups: many writes): every field of the
// rows read back from the summary is what the events give.
func TestSummaryArenaReuse(t *testing.T) {
	path := index.SysmonLike(t, 6000)
	defer index.SetSummaryGroupRows(index.SetSummaryGroupRows(256))
	b, err := datamodel.Load()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "idx")
	before := index.ArenaReused()
	if _, err := index.Build(dir, index.Options{Paths: []string{path}, Workers: 2, Knowledge: b}); err != nil {
		t.Fatal(err)
	}
	if index.ArenaReused() == before {
		t.Fatal("no arena block was taken from the pool: the test reads no reused block")
	}
	now := time.Unix(1_800_000_000, 0).UTC()
	files := runner.New(runner.Config{Data: []string{path}, Now: now, Workers: 2})
	over := runner.New(runner.Config{Data: []string{dir}, Now: now, Workers: 2})
	for _, s := range []string{
		`| tstats summariesonly=true count from datamodel=Endpoint.Processes by Processes.process Processes.process_id Processes.process_guid Processes.user Processes.dest Processes.process_hash`,
		`| tstats summariesonly=true count from datamodel=Endpoint.Processes by Processes.parent_process Processes.parent_process_id Processes.parent_process_guid Processes.process_integrity_level Processes.process_current_directory Processes.original_file_name _time span=1s`,
		`| tstats summariesonly=true count values(Processes.process_name) as name values(Processes.parent_process_name) as parent from datamodel=Endpoint.Processes by Processes.process_path Processes.parent_process_path Processes.user_id Processes.vendor_product Processes.action`,
	} {
		want, got := outcome(context.Background(), files, s, nil), outcome(context.Background(), over, s, nil)
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s (-files +index):\n%s", s, d)
		}
	}
}

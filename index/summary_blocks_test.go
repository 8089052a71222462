package index_test

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/index"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/value"
)

// blockSearches add to tstatsSearches the shapes grouping by blocks must
// get right: null and missing BY values, with and without a fill value
// (one some value spells too), multivalue BY values (tag), the case of
// values, where clauses that keep some rows of a row group, of none, and
// that no dictionary can rule out, and aggregations of columns.
var blockSearches = []string{
	`| tstats count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes by Processes.dest Processes.user Processes.process_name Processes.parent_process_name`,
	`| tstats count from datamodel=Endpoint.Processes by Processes.user Processes.parent_process_id`,
	`| tstats fillnull_value=null count from datamodel=Endpoint.Processes by Processes.user Processes.original_file_name`,
	`| tstats fillnull_value=cmd.exe count from datamodel=Endpoint.Processes by Processes.process_name Processes.nope`,
	`| tstats count values(Processes.process_name) as names dc(Processes.dest) from datamodel=Endpoint.Processes by Processes.tag`,
	`| tstats count from datamodel=Endpoint.Processes by tag host`,
	`| tstats count from datamodel=Endpoint.Processes where Processes.process_name="CMD.EXE" by Processes.process_name`,
	`| tstats count from datamodel=Endpoint.Processes where Processes.process_name=CASE(cmd.exe) by Processes.process_name`,
	`| tstats count from datamodel=Endpoint.Processes where Processes.parent_process_name="wermgr.exe" AND NOT (Processes.process_name IN ("WerFaultSecure.exe", "wermgr.exe", "WerFault.exe")) by Processes.dest Processes.process_name`,
	`| tstats count from datamodel=Endpoint.Processes where Processes.process_name=zzzz by Processes.dest`,
	`| tstats count from datamodel=Endpoint.Processes where Processes.process_id>100 by Processes.process_name`,
	`| tstats count min(Processes.process_id) max(Processes.process) dc(Processes.process) values(Processes.user) from datamodel=Endpoint.Processes by Processes.dest`,
	`| tstats count max(_time) from datamodel=Endpoint.Processes`,
	`| tstats summariesonly=true allow_old_summaries=true count from datamodel=Endpoint.Filesystem by Filesystem.file_name Filesystem.action`,
	`| tstats count from datamodel=Network_Traffic.All_Traffic by All_Traffic.dest_port All_Traffic.src`,
	`| tstats count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes by _time span=1h Processes.dest Processes.process_name`,
	`| tstats fillnull_value=x dc(Processes.process) from datamodel=Endpoint.Processes where Processes.process_name=*.exe by Processes.user _time span=1d`,
	`| tstats count from datamodel=Endpoint.Processes by _time span=1s`,
}

// TestSummaryBlocksMatchRows is the differential test of grouping by
// blocks: every tstats search of the summary tests (the corpus's tstats
// detections with SPELUNK_CORPUS) and blockSearches give over the index
// what they give with the summaries' rows read one by one.
func TestSummaryBlocksMatchRows(t *testing.T) {
	dir := buildFixture(t)
	var macroDirs []string
	if corpus := os.Getenv("SPELUNK_CORPUS"); corpus != "" {
		macroDirs = []string{corpus}
	}
	over := runner.New(runner.Config{Data: []string{dir}, Macros: macroDirs, Now: time.Unix(1_800_000_000, 0).UTC(), Workers: 2})
	kb, err := over.Base()
	if err != nil {
		t.Fatal(err)
	}
	src, err := index.Open(dir, kb, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := src.Dataset("Endpoint.Processes")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ds.(engine.BlockDataset); !ok {
		t.Fatalf("Endpoint.Processes is a %T, not read by blocks", ds)
	}
	names, searches, dets := tstatsSearches(t, true)
	for _, s := range blockSearches {
		names, searches, dets = append(names, s), append(searches, s), append(dets, nil)
	}
	defer engine.SetBlockGrouping(true)
	ctx := context.Background()
	nonEmpty := 0
	for i, name := range names {
		engine.SetBlockGrouping(false)
		want := outcome(ctx, over, searches[i], dets[i])
		engine.SetBlockGrouping(true)
		got := outcome(ctx, over, searches[i], dets[i])
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s (-rows +blocks):\n%s", name, d)
		}
		if len(want) > 0 && want[len(want)-1] == '\n' && countLines(want) > 1 {
			nonEmpty++
		}
	}
	t.Logf("%d searches compared, %d with rows", len(names), nonEmpty)
}

func countLines(s string) int {
	n := 0
	for _, c := range s {
		if c == '\n' {
			n++
		}
	}
	return n
}

// TestSummaryBlocksDamaged reads 200 summary parts damaged at random
// places (seeded) by blocks, with and without a where clause's text,
// making every row of each block: each scan gives blocks or an error
// naming the file, in time, never a crash.
func TestSummaryBlocksDamaged(t *testing.T) {
	dir, sp, good, base := damageFixture(t)
	path := filepath.Join(dir, sp.Path)
	scans := damageScans
	rng := rand.New(rand.NewPCG(22, 4))
	failed := 0
	for range 200 {
		bad := append([]byte(nil), good...)
		for range 1 + rng.IntN(4) {
			bad[rng.IntN(len(bad))] ^= byte(1 + rng.IntN(255))
		}
		if err := os.WriteFile(path, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		src, err := index.Open(dir, base, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := src.Dataset("Endpoint.Processes")
		if err != nil {
			t.Fatal(err)
		}
		for _, req := range scans {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			err = ds.(engine.BlockDataset).ScanBlocks(ctx, req, func(b *engine.Block) error {
				var buf value.Fields
				for r := range b.N {
					var err error
					if buf, err = b.Row(r, buf); err != nil {
						return err
					}
				}
				return nil
			})
			cancel()
			if err != nil {
				failed++
				if !strings.Contains(err.Error(), sp.Path) {
					t.Errorf("error does not name the file: %v", err)
				}
			}
		}
	}
	t.Logf("%d of 400 scans of damaged parts gave an error", failed)
}

// damageFixture indexes the seed data and returns the index, its
// Endpoint.Processes summary part and that part's bytes, for the tests
// that damage it.
func damageFixture(t *testing.T) (dir string, sp index.SummaryPart, good []byte, base *datamodel.Base) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "idx")
	if _, err := index.Build(dir, index.Options{Paths: []string{filepath.Join("..", "testdata", "seed", "data")}}); err != nil {
		t.Fatal(err)
	}
	m, err := index.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range m.Summaries {
		if p.Dataset == "Endpoint.Processes" {
			sp = p
		}
	}
	if good, err = os.ReadFile(filepath.Join(dir, sp.Path)); err != nil {
		t.Fatal(err)
	}
	if base, err = datamodel.Builtin(); err != nil {
		t.Fatal(err)
	}
	return dir, sp, good, base
}

// damageScans are the block scans the damaged parts are read with: plain,
// and with a where clause's text.
var damageScans = []engine.BlockScan{
	{Fields: []string{"dest", "user", "process_name", "tag"}},
	{Fields: []string{"dest", "process"}, Must: []engine.Contains{{Field: "parent_process_name", Pieces: []string{"wermgr"}}}},
}

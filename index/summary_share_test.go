package index_test

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/index"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/value"
)

// TestSharedSummaryReadsMatch runs the summary tests' searches (the
// corpus's tstats detections with SPELUNK_CORPUS) and blockSearches over
// the fixture's index, by blocks and by rows, first each scan reading
// its own columns, then two goroutines at a time sharing the reads
// (ShareSummaryReads) with a cache that keeps nothing, one that keeps a
// few columns (so that columns are left and decoded again) and one that
// keeps all: every search gives the same outcome.
func TestSharedSummaryReadsMatch(t *testing.T) {
	dir := buildFixture(t)
	var macroDirs []string
	if corpus := os.Getenv("SPELUNK_CORPUS"); corpus != "" {
		macroDirs = []string{corpus}
	}
	names, searches, dets := tstatsSearches(t, true)
	for _, s := range blockSearches {
		names, searches, dets = append(names, s), append(searches, s), append(dets, nil)
	}
	defer engine.SetBlockGrouping(true)
	ctx := context.Background()
	for _, blocks := range []bool{true, false} {
		engine.SetBlockGrouping(blocks)
		alone := runner.New(runner.Config{Data: []string{dir}, Macros: macroDirs, Now: time.Unix(1_800_000_000, 0).UTC(), Workers: 2})
		want := make([]string, len(names))
		for i := range names {
			want[i] = outcome(ctx, alone, searches[i], dets[i])
		}
		for _, limit := range []int64{0, 4 << 10, 64 << 20} {
			shared := runner.New(runner.Config{Data: []string{dir}, Macros: macroDirs, Now: time.Unix(1_800_000_000, 0).UTC(), Workers: 2})
			src, ok, err := shared.IndexSource()
			if err != nil || !ok {
				t.Fatalf("no index source: %v", err)
			}
			stop := src.ShareSummaryReads(limit)
			got := make([]string, len(names))
			var wg sync.WaitGroup
			for w := range 2 {
				wg.Go(func() {
					for i := w; i < len(names); i += 2 {
						got[i] = outcome(ctx, shared, searches[i], dets[i])
					}
				})
			}
			wg.Wait()
			st := src.SummaryCacheStats()
			stop()
			for i, name := range names {
				if d := cmp.Diff(want[i], got[i]); d != "" {
					t.Errorf("blocks %v, cache of %d bytes: %s (-alone +shared):\n%s", blocks, limit, name, d)
				}
			}
			if st.Peak > limit {
				t.Errorf("blocks %v: the cache held %d bytes, over its %d", blocks, st.Peak, limit)
			}
			if limit > 1<<20 && st.Hits == 0 {
				t.Errorf("blocks %v: a cache of %d bytes served no read again (%+v)", blocks, limit, st)
			}
			t.Logf("blocks %v, cache of %d bytes: %+v", blocks, limit, st)
		}
	}
}

// TestSharedSummaryReadsDamaged reads 100 summary parts damaged at
// random places (seeded) by blocks, with the reads shared, each scan
// twice: each gives blocks or an error naming the file, in time, never
// a crash or a scan waiting for ever on a column another failed to
// decode.
func TestSharedSummaryReadsDamaged(t *testing.T) {
	dir, sp, good, base := damageFixture(t)
	path := filepath.Join(dir, sp.Path)
	scans := damageScans
	rng := rand.New(rand.NewPCG(22, 5))
	for range 100 {
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
		stop := src.ShareSummaryReads(1 << 20)
		ds, err := src.Dataset("Endpoint.Processes")
		if err != nil {
			t.Fatal(err)
		}
		for _, req := range append(scans, scans...) {
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
			if err != nil && !strings.Contains(err.Error(), sp.Path) {
				t.Errorf("error does not name the file: %v", err)
			}
		}
		stop()
	}
}

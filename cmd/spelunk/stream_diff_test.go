package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/ingest"
)

// TestStreamedMatchesLoaded runs every `spelunk run` case of
// testdata/golden and testdata/bad, and the seed detection, twice: over
// the data streamed as it is read (stream.Source, the default) and
// loaded into a store first; both must print the same and exit alike.
// Each streamed run cuts the files into small chunks read by a few
// workers, chosen at random from a fixed seed, so that chunk boundaries
// and the merge of the workers' events are exercised.
func TestStreamedMatchesLoaded(t *testing.T) {
	testdata, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	corpus := os.Getenv("SPELUNK_CORPUS")
	type runCase struct {
		name string
		args []string
	}
	var runs []runCase
	names, args := goldenRuns(t)
	for i := range names {
		runs = append(runs, runCase{names[i], args[i]})
	}
	if corpus != "" {
		runs = append(runs, runCase{"seed", seedCorpusRun(corpus, testdata)})
	}
	once := runOutcome
	defer ingest.SetChunkSize(ingest.SetChunkSize(16 << 20))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rng := rand.New(rand.NewPCG(1, 2))
	for _, rc := range runs {
		t.Run(rc.name, func(t *testing.T) {
			neverStream = true
			runtime.GOMAXPROCS(2)
			ingest.SetChunkSize(16 << 20)
			loaded := once(rc.args)
			neverStream = false
			for range 2 {
				workers, size := 2+rng.IntN(3), int64(256+rng.IntN(8<<10))
				runtime.GOMAXPROCS(workers)
				ingest.SetChunkSize(size)
				if diff := cmp.Diff(loaded, once(rc.args)); diff != "" {
					t.Errorf("%d workers, chunks of %d bytes: streamed differs from loaded (-loaded +streamed):\n%s", workers, size, diff)
				}
			}
		})
	}
	t.Logf("%d cases compared", len(runs))
}

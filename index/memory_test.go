package index

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/spelunk-dev/spelunk/ingest"
)

// writeGenerated writes n key=value events over 20 days (20 partitions),
// each with a GUID (kept as its place in _raw) and a command line.
func writeGenerated(t *testing.T, path string, n int) int64 {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i := range n {
		fmt.Fprintf(w, "2024-03-%02dT%02d:%02d:%02dZ host=ws%d user=u%d pid=%d guid={%08X-1F2E-4D3C-8B7A-%012X} cmd=\"cmd.exe /c echo %d\"\n",
			1+i%20, i/3600%24, i/60%60, i%60, i%7, i%101, 1000+i, i*2654435761, i*40503, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// TestMemoryBounded indexes a generated input of two sizes, the larger
// ten times the smaller, and checks that the live heap while indexing
// does not grow with the number of events: the buffers are bounded by
// RowGroupBytes and MemoryBytes, not by the input.
func TestMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 14 MB")
	}
	peak := func(events int) (live uint64, fileBytes int64) {
		root := t.TempDir()
		in := filepath.Join(root, "gen.log")
		fileBytes = writeGenerated(t, in, events)
		var mu sync.Mutex
		sample := func(Progress) {
			mu.Lock()
			defer mu.Unlock()
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			live = max(live, ms.HeapAlloc)
		}
		res, err := Build(filepath.Join(root, "idx"), Options{Paths: []string{in}, Workers: 2,
			Ingest: ingest.Options{Sourcetype: "gen:kv"}, RowGroupBytes: 256 << 10, MemoryBytes: 1 << 20, Progress: sample})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Added[0].Events; got != events {
			t.Fatalf("indexed %d events, want %d", got, events)
		}
		return live, fileBytes
	}
	small, smallBytes := peak(10_000)
	big, bigBytes := peak(100_000)
	t.Logf("live heap at most %.1f MB for %.1f MB of input, %.1f MB for %.1f MB", float64(small)/1e6,
		float64(smallBytes)/1e6, float64(big)/1e6, float64(bigBytes)/1e6)
	// Generous: growing with the input would add about the 12 MB of
	// events the larger input has more.
	if big > small+6<<20 {
		t.Errorf("live heap grew from %d to %d bytes with ten times the events", small, big)
	}
}

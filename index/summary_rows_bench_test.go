package index

import (
	"bufio"
	"bytes"
	"os"
	"syscall"
	"testing"

	"github.com/spelunk-dev/spelunk/ingest"
)

// BenchmarkSummaryRows makes the dataset rows of the first 20,000 events
// of SPELUNK_BENCH_W1 (W1's XML, one event a line), as indexing does for
// each batch, without writing them: the knowledge, the datasets'
// constraints and calculations and the rows' copies.
func BenchmarkSummaryRows(b *testing.B) {
	path := os.Getenv("SPELUNK_BENCH_W1")
	if path == "" {
		b.Skip("SPELUNK_BENCH_W1 not set")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var buf bytes.Buffer
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 0; n < 20000 && sc.Scan(); n++ {
		buf.Write(sc.Bytes())
		buf.WriteByte('\n')
	}
	var rm recordMaker
	var batch []*record
	_, err = ingest.Read(&buf, path, ingest.Options{}, func(ev *ingest.Event) error {
		r, err := rm.record(ev, int64(len(batch)))
		batch = append(batch, r)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	sb, err := newSummaryBuilderFor(b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	w, err := sb.worker()
	if err != nil {
		b.Fatal(err)
	}
	r0 := batch[0]
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		w.ruled = w.rulesOut(sb, r0.ix, r0.st)
		if err := w.makeRows(sb, batch, "part"); err != nil {
			b.Fatal(err)
		}
		rows := 0
		for i := range w.rows {
			rows += len(w.rows[i])
			clear(w.rows[i])
			w.rows[i] = w.rows[i][:0]
			w.arenas[i] = sumArena{}
		}
		if rows != len(batch) {
			b.Fatalf("%d rows of %d events", rows, len(batch))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(batch)), "ns/event")
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N*len(batch)), "cpu-ns/event")
}

// cpuTime is the process's CPU time (user and system) in nanoseconds: on
// a loaded machine a more steady measure than the wall time.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

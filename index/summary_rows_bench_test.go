package index

import (
	"bufio"
	"bytes"
	"os"
	"slices"
	"syscall"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/spelunk-dev/spelunk/ingest"
)

// benchW1Batch reads the first n events of SPELUNK_BENCH_W1 (W1's XML,
// one event a line) as the writer's records.
func benchW1Batch(b *testing.B, n int) []*record {
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
	for k := 0; k < n && sc.Scan(); k++ {
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
	return batch
}

// benchW1Worker is benchW1Batch's records, a summary builder of the
// built-in knowledge and one of its workers.
func benchW1Worker(b *testing.B, n int) ([]*record, *summaryBuilder, *sumWorker) {
	batch := benchW1Batch(b, n)
	sb, err := newSummaryBuilderFor(b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	w, err := sb.worker()
	if err != nil {
		b.Fatal(err)
	}
	return batch, sb, w
}

// BenchmarkSummaryRows makes the dataset rows of the first 20,000 events
// of SPELUNK_BENCH_W1, as indexing does for each batch, without writing
// them: the knowledge, the datasets' constraints and calculations and
// the rows' copies.
func BenchmarkSummaryRows(b *testing.B) {
	batch, sb, w := benchW1Worker(b, 20000)
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
			w.arenas[i] = sumArena{pool: w.arenas[i].pool}
		}
		if rows != len(batch) {
			b.Fatalf("%d rows of %d events", rows, len(batch))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(batch)), "ns/event")
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N*len(batch)), "cpu-ns/event")
}

// BenchmarkSummaryWrite writes the dataset rows of the first 20,000
// events of SPELUNK_BENCH_W1 (made once, batch by batch of 2,048 events
// as indexing makes them) ten times over as summary parts, as many rows
// as W1 has: the writers' sorting of row groups, encoding and
// compression, without BenchmarkSummaryRows' work.
func BenchmarkSummaryWrite(b *testing.B) {
	batch, sb, w := benchW1Worker(b, 20000)
	// Each dataset's rows of each batch, as sumWriter.add takes them.
	var made [][][]sumRow
	for i := 0; i < len(batch); i += 2048 {
		part := batch[i:min(i+2048, len(batch))]
		w.ruled = w.rulesOut(sb, part[0].ix, part[0].st)
		if err := w.makeRows(sb, part, "part"); err != nil {
			b.Fatal(err)
		}
		rows := make([][]sumRow, len(w.rows))
		for d := range w.rows {
			rows[d] = slices.Clone(w.rows[d])
			w.rows[d] = w.rows[d][:0]
		}
		made = append(made, rows)
	}
	// The summary pages' zstd levels: the one written, and others for
	// their CPU and bytes.
	levels := []struct {
		name string
		z    *zstdPages
	}{{"written", sumZstd}, {"default", &zstdPages{level: zstd.SpeedDefault}},
		{"better", &zstdPages{level: zstd.SpeedBetterCompression}}}
	defer func(z *zstdPages) { sumPQ.codec = z }(sumPQ.codec)
	for _, lv := range levels {
		b.Run(lv.name, func(b *testing.B) {
			sumPQ.codec = lv.z
			var bytes int64
			cpu0 := cpuTime()
			for b.Loop() {
				bytes = writeSummaryRows(b, sb, made, len(batch))
			}
			n := float64(b.N * writeRounds * len(batch))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/row")
			b.ReportMetric(float64(cpuTime()-cpu0)/n, "cpu-ns/row")
			b.ReportMetric(float64(bytes), "bytes")
		})
	}
}

// writeRounds is how many times BenchmarkSummaryWrite writes its rows.
const writeRounds = 10

// writeSummaryRows writes made, each batch's rows of each dataset, with
// fresh writers into a new folder, and returns the bytes of the parts.
func writeSummaryRows(b *testing.B, sb *summaryBuilder, made [][][]sumRow, events int) int64 {
	sb.dir = b.TempDir()
	for d, sw := range sb.writers {
		sb.writers[d] = &sumWriter{b: sb, name: sw.name, rel: sw.rel, fp: sw.fp, declared: sw.declared}
	}
	sb.parts = nil
	for range writeRounds {
		for _, rows := range made {
			for d, rs := range rows {
				if len(rs) == 0 {
					continue
				}
				if err := sb.writers[d].add(slices.Clone(rs), arenaBlocks{}); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	parts, _, err := sb.close()
	if err != nil {
		b.Fatal(err)
	}
	rows, bytes := int64(0), int64(0)
	for _, p := range parts {
		rows, bytes = rows+p.Rows, bytes+p.Bytes
	}
	if rows != int64(writeRounds*events) {
		b.Fatalf("%d rows of %d events", rows, events)
	}
	return bytes
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

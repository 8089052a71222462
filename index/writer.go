package index

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/ingest"
)

// Options say what to index and how.
type Options struct {
	// Paths are files, folders or globs, as ingest.ReadPaths takes them
	// (standard input cannot be indexed: it cannot be read again to tell
	// whether it was indexed).
	Paths []string
	// Ingest are the options the files are read with.
	Ingest ingest.Options
	// Workers read in parallel; 0 means 1.
	Workers int
	// Progress, when set, is called now and then from the reading
	// goroutines (one at a time) with what has been read so far.
	Progress func(Progress)
	// RowGroupBytes bounds the events a partition holds before it writes
	// them as a row group (estimated memory, not file bytes); 0 means
	// DefaultRowGroupBytes.
	RowGroupBytes int
	// MemoryBytes bounds the events held by every partition together: past
	// it the largest is written. 0 means 4 × RowGroupBytes.
	MemoryBytes int
	// Knowledge builds the data model summaries; nil means the built-in
	// knowledge. NoSummaries writes none.
	Knowledge   *datamodel.Base
	NoSummaries bool
}

// DefaultRowGroupBytes is the memory a partition's buffered events take
// before they are written as a row group.
const DefaultRowGroupBytes = 12 << 20

// rowGroupBytes is what a zero Options.RowGroupBytes means: tests make it
// small to have many row groups read in parallel (SetRowGroupBytes).
var rowGroupBytes = DefaultRowGroupBytes

// SetRowGroupBytes sets the row group size of runs that do not choose one
// and returns the previous size; for tests.
func SetRowGroupBytes(n int) int {
	old := rowGroupBytes
	rowGroupBytes = n
	return old
}

// Progress is how far an indexing run has got.
type Progress struct {
	Events    int64
	RawBytes  int64 // bytes of _raw read
	FileBytes int64 // bytes of the files being indexed
}

// Result says what an indexing run did.
type Result struct {
	// Added are the files indexed now; Skipped those indexed before (by
	// path, size and time, or by content), not read again.
	Added   []FileEntry
	Skipped []string
	// Parts are the Parquet files written now; Summaries those of the
	// data model summaries.
	Parts     []PartEntry
	Summaries []SummaryPart
	Stats     ingest.Stats
}

// Build indexes opt.Paths into the folder dir, made if need be: the files
// not indexed yet are read once, their events written to new parts, and
// the manifest lists them. The parts of earlier runs are left as they are.
func Build(dir string, opt Options) (*Result, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	m := &Manifest{Version: manifestVersion}
	if IsIndex(dir) {
		var err error
		if m, err = ReadManifest(dir); err != nil {
			return nil, err
		}
	} else if entries, err := os.ReadDir(dir); err != nil {
		return nil, err
	} else if len(entries) > 0 {
		return nil, fmt.Errorf("%s is neither empty nor an index folder (no %s)", dir, ManifestName)
	}
	files, err := ingest.ExpandPaths(opt.Paths)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	fresh, entries, err := newFiles(m, files, res)
	if err != nil {
		return nil, err
	}
	started := time.Now().UTC()
	if len(fresh) == 0 {
		return res, nil
	}
	w := newWriter(dir, opt, m.NextSeq, entries)
	var sb *summaryBuilder
	if !opt.NoSummaries {
		if sb, err = newSummaryBuilderFor(dir, opt.Knowledge); err != nil {
			return nil, err
		}
		w.sink = sb.add
	}
	st, readErr := ingest.ReadChunks(fresh, opt.Ingest, max(opt.Workers, 1), w.event)
	closeErr := w.close()
	var summarized map[string]string
	if sb != nil {
		var err error
		res.Summaries, summarized, err = sb.close()
		if closeErr == nil {
			closeErr = err
		}
	}
	switch {
	case w.err != nil:
		return nil, w.err
	case readErr != nil:
		return nil, readErr
	case closeErr != nil:
		return nil, closeErr
	}
	for i := range entries {
		entries[i].Events = int(w.perFile[entries[i].Path].Load())
	}
	res.Added, res.Parts, res.Stats = entries, w.parts, st
	m.Files = append(m.Files, entries...)
	m.Parts = append(m.Parts, w.parts...)
	m.Summaries = append(m.Summaries, res.Summaries...)
	m.Runs = append(m.Runs, RunEntry{Started: started, Sourcetype: opt.Ingest.Sourcetype, Source: opt.Ingest.Source,
		Host: opt.Ingest.Host, Index: opt.Ingest.Index, Stats: st, Summarized: summarized})
	m.NextSeq = w.nextSeq()
	return res, writeManifest(dir, m)
}

// newFiles picks the files not indexed yet, by path, size and time, then
// by content, and makes their manifest entries.
func newFiles(m *Manifest, files []string, res *Result) ([]string, []FileEntry, error) {
	byStat := map[string]bool{}
	byHash := map[string]bool{}
	for _, f := range m.Files {
		byStat[statKey(f.Path, f.Size, f.MTime)] = true
		byHash[f.SHA256] = true
	}
	var fresh []string
	var entries []FileEntry
	for _, f := range files {
		if f == "-" {
			return nil, nil, errors.New("standard input cannot be indexed: save it to a file first")
		}
		st, err := os.Stat(f)
		if err != nil {
			return nil, nil, err
		}
		mt := st.ModTime().UTC()
		if byStat[statKey(f, st.Size(), mt)] {
			res.Skipped = append(res.Skipped, f)
			continue
		}
		sum, err := hashFile(f)
		if err != nil {
			return nil, nil, err
		}
		if byHash[sum] {
			res.Skipped = append(res.Skipped, f)
			continue
		}
		byHash[sum] = true
		fresh = append(fresh, f)
		entries = append(entries, FileEntry{Path: f, Size: st.Size(), MTime: mt, SHA256: sum})
	}
	return fresh, entries, nil
}

func statKey(path string, size int64, mt time.Time) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return fmt.Sprintf("%s\x00%d\x00%d", path, size, mt.UnixNano())
}

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writer takes events from the reading goroutines to their partitions.
type writer struct {
	dir      string
	opt      Options
	base     int64
	perFile  map[string]*atomic.Int64
	progress Progress
	total    atomic.Int64 // bytes buffered by every partition
	open     atomic.Int32 // parts open for writing

	mu       sync.Mutex // guards what follows
	parts    []PartEntry
	byKey    map[[3]string]*partWriter
	workers  map[int]*position
	maxChunk int
	err      error
	events   int64
	// sink, when set, gets each batch of a partition's events once
	// written, in the order written (the data model summaries).
	sink func(index, sourcetype string, batch []*record) error
}

// position counts the events of a worker's chunk, for _spelunk_seq.
type position struct{ chunk, n int }

func newWriter(dir string, opt Options, base int64, entries []FileEntry) *writer {
	if opt.RowGroupBytes <= 0 {
		opt.RowGroupBytes = rowGroupBytes
	}
	if opt.MemoryBytes <= 0 {
		opt.MemoryBytes = 4 * opt.RowGroupBytes
	}
	w := &writer{dir: dir, opt: opt, base: base, perFile: map[string]*atomic.Int64{},
		byKey: map[[3]string]*partWriter{}, workers: map[int]*position{}, maxChunk: -1}
	for _, e := range entries {
		w.perFile[e.Path] = &atomic.Int64{}
		w.progress.FileBytes += e.Size
	}
	return w
}

// nextSeq is the first _spelunk_seq after this run's.
func (w *writer) nextSeq() int64 { return w.base + int64(w.maxChunk+1)<<32 }

// event is ingest.ReadChunks' fn: it files the event under its partition
// and writes a partition that has filled up.
func (w *writer) event(worker, chunk int, ev *ingest.Event) error {
	w.mu.Lock()
	if w.err != nil {
		w.mu.Unlock()
		return w.err
	}
	pos := w.workers[worker]
	if pos == nil {
		pos = &position{chunk: -1}
		w.workers[worker] = pos
	}
	if pos.chunk != chunk {
		pos.chunk, pos.n = chunk, 0
	}
	seq := w.base + int64(chunk)<<32 + int64(pos.n)
	pos.n++
	w.maxChunk = max(w.maxChunk, chunk)
	w.events++
	w.progress.Events++
	w.progress.RawBytes += int64(len(ev.Raw))
	if w.opt.Progress != nil && w.events%4096 == 0 {
		w.opt.Progress(w.progress)
	}
	w.mu.Unlock()
	if c := w.perFile[ev.File]; c != nil {
		c.Add(1)
	}
	r, err := newRecord(ev, seq)
	if err != nil {
		return w.fail(err)
	}
	p, err := w.partition(r)
	if err != nil {
		return w.fail(err)
	}
	size := r.size()
	w.total.Add(int64(size))
	p.mu.Lock()
	p.pending = append(p.pending, r)
	p.bytes += size
	p.size.Store(int64(p.bytes))
	var batch []*record
	var bytes int
	if p.bytes >= w.opt.RowGroupBytes {
		batch, bytes = p.take()
	}
	p.mu.Unlock()
	if batch != nil {
		if err := w.write(p, batch, bytes); err != nil {
			return w.fail(err)
		}
	}
	if w.total.Load() > int64(w.opt.MemoryBytes) {
		if err := w.flushLargest(); err != nil {
			return w.fail(err)
		}
	}
	return nil
}

func (w *writer) fail(err error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
	}
	return w.err
}

// partition is the partition writer of a record, made on first use.
func (w *writer) partition(r *record) (*partWriter, error) {
	day := time.Unix(0, 0).UTC().Format(time.DateOnly)
	if !math.IsNaN(r.t) && !math.IsInf(r.t, 0) && math.Abs(r.t) < 1e12 {
		day = time.Unix(int64(math.Floor(r.t)), 0).UTC().Format(time.DateOnly)
	}
	key := [3]string{r.ix, r.st, day}
	w.mu.Lock()
	defer w.mu.Unlock()
	if p := w.byKey[key]; p != nil {
		return p, nil
	}
	rel, err := partitionDir(r.ix, r.st, day)
	if err != nil {
		return nil, err
	}
	p := &partWriter{rel: rel, ix: r.ix, st: r.st, day: day}
	w.byKey[key] = p
	return p, nil
}

// flushLargest writes the partition holding the most, to keep the
// buffers within MemoryBytes.
func (w *writer) flushLargest() error {
	w.mu.Lock()
	var big *partWriter
	best := 0
	for _, p := range w.byKey {
		if b := int(p.size.Load()); b > best {
			big, best = p, b
		}
	}
	w.mu.Unlock()
	if big == nil {
		return nil
	}
	big.mu.Lock()
	batch, bytes := big.take()
	big.mu.Unlock()
	return w.write(big, batch, bytes)
}

// close writes what every partition still holds and closes its part.
func (w *writer) close() error {
	keys := make([][3]string, 0, len(w.byKey))
	for k := range w.byKey {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		return a[0]+"\x00"+a[1]+"\x00"+a[2] < b[0]+"\x00"+b[1]+"\x00"+b[2]
	})
	var first error
	for _, k := range keys {
		p := w.byKey[k]
		p.mu.Lock()
		batch, bytes := p.take()
		p.mu.Unlock()
		err := w.write(p, batch, bytes)
		if err == nil {
			p.wmu.Lock()
			err = w.closePart(p)
			p.wmu.Unlock()
		}
		if err != nil && first == nil {
			first = err
		}
	}
	return first
}

package index

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/zeebo/xxh3"
)

// Options say what to index and how.
type Options struct {
	// Paths are files, folders or globs, as ingest.ReadPaths takes them
	// (standard input cannot be indexed: it cannot be read again to tell
	// whether it was indexed).
	Paths []string
	// Ingest are the options the files are read with.
	Ingest ingest.Options
	// Workers read in parallel, each writing parts of its own; 0 means 1.
	Workers int
	// Progress, when set, is called now and then from the reading
	// goroutines (one at a time) with what has been read so far.
	Progress func(Progress)
	// RowGroupBytes bounds the events a worker's partition holds, as
	// records or encoded in its open part, before it writes them as a row
	// group (estimated memory, not file bytes); 0 means
	// DefaultRowGroupBytes.
	RowGroupBytes int
	// MemoryBytes bounds the events held by every partition together: past
	// it a worker writes its largest. 0 means 4 × RowGroupBytes.
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
	cands, err := newByStat(m, files)
	if err != nil {
		return nil, err
	}
	started := time.Now().UTC()
	// The new files are hashed while they are read: one whose content was
	// indexed before under another path is rare, and then the run is done
	// again without it.
	hashed := make(chan error, 1)
	go func() { hashed <- hashFiles(cands, shaSizes(m)) }()
	w, st, err := writeFiles(dir, opt, m.NextSeq, cands)
	if herr := <-hashed; herr != nil && err == nil {
		w.discard()
		err = herr
	}
	if err != nil {
		return nil, err
	}
	fresh, res := pickByContent(m, files, cands)
	if len(fresh) < len(cands) {
		w.discard()
		if w, st, err = writeFiles(dir, opt, m.NextSeq, fresh); err != nil {
			return nil, err
		}
	}
	if len(fresh) == 0 {
		return res, nil
	}
	for i := range fresh {
		fresh[i].Events = int(w.perFile[fresh[i].Path].Load())
	}
	res.Added, res.Parts, res.Stats = fresh, w.parts, st
	m.Files = append(m.Files, fresh...)
	m.Parts = append(m.Parts, w.parts...)
	res.Summaries = w.summaries
	m.Summaries = append(m.Summaries, w.summaries...)
	m.Runs = append(m.Runs, RunEntry{Started: started, Sourcetype: opt.Ingest.Sourcetype, Source: opt.Ingest.Source,
		Host: opt.Ingest.Host, Index: opt.Ingest.Index, Stats: st, Summarized: w.summarized})
	m.NextSeq = w.nextSeq()
	m.Version = manifestVersion // a run may add what an older reader misreads
	return res, writeManifest(dir, m)
}

// writeFiles reads files into new parts; on an error it leaves none.
func writeFiles(dir string, opt Options, base int64, files []FileEntry) (*writer, ingest.Stats, error) {
	w := newWriter(dir, opt, base, files)
	if len(files) == 0 {
		return w, ingest.Stats{}, nil
	}
	paths := make([]string, len(files))
	// Fields one by one, never the whole entry: the hashing goroutine
	// sets each entry's SHA256 meanwhile.
	for i := range files {
		paths[i] = files[i].Path
	}
	var sb *summaryBuilder
	if !opt.NoSummaries {
		var err error
		if sb, err = newSummaryBuilderFor(dir, opt.Knowledge); err != nil {
			return nil, ingest.Stats{}, err
		}
		w.sink = sb.add
	}
	read := opt.Ingest
	read.ReuseFields = true // a record keeps the values, not the slice
	// A record staged keeps its event's texts as views of the mapped
	// input, not copies (they were 441 of the 540 MB indexing W1
	// allocated): the mappings stay until every part is written.
	read.Retain = new(ingest.Retained)
	defer read.Retain.Release()
	st, err := ingest.ReadChunks(paths, read, max(opt.Workers, 1), w.event)
	if err != nil || w.failed.Load() {
		// Nothing of the run is kept: the parts open are removed as they
		// are, unwritten (their records may be views of a file cut short).
		w.abort()
		if sb != nil {
			w.summaries = sb.abort()
		}
		if w.err != nil {
			err = w.err
		}
		w.discard()
		return nil, st, err
	}
	closeErr := w.close()
	if sb != nil {
		serr := closeSummaries(w, sb)
		if closeErr == nil {
			closeErr = serr
		}
	}
	switch {
	case w.err != nil:
		err = w.err
	case err == nil:
		err = closeErr
	}
	if err != nil {
		w.discard()
		return nil, st, err
	}
	return w, st, nil
}

// closeSummaries closes sb's parts, whose rows may read the retained
// mappings of the input.
func closeSummaries(w *writer, sb *summaryBuilder) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer ingest.FaultError(&err)
	w.summaries, w.summarized, err = sb.close()
	return err
}

// abort closes the parts open, unwritten, and lists them for discard.
func (w *writer) abort() {
	for _, ws := range w.workers {
		for _, p := range ws.byKey {
			if p.f != nil {
				p.f.Close()
				w.open.Add(-1)
				w.parts = append(w.parts, p.entry)
				p.pw, p.f, p.cols = nil, nil, nil
			}
		}
	}
}

// discard removes the parts w wrote, and their folders left empty.
func (w *writer) discard() {
	if w == nil {
		return
	}
	paths := make([]string, 0, len(w.parts)+len(w.summaries))
	for _, p := range w.parts {
		paths = append(paths, p.Path)
	}
	for _, p := range w.summaries {
		paths = append(paths, p.Path)
	}
	for _, rel := range paths {
		path := filepath.Join(w.dir, filepath.FromSlash(rel))
		os.Remove(path)
		for d := filepath.Dir(path); d != w.dir && len(d) > len(w.dir); d = filepath.Dir(d) {
			if os.Remove(d) != nil {
				break
			}
		}
	}
	w.parts, w.summaries = nil, nil
}

// newByStat lists the files not indexed yet by path, size and time, with
// their manifest entries but for the hash.
func newByStat(m *Manifest, files []string) ([]FileEntry, error) {
	byStat := map[string]bool{}
	for _, f := range m.Files {
		byStat[statKey(f.Path, f.Size, f.MTime)] = true
	}
	var out []FileEntry
	for _, f := range files {
		if f == "-" {
			return nil, errors.New("standard input cannot be indexed: save it to a file first")
		}
		st, err := os.Stat(f)
		if err != nil {
			return nil, err
		}
		mt := st.ModTime().UTC()
		if !byStat[statKey(f, st.Size(), mt)] {
			out = append(out, FileEntry{Path: f, Size: st.Size(), MTime: mt})
		}
	}
	return out, nil
}

// hashFiles sets each entry's XXH3, and its SHA256 too when its size is
// in sha (an entry of an index made before XXH3, with the same size, may
// hold the same content).
func hashFiles(entries []FileEntry, sha map[int64]bool) error {
	for i := range entries {
		sum, err := hashFile(entries[i].Path, sha[entries[i].Size])
		if err != nil {
			return err
		}
		entries[i].XXH3, entries[i].SHA256 = sum.xxh3, sum.sha256
	}
	return nil
}

// shaSizes are the sizes of the manifest's files known by their SHA-256
// alone (indexed before XXH3): a new file of another size cannot hold
// the same content, so only files of these sizes are hashed with it too.
func shaSizes(m *Manifest) map[int64]bool {
	sizes := map[int64]bool{}
	for _, f := range m.Files {
		if f.XXH3 == "" && f.SHA256 != "" {
			sizes[f.Size] = true
		}
	}
	return sizes
}

// pickByContent keeps the hashed candidates whose content is neither in
// the manifest nor that of an earlier candidate; the result lists the
// files skipped, in the order given. Content is the size and the 128-bit
// XXH3, or the SHA-256 for an entry made before XXH3.
func pickByContent(m *Manifest, files []string, cands []FileEntry) ([]FileEntry, *Result) {
	seen := map[string]bool{}
	for _, f := range m.Files {
		for _, k := range contentKeys(f) {
			seen[k] = true
		}
	}
	res := &Result{}
	var fresh []FileEntry
	next := 0
	for _, f := range files {
		if next < len(cands) && cands[next].Path == f {
			c := cands[next]
			next++
			keys := contentKeys(c)
			if !seen[keys[0]] && !seen[keys[len(keys)-1]] {
				for _, k := range keys {
					seen[k] = true
				}
				fresh = append(fresh, c)
				continue
			}
		}
		res.Skipped = append(res.Skipped, f)
	}
	return fresh, res
}

// contentKeys name a file's content by the hashes its entry has: one or
// two keys (a candidate always has its XXH3).
func contentKeys(f FileEntry) []string {
	keys := []string{fmt.Sprintf("xxh3:%d:%s", f.Size, f.XXH3)}
	if f.SHA256 != "" {
		keys = append(keys, "sha256:"+f.SHA256)
	}
	return keys
}

func statKey(path string, size int64, mt time.Time) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return fmt.Sprintf("%s\x00%d\x00%d", path, size, mt.UnixNano())
}

// fileSums are a file's hashes, in hex: the 128-bit XXH3 always, the
// SHA-256 when asked for.
type fileSums struct{ xxh3, sha256 string }

// hashFile hashes a file, read in place from a mapping where it can be
// (reading it into a buffer copied 400 MB for W1 as the reading
// goroutines read it too). XXH3 rather than SHA-256 alone: W1's 430 MB
// took 0.3 s of CPU with SHA-256, under 0.1 s with XXH3; the manifest
// keeps the size besides, and the check needs no defense against a file
// made to collide.
func hashFile(path string, withSHA bool) (fileSums, error) {
	x := xxh3.New()
	var sha hash.Hash
	write := func(b []byte) { x.Write(b) }
	if withSHA {
		sha = sha256.New()
		write = func(b []byte) { x.Write(b); sha.Write(b) }
	}
	mapped, err := ingest.EachMapped(path, 1<<20, write)
	if err != nil {
		return fileSums{}, err
	}
	if !mapped {
		if err := readEach(path, write); err != nil {
			return fileSums{}, err
		}
	}
	sum := x.Sum128().Bytes()
	out := fileSums{xxh3: hex.EncodeToString(sum[:])}
	if sha != nil {
		out.sha256 = hex.EncodeToString(sha.Sum(nil))
	}
	return out, nil
}

// readEach hands the bytes of a file to fn a buffer at a time.
func readEach(path string, fn func([]byte)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	// A large buffer: a fortieth of the reads io.Copy's 32 KB makes.
	buf := make([]byte, 1<<20)
	for {
		n, err := f.Read(buf)
		fn(buf[:n])
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// writer takes events from the reading goroutines to their partitions.
// Each reading goroutine (worker) has partitions of its own, buffers
// their events and encodes them into parts of its own, so that encoding
// and compressing run on every core with no lock on the way of an event.
type writer struct {
	dir      string
	opt      Options
	base     int64
	perFile  map[string]*atomic.Int64
	files    int64 // bytes of the files being indexed
	events   atomic.Int64
	rawBytes atomic.Int64
	total    atomic.Int64 // bytes buffered by every partition
	open     atomic.Int32 // parts open for writing
	maxChunk atomic.Int64
	failed   atomic.Bool
	workers  []*workerState

	mu       sync.Mutex // guards what follows
	parts    []PartEntry
	err      error
	progress sync.Mutex // one Progress call at a time

	// sink, when set, gets each batch of a partition's events once
	// staged, from every reading goroutine (the data model summaries).
	sink       func(index, sourcetype, part string, batch []*record) error
	summaries  []SummaryPart
	summarized map[string]string // dataset: the fingerprint it was summarized with
}

// workerState is what one reading goroutine keeps: the place of its
// events in their chunk (for _spelunk_seq) and its partitions.
type workerState struct {
	chunk, n int
	byKey    map[partKey]*partWriter
	last     *partWriter // the partition of the previous event
	records  recordMaker
}

// partKey names a partition: index, sourcetype and day (days since the
// epoch, UTC).
type partKey struct {
	ix, st string
	day    int64
}

func newWriter(dir string, opt Options, base int64, entries []FileEntry) *writer {
	if opt.RowGroupBytes <= 0 {
		opt.RowGroupBytes = rowGroupBytes
	}
	if opt.MemoryBytes <= 0 {
		opt.MemoryBytes = 4 * opt.RowGroupBytes
	}
	w := &writer{dir: dir, opt: opt, base: base, perFile: map[string]*atomic.Int64{},
		workers: make([]*workerState, max(opt.Workers, 1))}
	w.maxChunk.Store(-1)
	for i := range w.workers {
		w.workers[i] = &workerState{chunk: -1, byKey: map[partKey]*partWriter{}}
	}
	for i := range entries {
		// Not the whole entry: its SHA256 may be being set (Build).
		w.perFile[entries[i].Path] = &atomic.Int64{}
		w.files += entries[i].Size
	}
	return w
}

// nextSeq is the first _spelunk_seq after this run's.
func (w *writer) nextSeq() int64 { return w.base + (w.maxChunk.Load()+1)<<32 }

// event is ingest.ReadChunks' fn: it files the event under its worker's
// partition and writes a partition that has filled up. Only worker's
// goroutine touches its workerState.
func (w *writer) event(worker, chunk int, ev *ingest.Event) error {
	if w.failed.Load() {
		return w.fail(nil)
	}
	ws := w.workers[worker]
	if ws.chunk != chunk {
		ws.chunk, ws.n = chunk, 0
		for c := w.maxChunk.Load(); int64(chunk) > c && !w.maxChunk.CompareAndSwap(c, int64(chunk)); c = w.maxChunk.Load() {
		}
	}
	seq := w.base + int64(chunk)<<32 + int64(ws.n)
	ws.n++
	n := w.events.Add(1)
	raw := w.rawBytes.Add(int64(len(ev.Raw)))
	if w.opt.Progress != nil && n%4096 == 0 && w.progress.TryLock() {
		w.opt.Progress(Progress{Events: n, RawBytes: raw, FileBytes: w.files})
		w.progress.Unlock()
	}
	if c := w.perFile[ev.File]; c != nil {
		c.Add(1)
	}
	r, err := ws.records.record(ev, seq)
	if err != nil {
		return w.fail(err)
	}
	p, err := w.partition(ws, r)
	if err != nil {
		return w.fail(err)
	}
	size := r.size()
	w.total.Add(int64(size))
	p.pending = append(p.pending, r)
	p.bytes += size
	if p.bytes >= w.opt.RowGroupBytes {
		if err := w.write(p); err != nil {
			return w.fail(err)
		}
	} else if p.pw != nil && len(p.pending) >= stageRows {
		if err := w.stage(p); err != nil {
			return w.fail(err)
		}
	}
	if w.total.Load() > int64(w.opt.MemoryBytes) {
		if err := w.flushLargest(ws); err != nil {
			return w.fail(err)
		}
	}
	return nil
}

// fail records the run's first error and returns it; fail(nil) returns
// the error recorded.
func (w *writer) fail(err error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil && err != nil {
		w.err = err
		w.failed.Store(true)
	}
	return w.err
}

// partition is the worker's partition writer of a record, made on first
// use.
func (w *writer) partition(ws *workerState, r *record) (*partWriter, error) {
	day := int64(0)
	if !math.IsNaN(r.t) && !math.IsInf(r.t, 0) && math.Abs(r.t) < 1e12 {
		day = int64(math.Floor(r.t / 86400))
	}
	if p := ws.last; p != nil && p.key.day == day && p.key.ix == r.ix && p.key.st == r.st {
		return p, nil
	}
	key := partKey{ix: r.ix, st: r.st, day: day}
	if p := ws.byKey[key]; p != nil {
		ws.last = p
		return p, nil
	}
	dayText := time.Unix(day*86400, 0).UTC().Format(time.DateOnly)
	rel, err := partitionDir(r.ix, r.st, dayText)
	if err != nil {
		return nil, err
	}
	p := &partWriter{rel: rel, key: key, day: dayText, records: &ws.records}
	ws.byKey[key] = p
	ws.last = p
	return p, nil
}

// flushLargest writes the worker's partition holding the most, to keep
// the buffers of every partition together within MemoryBytes.
func (w *writer) flushLargest(ws *workerState) error {
	var big *partWriter
	for _, p := range ws.byKey {
		if big == nil || p.bytes > big.bytes {
			big = p
		}
	}
	if big == nil || big.bytes == 0 {
		return nil
	}
	return w.write(big)
}

// close writes what every partition still holds and closes its parts,
// each worker's on a goroutine of its own, and lists the parts in order.
func (w *writer) close() error {
	errs := make([]error, len(w.workers))
	var wg sync.WaitGroup
	for i, ws := range w.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// The records still staged read the retained mappings.
			defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
			defer ingest.FaultError(&errs[i])
			keys := make([]partKey, 0, len(ws.byKey))
			for k := range ws.byKey {
				keys = append(keys, k)
			}
			sort.Slice(keys, func(i, j int) bool {
				a, b := keys[i], keys[j]
				if a.ix != b.ix {
					return a.ix < b.ix
				}
				if a.st != b.st {
					return a.st < b.st
				}
				return a.day < b.day
			})
			for _, k := range keys {
				p := ws.byKey[k]
				err := w.write(p)
				if err == nil {
					err = w.closePart(p)
				}
				if err != nil && errs[i] == nil {
					errs[i] = err
				}
			}
		}()
	}
	wg.Wait()
	sort.Slice(w.parts, func(i, j int) bool { return partLess(w.parts[i].Path, w.parts[j].Path) })
	return errors.Join(errs...)
}

// partLess orders part paths by folder, then by number.
func partLess(a, b string) bool {
	da, db := path.Dir(a), path.Dir(b)
	if da != db {
		return da < db
	}
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

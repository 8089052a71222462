package ingest

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"sync"
)

// chunkSize is how much of a large file one worker reads at a time. Many
// chunks per worker even out workers whose chunks hold costlier records.
var chunkSize int64 = 16 << 20

// SetChunkSize sets chunkSize and returns the size before, for tests
// that cut small files into many chunks; it must not run during a read.
func SetChunkSize(n int64) int64 {
	old := chunkSize
	chunkSize = n
	return old
}

// chunk is one piece of the input: a whole file or stdin, or a byte range
// of a plain file that starts at a record.
type chunk struct {
	path       string
	listed     bool // found by a directory walk or glob
	whole      bool // read the whole file (gz, stdin, small or unsplittable)
	start, end int64

	stats Stats
	err   error
}

// ReadChunks reads like ReadPaths, with up to workers goroutines: files
// are read concurrently, and a large plain file of one-line XML records
// or JSON objects is cut at record starts into chunks read concurrently.
// fn is called from several goroutines at once, worker numbering the
// goroutine (0 to workers-1); the events of one chunk come in order from
// one goroutine, and chunk numbers the chunks in the order ReadPaths reads
// them, so (chunk, position in chunk) is the order of ReadPaths. Event.Line counts from the start of the chunk. The Stats
// and the error are those ReadPaths gives (problems numbered by file
// line), except that an error in one chunk does not stop other chunks
// already being read.
func ReadChunks(paths []string, opt Options, workers int, fn func(worker, chunk int, ev *Event) error) (Stats, error) {
	workers = max(workers, 1)
	var chunks []*chunk
	var listErr error
	for _, p := range paths {
		if p == "-" {
			chunks = append(chunks, &chunk{path: "-", whole: true})
			continue
		}
		files, listed, err := expandPath(p)
		if err != nil {
			listErr = err
			break
		}
		for _, f := range files {
			chunks = append(chunks, splitFile(f, listed, opt, workers)...)
		}
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for worker := range min(workers, len(chunks)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				c := chunks[i]
				emit := func(ev *Event) error { return fn(worker, i, ev) }
				switch {
				case c.path == "-":
					c.stats, c.err = Read(os.Stdin, "-", opt, emit)
				case c.whole:
					c.stats, c.err = readFile(c.path, opt, emit)
				default:
					c.stats, c.err = readRange(c, opt, emit)
				}
			}
		}()
	}
	for i := range chunks {
		work <- i
	}
	close(work)
	wg.Wait()

	total := Stats{BySourcetype: map[string]int{}}
	var lines newlineCount
	for _, c := range chunks {
		if len(c.stats.Problems) > 0 && !c.whole && c.start > 0 {
			n := lines.before(c.path, c.start)
			for k := range c.stats.Problems {
				c.stats.Problems[k].Line += n
			}
		}
		if c.whole || c.start == 0 {
			c.stats.Files++
		}
		total.merge(c.stats)
		// As ReadPaths: an undetectable format or damaged gzip data is a
		// problem of its file (such files are always one chunk).
		if err := total.dataProblem(c.path, c.err); err != nil {
			return total, err
		}
	}
	return total, listErr
}

// splitFile cuts a plain file into chunks at record starts, when it is
// large and of a format whose records can be told apart from the bytes
// around a cut (format.cutter): one-line XmlWinEventLog records or JSON
// objects one per line. A cut goes before a line that starts a record (an
// <Event tag, or "{", which the JSON reader always takes as a new object)
// after a line that is a whole record (ends with </Event>; is one balanced
// object), so the readers see on each side what they see reading the
// whole file, bad records included. A named sourcetype cuts as its format
// does (a name spelunk has no reader for, or WinEventLog, as the content
// says, as without a name), so naming the sourcetype the content gives
// reads the same events as fast. Anything else (gzip, EVTX, UTF-16, a
// top-level JSON array, CSV, text, a sourcetype of another format, small
// files) is one chunk.
// [Known limit: an XML comment or a JSON array that spans a cut would be
// read differently; neither occurs in exported event logs.]
func splitFile(path string, listed bool, opt Options, workers int) []*chunk {
	whole := []*chunk{{path: path, listed: listed, whole: true}}
	if workers < 2 || strings.HasSuffix(path, ".gz") {
		return whole
	}
	f, err := os.Open(path)
	if err != nil {
		return whole
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() < 2*chunkSize {
		return whole
	}
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	head = bytes.TrimLeft(head[:n], " \t\r\n")
	if len(head) == 0 {
		return whole
	}
	var cutBefore func(prev, next []byte) bool
	if forced := lookupSourcetype(opt.Sourcetype).format; forced != nil {
		// open reads the file in this format whatever it holds.
		cutBefore = forced.cutter(head)
	} else {
		for _, f := range formats {
			if cutBefore = f.cutter(head); cutBefore != nil {
				break
			}
		}
	}
	if cutBefore == nil {
		return whole
	}
	size := st.Size()
	var out []*chunk
	from := int64(0)
	var buf []byte
	for from < size {
		var cut int64
		cut, buf = nextCut(f, from+chunkStep(size-from, workers), size, cutBefore, buf)
		out = append(out, &chunk{path: path, listed: listed, start: from, end: cut})
		from = cut
	}
	return out
}

// chunkStep is how far the next cut is looked for when rest bytes of a
// file are left: chunkSize, and smaller near the end (a share of what is
// left, down to an eighth of chunkSize), so that the workers run out of
// chunks together rather than one core idling while another reads a
// whole last chunk.
func chunkStep(rest int64, workers int) int64 {
	step := rest / int64(2*workers)
	return min(chunkSize, max(step, chunkSize/8))
}

// nextCut finds the first line start at or after off where cutBefore
// holds for the line before and the line from there, or size. Lines
// longer than the read buffer (which grows from 64 KiB to 4 MiB while no
// cut is found: a cut is usually a few records on) are never cut before
// or after. buf is reused from call to call.
func nextCut(f *os.File, off, size int64, cutBefore func(prev, next []byte) bool, buf []byte) (int64, []byte) {
	const minSpan, maxSpan = 64 << 10, 4 << 20
	if len(buf) < minSpan {
		buf = make([]byte, minSpan)
	}
	for off < size {
		n, err := f.ReadAt(buf, off)
		if n == 0 {
			return size, buf
		}
		b := buf[:n]
		// Lines wholly inside b: from the first newline on.
		first := bytes.IndexByte(b, '\n')
		if first < 0 {
			if err != nil {
				return size, buf
			}
			off += int64(n)
			buf = grow(buf, maxSpan)
			continue
		}
		prevStart := first + 1
		for {
			j := bytes.IndexByte(b[prevStart:], '\n')
			if j < 0 {
				break
			}
			nextStart := prevStart + j + 1
			k := bytes.IndexByte(b[nextStart:], '\n')
			if k < 0 {
				if err == nil {
					break // the next line may go on past b
				}
				k = len(b) - nextStart
			}
			if cutBefore(b[prevStart:nextStart-1], b[nextStart:nextStart+k]) {
				return off + int64(nextStart), buf
			}
			prevStart = nextStart
		}
		if err != nil {
			return size, buf
		}
		off += int64(prevStart)
		buf = grow(buf, maxSpan)
	}
	return size, buf
}

// grow doubles buf up to max bytes.
func grow(buf []byte, max int) []byte {
	if len(buf) >= max {
		return buf
	}
	return make([]byte, 2*len(buf))
}

// readRange reads one byte range of a plain file as its own input.
func readRange(c *chunk, opt Options, fn func(*Event) error) (Stats, error) {
	f, err := os.Open(c.path)
	if err != nil {
		return Stats{}, cannotRead(c.path, err)
	}
	defer f.Close()
	if mp, ok := mapRange(f, c.start, c.end); ok {
		m := &mappedReader{b: mp.bytes(), drop: mp.drop}
		if opt.Retain != nil && opt.Retain.room() {
			// The records are views of the mapping (Options.Retain):
			// read, it lets go of its pages; those of records read
			// later come back as they are touched.
			opt.mappedViews, m.lag = true, retainLag
			defer opt.Retain.keep(mp)
		} else {
			// Every reader copies what it hands on (Event.Raw is a
			// string of its own), so nothing holds the mapping after.
			defer mp.unmap()
		}
		return readMapped(c.path, m, opt, fn)
	}
	return Read(io.NewSectionReader(f, c.start, c.end-c.start), c.path, opt, fn)
}

// readMapped reads a mapped chunk. A file cut short while it is read
// faults on the pages past its new end: that is made an error of the
// file rather than a crash.
func readMapped(path string, m *mappedReader, opt Options, fn func(*Event) error) (st Stats, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer cutShort(path, &err)
	return Read(m, path, opt, fn)
}

// cutShort, deferred by a reader of a mapping under SetPanicOnFault,
// makes a fault (the file cut short) the error of the file.
func cutShort(path string, err *error) {
	if r := recover(); r != nil {
		if _, fault := r.(interface{ Addr() uintptr }); !fault {
			panic(r)
		}
		*err = fmt.Errorf("%s: the file was cut short while it was read", path)
	}
}

// mappedReader is input already in memory (a mapped chunk), which a
// window takes whole instead of copying it (newWindow).
type mappedReader struct {
	b    []byte
	drop func(n int) // lets go of the memory of b[:n], read
	lag  int         // how far behind the reading drop lets go
}

func (m *mappedReader) Read(p []byte) (int, error) {
	if len(m.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, m.b)
	m.b = m.b[n:]
	return n, nil
}

// newlineCount numbers the lines of a chunk's problems in its file. The
// newlines before a chunk are counted only when it has problems, which
// are rare: counting every byte read as it is read cost a tenth of a
// streamed run that passes most records over unparsed.
type newlineCount struct {
	path string
	off  int64 // newlines counted in path up to off
	n    int
}

// before returns the number of newlines in path before off; calls for one
// path come with growing offsets, so each byte is counted once.
func (nc *newlineCount) before(path string, off int64) int {
	if nc.path != path || off < nc.off {
		*nc = newlineCount{path: path}
	}
	if off == nc.off {
		return nc.n
	}
	f, err := os.Open(path)
	if err != nil {
		return nc.n // the file went away after it was read
	}
	defer f.Close()
	buf := make([]byte, 256<<10)
	r := io.NewSectionReader(f, nc.off, off-nc.off)
	for {
		k, err := r.Read(buf)
		nc.n += bytes.Count(buf[:k], newline)
		nc.off += int64(k)
		if err != nil {
			return nc.n
		}
	}
}

// EachMapped calls fn with the bytes of the file at path, in pieces of
// at most step bytes in order, read in place from a mapping (no copy
// into a buffer) whose pages are let go of as fn is done with them.
// mapped is false when the file cannot be mapped (nothing was called:
// the caller reads it). A file cut short meanwhile is an error, not a
// crash.
func EachMapped(path string, step int, fn func(b []byte)) (mapped bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() == 0 {
		return false, err
	}
	mp, ok := mapRange(f, 0, st.Size())
	if !ok {
		return false, nil
	}
	defer mp.unmap()
	b := mp.bytes()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer cutShort(path, &err)
	for off := 0; off < len(b); off += step {
		end := min(len(b), off+step)
		fn(b[off:end])
		mp.drop(end)
	}
	return true, nil
}

package index

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/parquet-go/parquet-go"
)

// maxOpenParts bounds the parts open for writing at once (their buffers
// take memory); past it a part is finished after each row group.
const maxOpenParts = 4

// partWriter holds one partition's events until they fill a row group,
// and the part they are written to.
type partWriter struct {
	rel, ix, st, day string
	size             atomic.Int64 // bytes, as pending's, for flushLargest

	// mu guards the events waiting; wmu the part being written, so that
	// the reading goroutines add events while one writes a row group.
	mu      sync.Mutex
	pending []*record
	bytes   int
	wmu     sync.Mutex
	f       *os.File
	pw      *parquet.Writer
	maker   *rowMaker
	fields  map[string]bool // the part's fields: "p"+name as text, "r"+name as a place in _raw
	entry   PartEntry
	rowBuf  []parquet.Row
}

// take hands over p's waiting events and what they take in memory, for
// write. p.mu is held.
func (p *partWriter) take() ([]*record, int) {
	batch, bytes := p.pending, p.bytes
	p.pending, p.bytes = nil, 0
	p.size.Store(0)
	return batch, bytes
}

// write writes a batch of p's events as a row group, into its open part
// when that has a column for each of their fields, else into a new part.
func (w *writer) write(p *partWriter, batch []*record, bytes int) error {
	defer w.total.Add(-int64(bytes))
	if len(batch) == 0 {
		return nil
	}
	p.wmu.Lock()
	defer p.wmu.Unlock()
	names := map[string]bool{}
	for _, r := range batch {
		for i, f := range r.fields {
			if r.refs[i] >= 0 {
				names["r"+f.Name] = true
			} else {
				names["p"+f.Name] = true
			}
		}
	}
	fits := p.pw != nil
	for n := range names {
		if !p.fields[n] {
			fits = false
			break
		}
	}
	if !fits {
		if err := w.closePart(p); err != nil {
			return err
		}
		if err := w.openPart(p, names); err != nil {
			return err
		}
	}
	const rowsAtOnce = 256
	for i := 0; i < len(batch); i += rowsAtOnce {
		rows := p.rowBuf[:0]
		for _, r := range batch[i:min(i+rowsAtOnce, len(batch))] {
			var buf parquet.Row
			if len(rows) < cap(rows) {
				buf = rows[:len(rows)+1][len(rows)]
			}
			rows = append(rows, p.maker.row(r, buf))
			p.entry.MinTime = math.Min(p.entry.MinTime, r.t)
			p.entry.MaxTime = math.Max(p.entry.MaxTime, r.t)
		}
		p.rowBuf = rows
		if _, err := p.pw.WriteRows(rows); err != nil {
			return fmt.Errorf("%s: %w", p.entry.Path, err)
		}
	}
	if err := p.pw.Flush(); err != nil {
		return fmt.Errorf("%s: %w", p.entry.Path, err)
	}
	p.entry.Events += int64(len(batch))
	p.entry.RowGroups++
	if w.sink != nil {
		if err := w.sink(p.ix, p.st, batch); err != nil {
			return err
		}
	}
	if w.open.Load() > maxOpenParts {
		// Many partitions at once (many sourcetypes or days): each open
		// part holds its writer's buffers, so this one is finished now
		// and the partition's next events go to a new part.
		return w.closePart(p)
	}
	return nil
}

// openPart starts a new part of p for events with the given fields: the
// next part-<n>.parquet not taken in the partition's folder.
func (w *writer) openPart(p *partWriter, names map[string]bool) error {
	dir, err := safeJoin(w.dir, p.rel)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// The folder may have been made through a link made meanwhile.
	if _, err := safeJoin(w.dir, p.rel); err != nil {
		return err
	}
	for n := 0; ; n++ {
		name := fmt.Sprintf("part-%d.parquet", n)
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if os.IsExist(err) {
			continue
		}
		if err != nil {
			return err
		}
		var plain, refs []string
		for _, n := range sortedNames(names) {
			if n[0] == 'r' {
				refs = append(refs, n[1:])
			} else {
				plain = append(plain, n[1:])
			}
		}
		schema, cols := schemaFor(plain, refs)
		p.f, p.maker, p.fields = f, &rowMaker{cols: cols}, names
		w.open.Add(1)
		p.pw = parquet.NewWriter(f, schema, parquet.Compression(zstdCodec), parquet.PageBufferSize(1<<20),
			parquet.KeyValueMetadata("spelunk.index.version", fmt.Sprint(manifestVersion)))
		p.entry = PartEntry{Path: p.rel + "/" + name, Index: p.ix, Sourcetype: p.st, Day: p.day,
			MinTime: math.Inf(1), MaxTime: math.Inf(-1)}
		return nil
	}
}

// closePart finishes p's open part, if any, and lists it. p.wmu is held.
func (w *writer) closePart(p *partWriter) error {
	if p.pw == nil {
		return nil
	}
	w.open.Add(-1)
	err := p.pw.Close()
	if st, serr := p.f.Stat(); serr == nil {
		p.entry.Bytes = st.Size()
	}
	if cerr := p.f.Close(); err == nil {
		err = cerr
	}
	p.pw, p.f = nil, nil
	if err != nil {
		return fmt.Errorf("%s: %w", p.entry.Path, err)
	}
	if p.entry.Events > 0 {
		w.mu.Lock()
		w.parts = append(w.parts, p.entry)
		w.mu.Unlock()
	}
	return nil
}

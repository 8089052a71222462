package index

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/parquet-go/parquet-go/format"
)

// maxOpenParts bounds the parts open for writing at once (their buffers
// take memory); past it a part is finished after each row group.
const maxOpenParts = 4

// partWriter holds one worker's events of a partition until they fill a
// row group, and the part they are written to. Only its worker's
// goroutine uses it (and close, once the reading is over).
type partWriter struct {
	rel, day string
	key      partKey

	pending []*record
	staged  int // events encoded into the open part's row group
	bytes   int // what pending and staged take in memory, estimated
	f       *os.File
	pw      *pqFile
	cols    *columns
	fields  map[string]uint8 // the part's fields: asText and asRef bits
	entry   PartEntry
}

// The ways a part keeps a field: as text in a column of its name, or as
// its place in _raw.
const (
	asText uint8 = 1 << iota
	asRef
)

// stageRows is how many events a partition with an open part holds
// before it encodes them into the part's column writers: a row group's
// events are not all held as records at once.
const stageRows = 256

// stage encodes p's waiting events into its open part's row group, or
// into a new part when they have fields the open one has no column for.
// Each event of the run goes through here once, in one batch, in the order
// its worker read it.
func (w *writer) stage(p *partWriter) error {
	batch := p.pending
	defer func() {
		clear(p.pending)
		p.pending = p.pending[:0]
		if cap(p.pending) > 4*stageRows {
			p.pending = nil // a row group's worth, while no part was open
		}
	}()
	if len(batch) == 0 {
		return nil
	}
	if p.pw == nil || !p.fits(batch) {
		if err := w.endGroup(p); err != nil {
			return err
		}
		if err := w.closePart(p); err != nil {
			return err
		}
		if err := w.openPart(p, batch); err != nil {
			return err
		}
	}
	for _, r := range batch {
		p.entry.MinTime = math.Min(p.entry.MinTime, r.t)
		p.entry.MaxTime = math.Max(p.entry.MaxTime, r.t)
	}
	if err := p.cols.write(p.pw, batch); err != nil {
		return fmt.Errorf("%s: %w", p.entry.Path, err)
	}
	p.entry.Events += int64(len(batch))
	p.staged += len(batch)
	if w.sink != nil {
		// Called from every reading goroutine: the summaries' sink is
		// safe for concurrent batches.
		if err := w.sink(p.key.ix, p.key.st, p.entry.Path, batch); err != nil {
			return err
		}
	}
	return nil
}

// write stages p's waiting events and ends the row group: what p held
// is on its way to the file.
func (w *writer) write(p *partWriter) error {
	err := w.stage(p)
	if err == nil {
		err = w.endGroup(p)
	}
	w.total.Add(-int64(p.bytes))
	p.bytes = 0
	return err
}

// endGroup writes the events staged in p's open part as a row group.
func (w *writer) endGroup(p *partWriter) error {
	if p.pw == nil || p.staged == 0 {
		return nil
	}
	if err := p.pw.endRowGroup(); err != nil {
		return fmt.Errorf("%s: %w", p.entry.Path, err)
	}
	p.entry.RowGroups++
	p.staged = 0
	if w.open.Load() > maxOpenParts {
		// Many partitions at once (many sourcetypes or days): each open
		// part holds its writer's buffers, so this one is finished now
		// and the partition's next events go to a new part.
		return w.closePart(p)
	}
	return nil
}

// fits reports whether the open part has a column for every field of the
// batch; events of one layout after another are checked once.
func (p *partWriter) fits(batch []*record) bool {
	var prev *record
	for _, r := range batch {
		if prev != nil && sameLayout(prev, r) {
			continue
		}
		prev = r
		for i := range r.fs {
			if p.fields[r.fs[i].name]&r.way(i) == 0 {
				return false
			}
		}
	}
	return true
}

// fieldsOf lists the fields of a batch, with the ways they are kept.
func fieldsOf(batch []*record) map[string]uint8 {
	names := map[string]uint8{}
	var prev *record
	for _, r := range batch {
		if prev != nil && sameLayout(prev, r) {
			continue
		}
		prev = r
		for i := range r.fs {
			names[r.fs[i].name] |= r.way(i)
		}
	}
	return names
}

// openPart starts a new part of p for the events of batch: the next
// part-<n>.parquet not taken in the partition's folder.
func (w *writer) openPart(p *partWriter, batch []*record) error {
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
		// A part made for a later batch with more fields keeps those of
		// the part before, so that a partition's parts rarely change.
		names := fieldsOf(batch)
		for n, way := range p.fields {
			names[n] |= way
		}
		list, cols := schemaFor(names)
		p.f, p.cols, p.fields = f, cols, names
		w.open.Add(1)
		p.pw = newPQFile(f, list, format.KeyValue{Key: "spelunk.index.version", Value: fmt.Sprint(manifestVersion)})
		p.entry = PartEntry{Path: p.rel + "/" + name, Index: p.key.ix, Sourcetype: p.key.st, Day: p.day,
			MinTime: math.Inf(1), MaxTime: math.Inf(-1)}
		return nil
	}
}

// closePart finishes p's open part, if any, and lists it.
func (w *writer) closePart(p *partWriter) error {
	if p.pw == nil {
		return nil
	}
	w.open.Add(-1)
	err := p.pw.close()
	if st, serr := p.f.Stat(); serr == nil {
		p.entry.Bytes = st.Size()
	}
	if cerr := p.f.Close(); err == nil {
		err = cerr
	}
	p.pw, p.f, p.cols = nil, nil, nil
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

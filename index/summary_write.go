package index

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/parquet-go/parquet-go/format"
)

// The columns of a summary part besides the dataset's fields (which are
// named as the fields, fieldColumn's way, and hold their text).
const (
	// colTypes says how to read back the fields of a row that are not one
	// string: a JSON object of field name to typeCode; null when none.
	colTypes = "_spelunk_types"
	// metaFields lists a part's fields in the order rows have them.
	metaFields  = "spelunk.summary.fields"
	metaDataset = "spelunk.summary.dataset"
)

// sumZstd compresses the summaries' pages: the events' codec (zstd's
// fastest level, literals entropy-coded), whose encoders it shares.
// Writing W1's 200,000 rows (BenchmarkSummaryWrite under valgrind) the
// default level made 8.46 MB of pages for 0.30 G more instructions
// (about 0.07 s of the 4 s indexing W1 takes), against 8.82 MB; the
// index stays under 15% of W1 either way.
var sumZstd = zstdCodec

// sumPageBytes is the size of a summary page: small, so that a search
// reading a few rows of a column reads little of it (W1: 24 KB made the
// index 0.5 MB smaller than 16 KB for about 1 ms more of the seed's read).
const sumPageBytes = 24 << 10

// maxOpenSummaries bounds the summary parts open for writing at once;
// past it a part is finished after each row group.
const maxOpenSummaries = 8

// sumWriter holds one dataset's rows until they fill a row group, and the
// part they are written to.
type sumWriter struct {
	b             *summaryBuilder
	name, rel, fp string
	size          atomic.Int64

	mu      sync.Mutex // guards pending, bytes and what follows them
	pending []sumRow
	bytes   int
	// blocks are the arena blocks the pending rows may read, and spare
	// a written batch's room for the next; taken counts the batches
	// taken and not yet written, and written the blocks of the batches
	// written since, which go back to the pool once none is left.
	blocks  arenaBlocks
	spare   []sumRow
	taken   int
	written arenaBlocks

	wmu  sync.Mutex // guards what follows
	f    *os.File
	pw   *pqFile
	cols map[string]*pqColumn // by column name
	// layCols are the cells of each layout's rows in the open part.
	layCols                     map[*sumLayout][]layCell
	cTime, cExact, cSeq, cTypes *pqColumn
	order                       []string        // the fields rows have, in their order
	known                       map[string]bool // order's names
	// declared are the fields the dataset's rows may have: each part has
	// a column for each, after those of order.
	declared []string
	entry    SummaryPart
	// erefs are the open part's columns of copies' places, by field (the
	// copies of other fields are written as text), and events the event
	// parts of the copies written.
	erefs     map[string]*pqColumn
	crefs     map[string]sumCref
	events    map[string]bool
	lastEvent string // noteEvent's
	// g numbers the texts of the row group being written.
	g groupIDs
	// copying says the row group being written keeps copies as places
	// (fewEventParts); openPart chooses the part's place and reference
	// columns by its first.
	copying bool
}

// add takes rows of the dataset, and the arena blocks their texts lie in
// besides those of rows added before, and writes a row group once enough
// wait.
func (w *sumWriter) add(rows []sumRow, blocks arenaBlocks) error {
	n := 0
	for _, r := range rows {
		n += r.size
	}
	w.b.total.Add(int64(n))
	w.mu.Lock()
	w.pending = append(w.pending, rows...)
	w.blocks.addAll(blocks)
	w.bytes += n
	w.size.Store(int64(w.bytes))
	var batch sumBatch
	full := len(w.pending) >= sumGroupRows || w.bytes >= sumGroupBytes
	if full {
		batch = w.take()
	}
	w.mu.Unlock()
	if !full {
		return nil
	}
	return w.flush(batch)
}

// sumBatch is rows taken to be written, and the arena blocks they read.
type sumBatch struct {
	rows   []sumRow
	blocks arenaBlocks
}

// take hands over the rows waiting; w.mu is held.
func (w *sumWriter) take() sumBatch {
	b := sumBatch{rows: w.pending, blocks: w.blocks}
	w.b.total.Add(-int64(w.bytes))
	w.pending, w.bytes, w.blocks = nil, 0, arenaBlocks{}
	if len(b.rows) >= sumGroupRows {
		// A dataset filling row groups: the next one's room, made once
		// rather than grown.
		w.pending, w.spare = w.spare, nil
		if w.pending == nil {
			w.pending = make([]sumRow, 0, sumGroupRows+sumGroupRows/4)
		}
	}
	w.size.Store(0)
	w.taken++
	return b
}

// flush writes a batch taken, then gives its room back, and the blocks
// of the batches written back to the pool once no batch taken is being
// written: one taken before may be written after (it waits for w.wmu).
func (w *sumWriter) flush(b sumBatch) error {
	err := w.write(b.rows)
	clear(b.rows)
	w.mu.Lock()
	if cap(b.rows) >= sumGroupRows && w.spare == nil {
		w.spare = b.rows[:0]
	}
	w.taken--
	w.written.addAll(b.blocks)
	var free arenaBlocks
	if w.taken == 0 {
		free, w.written = w.written, arenaBlocks{}
	}
	w.mu.Unlock()
	w.b.arenaPool.put(free)
	return err
}

// write writes rows as a row group, newest first (then in the order read,
// as a search orders them), into the open part when it has a column for
// each of their fields, else into a new part.
func (w *sumWriter) write(batch []sumRow) error {
	if len(batch) == 0 {
		return nil
	}
	w.wmu.Lock()
	defer w.wmu.Unlock()
	fits := w.pw != nil
	if w.known == nil {
		w.known = map[string]bool{}
	}
	seen := map[*sumLayout]bool{}
	for _, r := range batch {
		if seen[r.lay] {
			continue
		}
		seen[r.lay] = true
		for k, name := range r.lay.names {
			if !w.known[name] {
				w.known[name] = true
				w.order = insertAfter(w.order, name, r.lay.names[:k])
			}
			if _, ok := w.cols[fieldColumn(name)]; !ok {
				fits = false
			}
		}
	}
	// In the order made: the rows of an event part lie together.
	w.copying = fewEventParts(batch)
	if !fits {
		if err := w.closePart(); err != nil {
			return err
		}
		if err := w.openPart(batch); err != nil {
			return err
		}
	}
	w.g.number(batch, func(name string) bool { return numberDicts && w.cols[fieldColumn(name)].kind == pqDict })
	err := w.encode(batch, w.g.order(batch))
	w.g.release()
	if err != nil {
		return fmt.Errorf("%s: %w", w.entry.Path, err)
	}
	w.entry.Rows += int64(len(batch))
	w.entry.RowGroups++
	if w.b.open.Load() > maxOpenSummaries {
		return w.closePart()
	}
	return nil
}

// insertAfter adds name to order after the last of before that order
// holds (at the start when none does), so that order keeps the order of
// the rows' fields.
func insertAfter(order []string, name string, before []string) []string {
	at := 0
	for k := len(before) - 1; k >= 0; k-- {
		if i := indexOf(order, before[k]); i >= 0 {
			at = i + 1
			break
		}
	}
	order = append(order, "")
	copy(order[at+1:], order[at:])
	order[at] = name
	return order
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// rowsAtOnce is how many rows go to the column writers at once.
const rowsAtOnce = 128

// openPart starts the next part of the dataset for rows with w.order's
// fields. A field whose values in batch are mostly distinct is written
// plain, the others with a dictionary (which a search's filter reads
// before the rows, and groups by).
func (w *sumWriter) openPart(batch []sumRow) error {
	dir, err := safeJoin(w.b.dir, w.rel)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if _, err := safeJoin(w.b.dir, w.rel); err != nil {
		return err
	}
	// The encodings are chosen from the first row group: a field at most
	// half of whose values are distinct is written with a dictionary (the
	// reader tests a filter on the dictionary alone); mostly distinct
	// values (identifiers, hashes, command lines) are written plain, so
	// that a search reading a few of their rows decodes a few pages, not
	// a dictionary as large as the column.
	distinct := map[string]map[string]bool{}
	count := map[string]int{}
	for _, r := range batch {
		for k, name := range r.lay.names {
			d := distinct[name]
			if d == nil {
				d = map[string]bool{}
				distinct[name] = d
			}
			d[r.texts[k]] = true
			count[name]++
		}
	}
	useDict := func(name string) bool {
		n := count[name]
		return n < 64 || len(distinct[name])*2 <= n
	}
	names := append([]string(nil), w.order...)
	for _, name := range w.declared {
		if !w.known[name] && name != "_time" {
			names = append(names, name)
		}
	}
	// Copies are kept as places for fields whose values are mostly
	// distinct (hashes, GUIDs): a dictionary of repeated values costs
	// little, and reading places back costs reading _raw.
	copies := copyFields(batch)
	if !w.copying {
		copies = nil
	}
	for f := range copies {
		if len(distinct[f])*2 <= count[f] {
			delete(copies, f)
		}
	}
	// Cells equal to an event column refer to it (but for the fields
	// searches often group by, which newSumRow leaves), when the field has
	// many distinct values: a reference costs reading the event column.
	var crefs map[string]string
	if w.copying {
		crefs = columnRefs(batch, count, func(f string) bool { return refAll || len(distinct[f]) >= refDistinct })
	}
	cols := summaryColumns(names, useDict, copies, crefs)
	w.cols = map[string]*pqColumn{}
	for _, c := range cols {
		w.cols[c.name] = c
	}
	w.erefs, w.crefs, w.events = map[string]*pqColumn{}, map[string]sumCref{}, map[string]bool{}
	for f := range copies {
		w.erefs[f] = w.cols[erefPrefix+f]
	}
	for f, col := range crefs {
		w.crefs[f] = sumCref{c: w.cols[crefPrefix+f], col: col}
	}
	w.cTime, w.cExact, w.cSeq, w.cTypes = w.cols[colTime], w.cols[colExact], w.cols[colSeq], w.cols[colTypes]
	w.layCols = map[*sumLayout][]layCell{}
	order, _ := json.Marshal(w.order)
	for n := 0; ; n++ {
		name := fmt.Sprintf("part-%d.parquet", n)
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if os.IsExist(err) {
			continue
		}
		if err != nil {
			return err
		}
		w.f = f
		w.b.open.Add(1)
		w.pw = newPQFileWith(f, sumPQ, cols, format.KeyValue{Key: "spelunk.index.version", Value: fmt.Sprint(manifestVersion)},
			format.KeyValue{Key: metaDataset, Value: w.name}, format.KeyValue{Key: metaFields, Value: string(order)})
		w.entry = SummaryPart{Path: w.rel + "/" + name, Dataset: w.name, Fingerprint: w.fp,
			MinTime: math.Inf(1), MaxTime: math.Inf(-1)}
		return nil
	}
}

// closePart finishes the open part, if any, and lists it; w.wmu is held.
func (w *sumWriter) closePart() error {
	if w.pw == nil {
		return nil
	}
	w.b.open.Add(-1)
	if len(w.events) > 0 {
		w.pw.kv = append(w.pw.kv, eventsMeta(w.events))
		for f := range w.erefs {
			w.entry.Copies = append(w.entry.Copies, f)
		}
		sort.Strings(w.entry.Copies)
		for f, cr := range w.crefs {
			if w.entry.Refs == nil {
				w.entry.Refs = map[string]string{}
			}
			w.entry.Refs[f] = cr.col
		}
	}
	err := w.pw.close()
	if st, serr := w.f.Stat(); serr == nil {
		w.entry.Bytes = st.Size()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	w.pw, w.f = nil, nil
	if err != nil {
		return fmt.Errorf("%s: %w", w.entry.Path, err)
	}
	if w.entry.Rows > 0 {
		w.b.mu.Lock()
		w.b.parts = append(w.b.parts, w.entry)
		w.b.mu.Unlock()
	}
	return nil
}

// jsonString is s as a JSON string.
func jsonString(s string) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

package index

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/zstd"
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

// sumZstd compresses the summaries' pages: at zstd's better level (on
// W1 8.26 MB against 8.80 at the default level and 10.04 at the fastest,
// for about 0.12 s more CPU than the default). Entropy-coding the
// literals of blocks without matches too made them no smaller.
var sumZstd = &zstdPages{level: zstd.SpeedBetterCompression}

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

	mu      sync.Mutex // guards pending and bytes
	pending []sumRow
	bytes   int

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
	// copying says the row group being written keeps copies as places
	// (fewEventParts); openPart chooses the part's place and reference
	// columns by its first.
	copying bool
}

// add takes rows of the dataset and writes a row group once enough wait.
func (w *sumWriter) add(rows []sumRow) error {
	n := 0
	for _, r := range rows {
		n += r.size
	}
	w.b.total.Add(int64(n))
	w.mu.Lock()
	w.pending = append(w.pending, rows...)
	w.bytes += n
	w.size.Store(int64(w.bytes))
	var batch []sumRow
	if len(w.pending) >= sumGroupRows || w.bytes >= sumGroupBytes {
		batch = w.take()
	}
	w.mu.Unlock()
	return w.write(batch)
}

// take hands over the rows waiting; w.mu is held.
func (w *sumWriter) take() []sumRow {
	batch := w.pending
	w.b.total.Add(-int64(w.bytes))
	w.pending, w.bytes = nil, 0
	if len(batch) >= sumGroupRows {
		// A dataset filling row groups: the next one's room, made once
		// rather than grown.
		w.pending = make([]sumRow, 0, sumGroupRows+sumGroupRows/4)
	}
	w.size.Store(0)
	return batch
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
	sortRows(batch)
	if err := w.encode(batch); err != nil {
		return fmt.Errorf("%s: %w", w.entry.Path, err)
	}
	w.entry.Rows += int64(len(batch))
	w.entry.RowGroups++
	if w.b.open.Load() > maxOpenSummaries {
		return w.closePart()
	}
	return nil
}

// sortKeys bounds the fields a row group is sorted by, and keyValues the
// distinct values a field may have to be one of them.
const (
	sortKeys  = 3
	keyValues = 64
)

// sortRows orders a row group's rows by the fields with the fewest
// distinct values (but one) in it, fewest first, then newest first and
// in the order read: the rows a filter on such a field keeps then lie
// together, in few pages, which the page index lets a scan read alone.
func sortRows(batch []sumRow) {
	// Fields are numbered in the order met; slots gives each layout's
	// fields their numbers.
	num := map[string]int{}
	var names []string
	slots := map[*sumLayout][]int{}
	var distinct []map[string]bool
	var last []string // each field's text last counted: most repeat it
	for _, r := range batch {
		sl, ok := slots[r.lay]
		if !ok {
			for _, n := range r.lay.names {
				id, ok := num[n]
				if !ok {
					id = len(names)
					num[n] = id
					names = append(names, n)
					distinct = append(distinct, map[string]bool{})
					last = append(last, "")
				}
				sl = append(sl, id)
			}
			slots[r.lay] = sl
		}
		for k, id := range sl {
			d, t := distinct[id], r.texts[k]
			if d == nil || len(d) > 0 && last[id] == t {
				continue
			}
			last[id] = t
			if d[t] {
				continue
			}
			if len(d) >= keyValues {
				distinct[id] = nil
				continue
			}
			d[t] = true
		}
	}
	var keys []int
	for id, d := range distinct {
		if len(d) > 1 {
			keys = append(keys, id)
		}
	}
	sort.SliceStable(keys, func(i, j int) bool { return len(distinct[keys[i]]) < len(distinct[keys[j]]) })
	keys = keys[:min(len(keys), sortKeys)]
	// Each key's texts by rank ("" for a row without the field), packed a
	// byte a key: comparing the packs compares the texts key by key.
	ranks := make([]map[string]uint32, len(keys))
	for j, key := range keys {
		list := []string{""}
		for t := range distinct[key] {
			if t != "" {
				list = append(list, t)
			}
		}
		sort.Strings(list)
		ranks[j] = make(map[string]uint32, len(list))
		for n, t := range list {
			ranks[j][t] = uint32(n)
		}
	}
	// Each layout's cells of the keys (-1: none), found once per layout.
	at := make(map[*sumLayout]*[sortKeys]int, len(slots))
	for lay, sl := range slots {
		var ks [sortKeys]int
		for j := range ks {
			ks[j] = -1
		}
		for k, id := range sl {
			if j := slices.Index(keys, id); j >= 0 {
				ks[j] = k
			}
		}
		at[lay] = &ks
	}
	order := make([]sortKey, len(batch))
	var lastText [sortKeys]string
	var lastRank [sortKeys]uint32
	var lastLay *sumLayout
	var ks *[sortKeys]int
	for i := range batch {
		r := &batch[i]
		if r.lay != lastLay {
			lastLay, ks = r.lay, at[r.lay]
		}
		pack := uint32(0)
		for j := range keys {
			t := ""
			if k := ks[j]; k >= 0 {
				t = r.texts[k]
			}
			if t != lastText[j] || i == 0 {
				lastText[j], lastRank[j] = t, ranks[j][t]
			}
			pack |= lastRank[j] << (8 * (sortKeys - 1 - j))
		}
		order[i] = sortKey{pack: pack, t: r.t, seq: r.seq, i: int32(i)}
	}
	slices.SortFunc(order, func(x, y sortKey) int {
		switch {
		case x.pack != y.pack:
			return cmp.Compare(x.pack, y.pack)
		case x.t > y.t:
			return -1
		case x.t < y.t:
			return 1
		}
		return cmp.Compare(x.seq, y.seq)
	})
	sorted := make([]sumRow, len(batch))
	for i, k := range order {
		sorted[i] = batch[k.i]
	}
	copy(batch, sorted)
}

// sortKey is what sortRows orders row i by: its keys' ranks, packed,
// then its time (newest first), then its sequence.
type sortKey struct {
	pack uint32
	i    int32
	t    float64
	seq  int64
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

package index

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"sync"
	"unsafe"

	"github.com/parquet-go/parquet-go"
)

// eventPlaces reads the text of summary copies (summary_copy.go) back from
// their events' _raw: only the row groups holding the events wanted, and of
// those only the _raw pages holding them. One serves every scan of a
// reader, whose goroutines share the event parts it opens.
type eventPlaces struct {
	dir   string
	mu    sync.Mutex
	parts map[string]*placePart
	// memo holds, for a hunt's shared reads, the columns with copies read
	// whole that the cache of decoded columns had no room for: each
	// detection's scan would read _raw for them again. memoBytes bounds
	// it.
	memo      map[colKey]*placeMemo
	memoBytes int64
}

// placeMemo is a column with copies read whole, its entries distinct.
type placeMemo struct {
	once sync.Once
	c    *sumColumn
	err  error
}

// memoMax bounds the bytes of the columns the memo holds.
const memoMax = 16 << 20

func newEventPlaces(dir string) *eventPlaces {
	return &eventPlaces{dir: dir, parts: map[string]*placePart{}, memo: map[colKey]*placeMemo{}}
}

// copiesRead is column i of row group g read whole, copies and all, from
// the memo, for a shared read the cache did not take; nil when the column
// has no copies or the memo no room (the read then reads alone).
func (sp *sumPart) copiesRead(rg sumRG, g, i, n int) *sumColumn {
	e, ok := sp.erefs[i]
	r, rok := sp.crefs[i]
	if !ok && !rok || sp.places == nil || (!ok || rg.allNull(e, n)) && (!rok || rg.allNull(r, n)) {
		return nil
	}
	ep := sp.places
	k := colKey{sp.path, g, i}
	ep.mu.Lock()
	m := ep.memo[k]
	if m == nil {
		if ep.memoBytes >= memoMax {
			ep.mu.Unlock()
			return nil
		}
		m = &placeMemo{}
		ep.memo[k] = m
	}
	ep.mu.Unlock()
	m.once.Do(func() {
		c, err := sp.readText(rg, i, n, nil)
		if err != nil {
			m.err = err
			return
		}
		if c.plain {
			c = c.distinct()
		}
		m.c = c
		ep.mu.Lock()
		ep.memoBytes += int64(len(c.blob) + 4*len(c.offs) + 4*len(c.ids))
		ep.mu.Unlock()
	})
	if m.err != nil || m.c == nil || len(m.c.ids) != n {
		return nil // the read alone reports the error
	}
	return m.c
}

// placePart is an event part opened for copies: where its _raw and
// _spelunk_seq are, and each row group's range of _spelunk_seq.
type placePart struct {
	once     sync.Once
	err      error
	rel      string
	f        *os.File
	pf       *parquet.File
	raw, seq int
	cols     map[string]int // every column, by name
	groups   []*placeGroup
}

// placeGroup is a row group of an event part: its _spelunk_seq bounds
// (from the statistics), and its _spelunk_seq column once a copy may lie
// in it, with the rows in the order of their seq.
type placeGroup struct {
	lo, hi int64
	once   sync.Once
	err    error
	seqs   []int64 // rising
	rows   []int32 // the row of each of seqs
}

// part opens the event part rel (once).
func (ep *eventPlaces) part(rel string) (*placePart, error) {
	ep.mu.Lock()
	pp := ep.parts[rel]
	if pp == nil {
		pp = &placePart{rel: rel}
		ep.parts[rel] = pp
	}
	ep.mu.Unlock()
	pp.once.Do(func() { pp.err = pp.open(ep.dir) })
	return pp, pp.err
}

func (pp *placePart) open(dir string) error {
	f, pf, err := openPart(dir, pp.rel)
	if err != nil {
		return err
	}
	pp.f, pp.pf = f, pf
	cols, err := partColumns(pf)
	if err != nil {
		return fmt.Errorf("%s: %w", pp.rel, err)
	}
	var ok1, ok2 bool
	pp.cols = cols
	pp.raw, ok1 = cols[colRaw]
	pp.seq, ok2 = cols[colSeq]
	if !ok1 || !ok2 {
		return fmt.Errorf("%s: no %s or %s column", pp.rel, colRaw, colSeq)
	}
	for _, rg := range pf.Metadata().RowGroups {
		g := &placeGroup{lo: math.MinInt64, hi: math.MaxInt64}
		if pp.seq < len(rg.Columns) {
			st := rg.Columns[pp.seq].MetaData.Statistics
			if len(st.MinValue) == 8 && len(st.MaxValue) == 8 {
				g.lo = int64(binary.LittleEndian.Uint64(st.MinValue))
				g.hi = int64(binary.LittleEndian.Uint64(st.MaxValue))
			}
		}
		pp.groups = append(pp.groups, g)
	}
	return nil
}

// load reads row group k's _spelunk_seq column (once).
func (pp *placePart) load(k int) (*placeGroup, error) {
	g := pp.groups[k]
	g.once.Do(func() {
		rg := sumRG{pq: pp.pf.RowGroups()[k], g: k, pqPages: true}
		n := rg.rows()
		seqs, _, err := readInts(rg, pp.seq, n, nil)
		if err != nil {
			g.err = fmt.Errorf("%s: column %s: %w", pp.rel, colSeq, err)
			return
		}
		g.rows = make([]int32, n)
		for r := range g.rows {
			g.rows[r] = int32(r)
		}
		if !slices.IsSorted(seqs) {
			sort.Slice(g.rows, func(a, b int) bool { return seqs[g.rows[a]] < seqs[g.rows[b]] })
			sorted := make([]int64, n)
			for j, r := range g.rows {
				sorted[j] = seqs[r]
			}
			seqs = sorted
		}
		g.seqs = seqs
	})
	return g, g.err
}

// find is the row group and row of the event seq among the parts, or
// false.
func (ep *eventPlaces) find(parts []*placePart, seq int64) (*placePart, int, int32, bool, error) {
	for _, pp := range parts {
		for k, g := range pp.groups {
			if seq < g.lo || seq > g.hi {
				continue
			}
			g, err := pp.load(k)
			if err != nil {
				return nil, 0, 0, false, err
			}
			if j, ok := slices.BinarySearch(g.seqs, seq); ok {
				return pp, k, g.rows[j], true, nil
			}
		}
	}
	return nil, 0, 0, false, nil
}

// mustFind is find's row group and row of the event seq, an error when
// no part holds it.
func (ep *eventPlaces) mustFind(parts []*placePart, seq int64) (*placePart, int, int32, error) {
	pp, g, row, ok, err := ep.find(parts, seq)
	if err == nil && !ok {
		err = fmt.Errorf("the event of _spelunk_seq %d, which a summary row copies, is in none of its event parts", seq)
	}
	return pp, g, row, err
}

// openAll opens the event parts events.
func (ep *eventPlaces) openAll(events []string) ([]*placePart, error) {
	parts := make([]*placePart, 0, len(events))
	for _, rel := range events {
		pp, err := ep.part(rel)
		if err != nil {
			return nil, err
		}
		parts = append(parts, pp)
	}
	return parts, nil
}

// placeWant is one copy or reference to read: the event's row, its place in
// _raw (a copy's), and
// where its text goes.
type placeWant struct {
	row  int32
	ref  int64
	slot int
}

// texts reads the copies of the events seqs, at the places refs in their
// _raw, from the event parts events: texts[i] is copy i's text. An event
// not found, or a place past its _raw, is an error (a damaged index).
func (ep *eventPlaces) texts(events []string, seqs, refs []int64) ([]string, error) {
	groups, err := ep.groups(events, seqs, refs, nil)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(seqs))
	for _, k := range groups {
		if err := k.pp.read(k.g, k.wants, out); err != nil {
			return nil, fmt.Errorf("%s: %w", k.pp.rel, err)
		}
	}
	return out, nil
}

// eventGroup is what a read wants of row group g of an event part: the
// rows of wants, of the event column col ("" for _raw).
type eventGroup struct {
	pp    *placePart
	g     int
	col   string
	wants []placeWant
}

// groups finds the events seqs in the event parts events and groups them
// by row group and column (cols[i], none when cols is nil), in the order
// met; refs (nil: none) are their places in _raw.
func (ep *eventPlaces) groups(events []string, seqs, refs []int64, cols []string) ([]*eventGroup, error) {
	parts, err := ep.openAll(events)
	if err != nil {
		return nil, err
	}
	type key struct {
		pp  *placePart
		g   int
		col string
	}
	byKey := map[key]*eventGroup{}
	var order []*eventGroup
	for i, seq := range seqs {
		pp, g, row, err := ep.mustFind(parts, seq)
		if err != nil {
			return nil, err
		}
		k := key{pp: pp, g: g}
		if cols != nil {
			k.col = cols[i]
		}
		eg := byKey[k]
		if eg == nil {
			eg = &eventGroup{pp: pp, g: g, col: k.col}
			byKey[k] = eg
			order = append(order, eg)
		}
		w := placeWant{row: row, slot: i}
		if refs != nil {
			w.ref = refs[i]
		}
		eg.wants = append(eg.wants, w)
	}
	return order, nil
}

// wantedRows sorts wants by row and lists their rows, each once, rising.
func wantedRows(wants []placeWant) []int32 {
	sort.Slice(wants, func(a, b int) bool { return wants[a].row < wants[b].row })
	var rows []int32
	for _, w := range wants {
		if len(rows) == 0 || rows[len(rows)-1] != w.row {
			rows = append(rows, w.row)
		}
	}
	return rows
}

// read puts the text of each want of row group g into out, reading the
// _raw pages that hold their rows alone.
func (pp *placePart) read(g int, wants []placeWant, out []string) error {
	rows := wantedRows(wants)
	rg := sumRG{pq: pp.pf.RowGroups()[g], g: g, pqPages: true}
	n := rg.rows()
	size := 0
	for _, w := range wants {
		size += int(w.ref & 0xffffffff)
	}
	blob := make([]byte, 0, size)
	type span struct{ slot, lo, hi int }
	spans := make([]span, 0, len(wants))
	w := 0
	var scratch []int32
	err := eachSummaryPage(rg, pp.raw, n, rows, parquet.ByteArray, func(p *sumPage, first int, at []int32, slot int) error {
		kept, nvals, err := keptValues(p, first, at, scratch)
		scratch = kept
		if err != nil {
			return err
		}
		data, offs := p.data, p.offs
		if err := checkOffsets(offs, len(data)); err != nil || nvals > len(offs)-1 {
			return fmt.Errorf("column %s: a page's values do not fit its rows", colRaw)
		}
		for q, v := range kept {
			row := rows[slot+q]
			if v < 0 {
				return fmt.Errorf("row %d has no %s", row, colRaw)
			}
			raw := data[offs[v]:offs[v+1]]
			for ; w < len(wants) && wants[w].row == row; w++ {
				off, ln := wants[w].ref>>32, wants[w].ref&0xffffffff
				if off < 0 || off+ln > int64(len(raw)) {
					return fmt.Errorf("row %d: a copy's place %d+%d lies past its %d bytes of %s", row, off, ln, len(raw), colRaw)
				}
				spans = append(spans, span{wants[w].slot, len(blob), len(blob) + int(ln)})
				blob = append(blob, raw[off:off+ln]...)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if w != len(wants) {
		return fmt.Errorf("%d of %d copies read from %s", w, len(wants), colRaw)
	}
	s := unsafe.String(unsafe.SliceData(blob), len(blob))
	for _, sp := range spans {
		out[sp.slot] = s[sp.lo:sp.hi]
	}
	return nil
}

// close closes the event parts opened.
func (ep *eventPlaces) close() {
	ep.mu.Lock()
	defer ep.mu.Unlock()
	for _, pp := range ep.parts {
		if pp.f != nil {
			pp.f.Close()
		}
	}
	ep.parts = map[string]*placePart{}
	ep.memo = map[colKey]*placeMemo{}
}

// summaryEvents reads a summary part's metaEvents: nil when it has none.
func summaryEvents(lookup func(key string) (string, bool)) ([]string, error) {
	meta, ok := lookup(metaEvents)
	if !ok {
		return nil, nil
	}
	var list []string
	if err := json.Unmarshal([]byte(meta), &list); err != nil {
		return nil, fmt.Errorf("bad %s metadata: %w", metaEvents, err)
	}
	for _, rel := range list {
		if err := checkRel(rel); err != nil {
			return nil, fmt.Errorf("%s: %q: %w", metaEvents, rel, err)
		}
	}
	return list, nil
}

// readText is readSumColumn of column i, a field's, with the cells kept
// as their event's place in _raw read back from the event parts.
func (sp *sumPart) readText(rg sumRG, i, n int, sel []int32) (*sumColumn, error) {
	cs, err := sp.readTexts(rg, []int{i}, n, sel)
	if err != nil {
		return nil, err
	}
	return cs[0], nil
}

// readTexts is readText of several columns, whose copies are read back
// together: a _raw page holding several of a row's copies is read once.
// The cells referring to an event column are read back from it too.
func (sp *sumPart) readTexts(rg sumRG, cols []int, n int, sel []int32) ([]*sumColumn, error) {
	out := make([]*sumColumn, len(cols))
	var at []copyAt
	var places []int64 // the places of at's copies
	var refs []string  // the event columns of at's references, "" for a copy
	var copied []bool  // the slots with a copy or a reference
	for x, i := range cols {
		c, err := readSumColumn(rg, i, n, sel)
		if err != nil {
			return nil, err
		}
		out[x] = c
		if e, ok := sp.erefs[i]; ok && !rg.allNull(e, n) {
			ps, has, err := readInts(rg, e, n, sel)
			if err != nil {
				return nil, fmt.Errorf("its copies: %w", err)
			}
			for s, h := range has {
				if h {
					at, places, refs = append(at, copyAt{x, s}), append(places, ps[s]), append(refs, "")
				}
			}
		}
		if e, ok := sp.crefs[i]; ok && !rg.allNull(e, n) {
			rc, err := readSumColumn(rg, e, n, sel)
			if err != nil {
				return nil, fmt.Errorf("its references: %w", err)
			}
			for s, id := range rc.ids {
				if id >= 0 {
					at, places, refs = append(at, copyAt{x, s}), append(places, 0), append(refs, rc.get(id))
				}
			}
		}
	}
	if len(at) == 0 {
		return out, nil
	}
	copied = make([]bool, slots(n, sel))
	for _, a := range at {
		if out[a.col].ids[a.slot] >= 0 {
			return nil, fmt.Errorf("row %d has a text and a copy", a.slot)
		}
		copied[a.slot] = true
	}
	texts, err := sp.copiedTexts(rg, n, sel, copied, at, places, refs)
	if err != nil {
		return nil, err
	}
	// Each column's bytes grown once to hold its copies.
	grow := make([]int, len(cols))
	for k, a := range at {
		grow[a.col] += len(texts[k])
	}
	for x, c := range out {
		if grow[x] > 0 {
			if len(c.offs) == 0 {
				c.offs = []uint32{0}
			}
			c.blob = slices.Grow(c.blob, grow[x])
			c.offs = slices.Grow(c.offs, len(at))
		}
	}
	for k, a := range at {
		c := out[a.col]
		if c.ids[a.slot] >= 0 {
			return nil, fmt.Errorf("row %d has two copies", a.slot)
		}
		c.blob = append(c.blob, texts[k]...)
		c.offs = append(c.offs, uint32(len(c.blob)))
		c.ids[a.slot] = int32(c.entries() - 1)
		// The copies' texts are entries of their own, which may repeat
		// one another or the dictionary's: entries as a plain column has.
		c.plain = true
	}
	return out, nil
}

// copyAt is a cell read back from its event: its column among those read
// and its slot.
type copyAt struct{ col, slot int }

// copiedTexts reads back the texts of the cells at from their events:
// the places in _raw of the copies, the event columns refs of the
// references (refs[k] == "": a copy). copied marks the slots of at.
func (sp *sumPart) copiedTexts(rg sumRG, n int, sel []int32, copied []bool, at []copyAt, places []int64, refs []string) ([]string, error) {
	if sp.places == nil {
		return nil, fmt.Errorf("copies of events, with no event parts to read them from")
	}
	// The reading order of each row with a copy: its event's _spelunk_seq.
	var slotsOf []int
	for s, ok := range copied {
		if ok {
			slotsOf = append(slotsOf, s)
		}
	}
	rows := make([]int32, len(slotsOf))
	for j, s := range slotsOf {
		rows[j] = int32(s)
		if sel != nil {
			rows[j] = sel[s]
		}
	}
	seqOf, hasSeq, err := readInts(rg, sp.cols[colSeq], n, rows)
	if err != nil {
		return nil, fmt.Errorf("column %s: %w", colSeq, err)
	}
	if slices.Contains(hasSeq, false) {
		return nil, fmt.Errorf("a copy without %s", colSeq)
	}
	var eSeqs, ePlaces, cSeqs []int64
	var cCols []string
	for k, a := range at {
		j, _ := slices.BinarySearch(slotsOf, a.slot)
		if refs[k] == "" {
			eSeqs, ePlaces = append(eSeqs, seqOf[j]), append(ePlaces, places[k])
		} else {
			cSeqs, cCols = append(cSeqs, seqOf[j]), append(cCols, refs[k])
		}
	}
	var eTexts, cTexts []string
	if len(eSeqs) > 0 {
		if eTexts, err = sp.places.texts(sp.events, eSeqs, ePlaces); err != nil {
			return nil, err
		}
	}
	if len(cSeqs) > 0 {
		if cTexts, err = sp.places.columnTexts(sp.events, cSeqs, cCols); err != nil {
			return nil, err
		}
	}
	texts := make([]string, len(at))
	for k := range at {
		if refs[k] == "" {
			texts[k], eTexts = eTexts[0], eTexts[1:]
		} else {
			texts[k], cTexts = cTexts[0], cTexts[1:]
		}
	}
	return texts, nil
}

// copied reports whether column i, a field's, has copies or references.
func (sp *sumPart) copied(i int) bool {
	_, ok := sp.erefs[i]
	_, rok := sp.crefs[i]
	return ok || rok
}

// readCopies reads, into read, the columns of want (nil: all) not read
// yet that have copies, together, when a scan reading alone (no shared
// cache) wants more than one: their copies' _raw pages are read once.
func (sp *sumPart) readCopies(rg sumRG, n int, sel []int32, want map[string]bool, read map[string]*sumColumn) error {
	if sp.cache != nil || len(sp.erefs)+len(sp.crefs) < 2 {
		return nil
	}
	var fields []string
	var cols []int
	for _, f := range sp.order {
		i := sp.cols[fieldColumn(f)]
		if sp.copied(i) && read[f] == nil && (want == nil || want[f]) {
			fields, cols = append(fields, f), append(cols, i)
		}
	}
	if len(cols) < 2 {
		return nil
	}
	cs, err := sp.readTexts(rg, cols, n, sel)
	if err != nil {
		return fmt.Errorf("columns %v: %w", fields, err)
	}
	for x, f := range fields {
		read[f] = cs[x]
	}
	return nil
}

package index

import (
	"context"
	"encoding/binary"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// Narrow says which events of a hunt's one read (AddNarrowed) can be held
// at all, so that the others are counted from a few stored columns and
// never made, given their knowledge or sieved.
type Narrow struct {
	// Pres are the prefilters of every leading search the hunt holds
	// events for: an event none of them passes is not held for a search.
	Pres []engine.Prefilter
	// Tests are, by prefilter in Pres, tests of single fields that every
	// event it passes meets too (nil: none).
	Tests [][]FieldTest
	// Every reports whether every event of a part (known by its index
	// and sourcetype) goes to the sieve whatever the prefilters say: a
	// data model dataset built from the events may want any of them.
	Every func(engine.Partition) bool
	// Counted are the fields the hunt counts the values of for every
	// event, besides sourcetype and source.
	Counted []string
	// Count gets, on the reading goroutine worker, each event that goes
	// no further: a row of its sourcetype, source and Counted fields, as
	// its knowledge leaves them, and the chunk of the files' read it
	// came from. The row is reused after.
	Count func(worker, chunk int, row value.Fields)
	// Mark, when set, gets on the reading goroutine, before each row
	// that goes to the sieve, the prefilters (by number in Pres) whose
	// column tests it may pass: no other can pass it. nil: any may (a
	// part every row of which goes to the sieve).
	Mark func(worker int, pres []int32)
}

// FieldTest is a test of one field's value that an event must meet: a
// stored field's column is tested once per distinct cell (a null one
// fails; one that may be a multivalue passes, as colTest's). It is left
// out when the knowledge may set the field, or some rows keep it as its
// place in _raw.
type FieldTest struct {
	Field string
	// Key names the test: tests of one key are the same.
	Key string
	// New compiles the test for one goroutine.
	New func() func(value.Value) bool
}

// AddNarrowed is AddSieved reading in full only the rows that may pass one
// of n's prefilters (by the columns of the text they require, tested
// once per row group for all of them) or that n.Every wants; the other
// rows are read only as far as n.Count needs. Where that could differ
// from AddSieved (a time range, knowledge that sets a counted field) it
// is AddSieved.
func (s *Source) AddNarrowed(ctx context.Context, st *store.Store, keep func(*ingest.Event) (bool, error), sieve store.Sieve, other *store.Store, lo, hi float64, n *Narrow) error {
	span := timeSpan{lo, hi}
	es, err := datamodel.NewEventShaper(s.base)
	if err != nil {
		return err
	}
	if n == nil || span.bounded() || !countable(es, n.Counted) {
		return s.AddSieved(ctx, st, keep, sieve, other, lo, hi)
	}
	s.Report()
	plan := newNarrowPlan(s, es, n)
	units := s.units(es, nil)
	counted := map[string]bool{}
	for _, f := range n.Counted {
		counted[f] = true
	}
	return st.AddEventsSieved(s.workers, func(fn func(worker, chunk int, pos int64, ev *ingest.Event) error) error {
		return s.eachUnit(ctx, units, func(w int, parts *openParts, u unit) error {
			return plan.read(w, parts, u, counted, keep, fn)
		})
	}, keep, sieve, other)
}

// countable reports whether the stored columns give what a hunt counts:
// no knowledge sets sourcetype, source or a counted field.
func countable(es *datamodel.EventShaper, counted []string) bool {
	for _, f := range append([]string{"sourcetype", "source"}, counted...) {
		if es.Sets(f) {
			return false
		}
	}
	return true
}

// narrowPre is a prefilter's column tests; wide when it has none (any
// row may pass it).
type narrowPre struct {
	skip  func(engine.Partition) bool
	text  string // the search's text: prefilters of one text share skip
	tests []colTest
	wide  bool
	// key is testsKey of tests; cols and refs number in the plan's
	// colSet each test's column and that of the places in _raw of its
	// field (-1: none).
	key        string
	cols, refs []int32
}

// narrowPlan is what AddNarrowed decided before reading: per part, whether
// every row goes to the sieve, else the prefilters that apply to it.
type narrowPlan struct {
	s     *Source
	n     *Narrow
	pres  []narrowPre
	ids   map[string]int // the tests' ids, by what they test
	names colSet         // the columns the tests read
	mu    sync.Mutex
	parts map[*PartEntry]*partNarrow
	kinds map[string]*partKind   // by index and sourcetype
	alike map[string]*partNarrow // by index, sourcetype and tested columns had
	known map[string]bool
	match map[int][]func(value.Value) bool // by goroutine, then test id
	lays  map[int]layouts                  // by goroutine
}

// partNarrow is the plan of one part: every row goes to the sieve, or
// the rows passing one of tests, the column tests of each prefilter
// that applies to the part and may pass some row of it.
type partNarrow struct {
	every bool
	tests [][]colTest
	// pres are, by list in tests, the prefilters (numbers in Pres) that
	// have those tests; refs numbers (in the plan's colSet) the column of
	// the places in _raw of each test's field, used where has says the
	// part has it (refColumns).
	pres  [][]int32
	refs  [][]int32
	has   []bool
	names []string
}

func newNarrowPlan(s *Source, es *datamodel.EventShaper, n *Narrow) *narrowPlan {
	p := &narrowPlan{s: s, n: n, parts: map[*PartEntry]*partNarrow{}, kinds: map[string]*partKind{}, known: map[string]bool{}, ids: map[string]int{},
		alike: map[string]*partNarrow{}}
	ok := true
	for _, f := range []string{"index", "sourcetype"} {
		p.known[f] = !es.Sets(f)
	}
	for k, pre := range n.Pres {
		tests := columnTests(mustChecks(es, pre.Must, true))
		if k < len(n.Tests) {
			for _, ft := range n.Tests[k] {
				if tests, ok = fieldTest(es, tests, ft); !ok {
					break
				}
			}
		}
		// The _raw tests last: the others are cheaper and leave fewer
		// rows to test.
		sort.SliceStable(tests, func(i, j int) bool { return tests[i].col != colRaw && tests[j].col == colRaw })
		for i := range tests {
			tests[i].id = p.testID(tests[i])
		}
		cols, refs := p.names.of(tests)
		p.pres = append(p.pres, narrowPre{skip: pre.Skip, text: pre.Text, tests: tests, wide: len(tests) == 0,
			key: testsKey(tests), cols: cols, refs: refs})
	}
	return p
}

// testID numbers t: tests of one column with the same pieces, or the
// same FieldTest key, share a number.
func (p *narrowPlan) testID(t colTest) int {
	key := t.col + "\x00" + strings.Join(t.pieces, "\x00")
	if t.match != nil {
		key = "\x01" + t.key
	}
	id, ok := p.ids[key]
	if !ok {
		id = len(p.ids)
		p.ids[key] = id
	}
	return id
}

// fieldTest adds ft to tests as a column test, when the column holds
// the field's values as the event's row has them.
func fieldTest(es *datamodel.EventShaper, tests []colTest, ft FieldTest) ([]colTest, bool) {
	f := ft.Field
	col := fieldColumn(f)
	switch f {
	case "host", "source", "sourcetype", "index":
		col = f
	}
	if f == "" || f[0] == '_' || f == "linecount" || f == "tag" || f == "eventtype" ||
		strings.HasPrefix(f, "date_") || strings.Contains(f, "::") || es.Sets(f) {
		return tests, true
	}
	return append(tests, colTest{col: col, key: ft.Key, match: ft.New}), true
}

// part is the plan of one part, of columns cols, decided once.
func (p *narrowPlan) part(e *PartEntry, cols map[string]int) *partNarrow {
	p.mu.Lock()
	defer p.mu.Unlock()
	if pn := p.parts[e]; pn != nil {
		return pn
	}
	kind := p.kind(e)
	has := p.names.has(cols)
	// Parts of one index and sourcetype with the same tested columns
	// (one a day, mostly) share their plan.
	like := likeKey(e, has)
	if pn := p.alike[like]; pn != nil {
		p.parts[e] = pn
		return pn
	}
	pn := &partNarrow{every: kind.every, has: has, names: p.names.names}
	p.parts[e], p.alike[like] = pn, pn
	seen := map[string]int{}
	for _, i := range kind.pres {
		pre := &p.pres[i]
		if !applies(pre.cols, pre.refs, has) {
			continue
		}
		if len(pre.tests) == 0 {
			pn.every = true
			break
		}
		j, ok := seen[pre.key]
		if !ok {
			j = len(pn.tests)
			seen[pre.key] = j
			pn.tests, pn.pres, pn.refs = append(pn.tests, pre.tests), append(pn.pres, nil), append(pn.refs, pre.refs)
		}
		pn.pres[j] = append(pn.pres[j], int32(i))
	}
	if pn.every {
		pn.tests, pn.pres, pn.refs = nil, nil, nil
	}
	return pn
}

// likeKey names the parts whose plan is e's: of its index and
// sourcetype, having the tested columns has says e has.
func likeKey(e *PartEntry, has []bool) string {
	b := make([]byte, 0, len(e.Index)+len(e.Sourcetype)+2+len(has)/8+1)
	b = append(append(append(append(b, e.Index...), 0), e.Sourcetype...), 0)
	for k := 0; k < len(has); k += 8 {
		var bits byte
		for bit := range min(8, len(has)-k) {
			if has[k+bit] {
				bits |= 1 << bit
			}
		}
		b = append(b, bits)
	}
	return string(b)
}

// partKind is what a part's index and sourcetype decide (all that
// partInfo tells a Skip or Every): whether every row goes to the sieve,
// else the prefilters (by number in pres) that may keep its rows.
type partKind struct {
	every bool
	pres  []int
}

// kind is e's partKind, decided once for every part of its index and
// sourcetype. The caller holds p.mu.
func (p *narrowPlan) kind(e *PartEntry) *partKind {
	key := e.Index + "\x00" + e.Sourcetype
	if k := p.kinds[key]; k != nil {
		return k
	}
	pi := partInfo{p: e, known: p.known}
	k := &partKind{every: p.n.Every != nil && p.n.Every(pi)}
	p.kinds[key] = k
	skips := map[string]bool{}
	for i, pre := range p.pres {
		if k.every {
			break
		}
		if pre.skip != nil {
			// The alternatives of one search share its text and Skip.
			skip, ok := skips[pre.text]
			if !ok || pre.text == "" {
				skip = pre.skip(pi)
				skips[pre.text] = skip
			}
			if skip {
				continue
			}
		}
		if pre.wide {
			k.every = true
			break
		}
		k.pres = append(k.pres, i)
	}
	if k.every {
		k.pres = nil
	}
	return k
}

// layouts are goroutine w's parsed layouts, kept for every unit it reads.
func (p *narrowPlan) layouts(w int) layouts {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.lays == nil {
		p.lays = map[int]layouts{}
	}
	lay := p.lays[w]
	if lay == nil {
		lay = layouts{}
		p.lays[w] = lay
	}
	return lay
}

// testsKey names a list of tests by their ids.
func testsKey(tests []colTest) string {
	b := make([]byte, 0, 4*len(tests))
	for _, t := range tests {
		b = binary.AppendUvarint(b, uint64(t.id))
	}
	return string(b)
}

// read reads unit u: the rows that may be held in full, through fn (the
// store's sieve), and the others for n.Count.
func (p *narrowPlan) read(w int, parts *openParts, u unit, counted map[string]bool,
	keep func(*ingest.Event) (bool, error), fn func(worker, chunk int, pos int64, ev *ingest.Event) error) error {
	op, err := parts.acquire(u)
	if err != nil {
		return err
	}
	full := p.s.dir + "/" + u.part.Path
	rg, err := op.rowGroup(u.g)
	if err != nil {
		return &CorruptError{Path: full, Err: err}
	}
	pn := p.part(u.part, op.cols)
	var held, rest []int32
	var decoded map[int]*testCol
	var marks *rowMarks
	all := pn.every
	if !all {
		var sel []int32
		_, err := guard(full, func() (bool, error) {
			var err error
			sel, decoded, marks, err = p.candidates(w, rg, op.cols, pn)
			return true, err
		})
		if err != nil {
			return err
		}
		if sel == nil {
			all = true
		} else {
			held, rest = sel, complement(sel, rg.rows())
		}
	}

	var ev ingest.Event
	lay := p.layouts(w)
	if all || len(held) > 0 {
		gr, err := guard(full, func() (*group, error) { return readGroup(rg, op.cols, true, nil, held, decoded, lay) })
		if err != nil {
			return err
		}
		var buf []int32
		for row := range gr.n {
			if err := gr.event(row, lay, &ev); err != nil {
				return &CorruptError{Path: full, Err: err}
			}
			if p.n.Mark != nil {
				var pres []int32 // any
				if marks != nil {
					buf = marks.pres(row, pn, buf)
					pres = buf
				}
				p.n.Mark(w, pres)
			}
			seq := gr.seq.ints[row]
			if err := fn(w, int(seq>>32), seq&(1<<32-1), &ev); err != nil {
				return err
			}
		}
	}
	if all || len(rest) == 0 {
		return nil
	}
	gr, err := guard(full, func() (*group, error) { return readGroup(rg, op.cols, false, counted, rest, decoded, lay) })
	if err != nil {
		return err
	}
	var row value.Fields
	for r := range gr.n {
		if err := gr.event(r, lay, &ev); err != nil {
			return &CorruptError{Path: full, Err: err}
		}
		if keep != nil {
			ok, err := keep(&ev)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
		}
		row = append(row[:0], value.Field{Name: "sourcetype", Value: value.Str(ev.Sourcetype)},
			value.Field{Name: "source", Value: value.Str(ev.Source)})
		row = append(row, ev.Fields...)
		p.n.Count(w, int(gr.seq.ints[r]>>32), row)
	}
	return nil
}

// complement lists the rows below n not in sel (sorted).
func complement(sel []int32, n int) []int32 {
	out := make([]int32, 0, n-len(sel))
	j := 0
	for r := range int32(n) {
		if j < len(sel) && sel[j] == r {
			j++
			continue
		}
		out = append(out, r)
	}
	return out
}

// candidates lists the rows of row group g that pass the column tests of
// one of the part's prefilters (names: the part's columns). Each column
// is decoded once, by entries,
// and each test made once per entry; _raw, whose cells seldom repeat, is
// tested last, as its pages are decoded, on the rows the other tests
// left, and only the cells of the rows listed are kept. cols are the
// decoded columns, by column number, for the read after.
func (p *narrowPlan) candidates(w int, rg sumRG, names map[string]int, pn *partNarrow) (sel []int32, cols map[int]*testCol, marks *rowMarks, err error) {
	n := rg.rows()
	tc := &testCache{rg: rg, cols: map[int]*testCol{}, memo: make([][]int8, len(p.ids)), match: p.matchers(w)}
	mask := make([]bool, n)
	var raws []rawNeed
	// passed are, by list of tests, the rows that passed its tests of
	// columns (nil: every row): those that may pass its prefilters.
	passed := make([][]int32, len(pn.tests))
	for j, tests := range pn.tests {
		rows, all, rawTests, refs, err := tc.columnTests(names, tests, pn.refColumns(j))
		if err != nil {
			return nil, nil, nil, err
		}
		if all {
			rows = nil
		} else if len(rows) == 0 {
			passed[j] = []int32{}
			continue
		}
		passed[j] = rows
		if len(rawTests) > 0 && rows != nil {
			rows = passWithoutRaw(slices.Clone(rows), refs, mask)
		}
		switch {
		case len(rawTests) > 0:
			if rows == nil || len(rows) > 0 {
				raws = append(raws, rawNeed{rows: rows, tests: rawTests, refs: refs})
			}
		case all:
			for r := range mask {
				mask[r] = true
			}
		default:
			for _, r := range rows {
				mask[r] = true
			}
		}
	}
	if len(raws) > 0 {
		c, err := tc.testRaw(names[colRaw], raws, mask)
		if err != nil {
			return nil, nil, nil, err
		}
		tc.cols[names[colRaw]] = c
	}
	sel = []int32{}
	for r, ok := range mask {
		if ok {
			sel = append(sel, int32(r))
		}
	}
	return sel, tc.cols, markRows(sel, passed, n), nil
}

// columnTests makes a prefilter's tests of columns other than _raw
// (refCols: by test, the column of the places in _raw of its field, ""
// if none), in turn on the rows the previous left: the rows passing (all: every row,
// no test having left out any), and the tests left to make on _raw
// (refs: by test, the places in _raw of its field, nil for a test of
// _raw itself). The rows after each first few tests are kept for the
// prefilters that start with the same: they are shared, never changed.
func (tc *testCache) columnTests(cols map[string]int, tests []colTest, refCols []string) (rows []int32, all bool, rawTests []colTest, refs []*refCheck, err error) {
	all = true // no test made yet: every row
	key := tc.key[:0]
	defer func() { tc.key = key }()
	for k, t := range tests {
		if t.col == colRaw {
			rawTests, refs = append(rawTests, t), append(refs, nil)
			continue
		}
		c, err := tc.named(cols, t.col)
		if err != nil {
			return nil, false, nil, nil, err
		}
		var rc *refCheck
		if k < len(refCols) && refCols[k] != "" {
			if rc, err = tc.refCheck(cols[refCols[k]], c); err != nil {
				return nil, false, nil, nil, err
			}
			// The rows keeping the field in _raw pass here and are
			// tested there.
			rawTests, refs = append(rawTests, t), append(refs, rc)
		}
		key = binary.AppendUvarint(key, uint64(t.id))
		if after, ok := tc.after[string(key)]; ok {
			rows, all = after.rows, after.all
		} else {
			pass := tc.pass(t, c)
			switch {
			case rc == nil && c.passesAll(pass):
				// Every row passes: the rows are as they were.
			case rc != nil && all:
				rows, all = rc.rowsPassing(pass), false
			case rc != nil:
				rows = rc.keepPassing(rows, pass)
			case all:
				rows, all = c.rowsPassing(pass), false
			default:
				rows = c.keepPassing(rows, pass)
			}
			if tc.after == nil {
				tc.after = map[string]rowsAfter{}
			}
			tc.after[string(key)] = rowsAfter{rows, all}
		}
		if !all && len(rows) == 0 {
			break
		}
	}
	return rows, all, rawTests, refs, nil
}

// rowsAfter are the rows left after some tests (all: every row).
type rowsAfter struct {
	rows []int32
	all  bool
}

// testCache is one row group's tested columns, decoded once for every
// prefilter, and each test's answer per entry.
type testCache struct {
	rg   sumRG
	cols map[int]*testCol
	memo [][]int8 // by test id: per entry, 0 not tested, 1 passes, 2 fails
	// match are the goroutine's compiled FieldTests, by test id.
	match []func(value.Value) bool
	// refs are the fields kept as their place in _raw, by the column
	// of the places; none is a column null in every row.
	refs map[int]*refCheck
	none *testCol
	// after are the rows left by each list of tests made (by their ids,
	// columnTests), and key a scratch key.
	after map[string]rowsAfter
	key   []byte
}

// matchers are goroutine w's compiled FieldTests, by test id.
func (p *narrowPlan) matchers(w int) []func(value.Value) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.match == nil {
		p.match = map[int][]func(value.Value) bool{}
	}
	m := p.match[w]
	if m == nil {
		m = make([]func(value.Value) bool, len(p.ids))
		p.match[w] = m
	}
	return m
}

func (tc *testCache) col(i int, distinct bool) (*testCol, error) {
	if c := tc.cols[i]; c != nil {
		return c, nil
	}
	c, err := readTestCol(tc.rg, i, distinct)
	if err != nil {
		return nil, err
	}
	tc.cols[i] = c
	return c, nil
}

// pass is test t's answers for c's entries, made as they are asked for.
func (tc *testCache) pass(t colTest, c *testCol) func(e int32) bool {
	var match func(value.Value) bool
	if t.match != nil {
		if match = tc.match[t.id]; match == nil {
			match = t.match()
			tc.match[t.id] = match
		}
	}
	memo := tc.memo[t.id]
	if memo == nil {
		memo = make([]int8, c.Len())
		tc.memo[t.id] = memo
	}
	return func(e int32) bool {
		switch memo[e] {
		case 1:
			return true
		case 2:
			return false
		}
		var ok bool
		if match != nil {
			cell := c.entries[e]
			ok = cell != "" && cell[0] == '[' || match(value.Str(cell))
		} else {
			ok = textPasses(c.entries[e], t.pieces)
		}
		memo[e] = 2
		if ok {
			memo[e] = 1
		}
		return ok
	}
}

// eachUnit reads the units on the Source's goroutines, each part opened
// once for all of them; fn reads one unit. An error stops the read.
func (s *Source) eachUnit(ctx context.Context, units []unit, fn func(worker int, parts *openParts, u unit) error) error {
	var next atomic.Int64
	var stop atomic.Bool
	errs := make([]error, s.workers)
	parts := newOpenParts(s.dir, units)
	parts.meta = true
	defer parts.closeAll()
	var wg sync.WaitGroup
	for w := range min(s.workers, len(units)) {
		wg.Go(func() {
			for !stop.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(units) {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[w] = err
					stop.Store(true)
					return
				}
				err := fn(w, parts, units[i])
				parts.release(units[i])
				if err != nil {
					errs[w] = err
					stop.Store(true)
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// textPasses is cellPasses of a cell's text.
func textPasses(s string, pieces []string) bool {
	if s != "" && s[0] == '[' {
		return true
	}
	return holdsAll(s, pieces)
}

package index

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// ShareSummaryReads makes the summary scans of s, and of the copies
// WithKeep makes of it, share their reads until stop is called: each
// summary part is opened once, and each column of a row group is decoded
// once, in full, and kept for the scans after, while the decoded columns
// kept hold at most maxBytes; past that, columns are read as a single
// scan reads them (the pages of its rows only). Nothing is evicted: a
// hunt's detections read the same datasets one after the other, which
// would leave a least-recently-used cache smaller than them nothing to
// serve. A single search reads a row group once and gains nothing.
func (s *Source) ShareSummaryReads(maxBytes int64) (stop func()) {
	r := newSumReader(s.dir)
	r.cache = newColCache(maxBytes)
	s.sh.mu.Lock()
	s.sh.sums = r
	s.sh.mu.Unlock()
	return func() {
		s.sh.mu.Lock()
		if s.sh.sums == r {
			s.sh.sums = nil
		}
		s.sh.mu.Unlock()
		r.close()
	}
}

// SummaryCacheStats is what the cache of a hunt's summary reads held:
// its peak in bytes of decoded columns, how many column reads it served
// from a column decoded before, how many decoded one for it and how many
// were read on their own, the cache being full.
type SummaryCacheStats struct {
	Peak                 int64
	Hits, Misses, Passed int64
}

// SummaryCacheStats reports the cache ShareSummaryReads made, while
// it is on (zero otherwise).
func (s *Source) SummaryCacheStats() SummaryCacheStats {
	s.sh.mu.Lock()
	r := s.sh.sums
	s.sh.mu.Unlock()
	if r == nil || r.cache == nil {
		return SummaryCacheStats{}
	}
	c := r.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	return SummaryCacheStats{Peak: c.peak, Hits: c.hits, Misses: c.misses, Passed: c.passed}
}

// sumReader is the reader a summary scan uses and what to do when it is
// done: the shared one, left open, or one of its own, closed.
func (s *Source) sumReader() (*sumReader, func()) {
	s.sh.mu.Lock()
	r := s.sh.sums
	s.sh.mu.Unlock()
	if r != nil {
		return r, func() {}
	}
	r = newSumReader(s.dir)
	return r, r.close
}

// colKey names one column chunk of one summary part.
type colKey struct {
	path   string
	g, col int
}

// colEntry is a column chunk decoded in full, or being decoded (ready is
// closed when it is done). Its contents are never changed: the reads
// served from it copy what they keep.
type colEntry struct {
	cache *colCache
	key   colKey
	ready chan struct{}
	err   error
	// text's ids are in ids16 when they fit (a row group's entries
	// number fewer than its rows), at half the room.
	text  *sumColumn
	ids16 []int16
	ints  []int64
	dbls  []float64
	has   []bool
	size  int64
	kept  bool // counted in the cache's size
	// The text's entries as values and folded for case-insensitive
	// matching (wide: the entry holds a byte past ASCII), made once for
	// the blocks of every scan when the cache has room for them.
	mu             sync.Mutex
	vals           []value.Value
	folded         []string
	wide           []bool
	noVals, noFold bool // no room was left for them
}

// id is row r's entry of a text column.
func (e *colEntry) id(r int32) int32 {
	if e.ids16 != nil {
		return int32(e.ids16[r])
	}
	return e.text.ids[r]
}

// rows is the number of rows of a text column.
func (e *colEntry) rows() int {
	if e.ids16 != nil {
		return len(e.ids16)
	}
	return len(e.text.ids)
}

// pack moves a text column's ids to ids16 when they fit.
func (e *colEntry) pack() {
	c := e.text
	if c == nil || c.entries() > math.MaxInt16 {
		return
	}
	e.ids16 = make([]int16, len(c.ids))
	for r, id := range c.ids {
		e.ids16[r] = int16(id)
	}
	e.text = &sumColumn{blob: c.blob, offs: c.offs, plain: c.plain}
}

// values is the entries of a text column as values; nil when the cache
// has no room left for them.
func (e *colEntry) values() []value.Value {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.vals == nil && !e.noVals {
		if !e.cache.grow(e, int64(e.text.entries())*int64(unsafe.Sizeof(value.Value{}))) {
			e.noVals = true
			return nil
		}
		e.vals = make([]value.Value, e.text.entries())
		for k := range e.vals {
			e.vals[k] = value.Str(e.text.get(int32(k)))
		}
	}
	return e.vals
}

// foldedTexts is the entries of a text column folded (engine.FoldCase),
// with which of them are past ASCII; nil when the cache has no room left
// for them.
func (e *colEntry) foldedTexts() ([]string, []bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.folded == nil && !e.noFold {
		n := e.text.entries()
		if !e.cache.grow(e, int64(n)*int64(unsafe.Sizeof("")+1)+int64(len(e.text.blob))) {
			e.noFold = true
			return nil, nil
		}
		e.folded, e.wide = make([]string, n), make([]bool, n)
		for k := range e.folded {
			text := e.text.get(int32(k))
			e.folded[k] = engine.FoldCase(text)
			for i := range len(text) {
				if text[i] >= utf8.RuneSelf {
					e.wide[k] = true
					break
				}
			}
		}
	}
	return e.folded, e.wide
}

// colCache holds decoded column chunks while they fit in max bytes; a
// chunk being decoded is waited for, not decoded twice.
type colCache struct {
	mu                   sync.Mutex
	max, size, peak      int64
	hits, misses, passed int64
	full                 bool // a column found no room
	m                    map[colKey]*colEntry
}

func newColCache(max int64) *colCache {
	return &colCache{max: max, m: map[colKey]*colEntry{}}
}

// get is k's entry, decoded by load when no entry holds it; false (and
// no entry) when the cache is full, for the caller to read the column
// as it would without one.
func (c *colCache) get(k colKey, load func(e *colEntry) error) (*colEntry, bool, error) {
	c.mu.Lock()
	if e := c.m[k]; e != nil {
		c.hits++
		c.mu.Unlock()
		<-e.ready
		return e, true, e.err
	}
	if c.full {
		c.passed++
		c.mu.Unlock()
		return nil, false, nil
	}
	c.misses++
	e := &colEntry{cache: c, key: k, ready: make(chan struct{})}
	c.m[k] = e
	c.mu.Unlock()
	func() {
		defer func() {
			if p := recover(); p != nil {
				e.err = fmt.Errorf("%v", p)
			}
		}()
		e.err = load(e)
	}()
	c.mu.Lock()
	if e.err != nil || c.size+e.size > c.max {
		// An error is told to each read; a chunk past the room left is
		// used by the reads waiting for it, and not kept, and the
		// columns not kept yet are read on their own from now on.
		delete(c.m, k)
		c.full = c.full || e.err == nil
	} else {
		e.kept = true
		c.size += e.size
		c.peak = max(c.peak, c.size)
	}
	c.mu.Unlock()
	close(e.ready)
	return e, true, e.err
}

// grow counts n bytes more that e holds, if e is kept and the cache has
// room for them; false when it has not.
func (c *colCache) grow(e *colEntry, n int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !e.kept || c.size+n > c.max {
		return false
	}
	e.size += n
	c.size += n
	c.peak = max(c.peak, c.size)
	return true
}

// sizeOf estimates the bytes a decoded column holds.
func (e *colEntry) sizeOf() int64 {
	n := int64(len(e.ints))*8 + int64(len(e.dbls))*8 + int64(len(e.has)) + int64(len(e.ids16))*2
	if t := e.text; t != nil {
		n += int64(len(t.ids))*4 + int64(len(t.blob)) + int64(len(t.offs))*4 + int64(unsafe.Sizeof(*t))
	}
	return n + 128
}

// text reads text column i of row group g (of n rows) for the rows of
// sel (nil: all), from the cache when there is one. A read served from
// the cache gets ids of its own; a plain column's entries are those of
// its rows alone, as a read of its pages would make them.
func (sp *sumPart) text(rg sumRG, g, i, n int, sel []int32) (*sumColumn, error) {
	if sp.cache == nil {
		return sp.readText(rg, i, n, sel)
	}
	e, ok, err := sp.cache.get(colKey{sp.path, g, i}, func(e *colEntry) error {
		c, err := sp.readText(rg, i, n, nil)
		if err != nil {
			return err
		}
		if c.plain {
			c = c.distinct()
		}
		e.text = c
		e.pack()
		e.size = e.sizeOf()
		return nil
	})
	switch {
	case err != nil:
		return nil, err
	case !ok:
		if full := sp.copiesRead(rg, g, i, n); full != nil {
			return pickText(full, nil, n, sel, func(r int32) int32 { return full.ids[r] }), nil
		}
		return sp.readText(rg, i, n, sel)
	case e.text == nil || e.rows() != n:
		return nil, fmt.Errorf("column %d is not a text column of %d rows", i, n)
	}
	return pickText(e.text, e, n, sel, e.id), nil
}

// pickText is a read of the rows of sel (nil: all n) from full, a column
// read whole whose row r has entry id(r); e is its cache entry, if any.
func pickText(full *sumColumn, e *colEntry, n int, sel []int32, id func(int32) int32) *sumColumn {
	if sel == nil {
		c := &sumColumn{ids: make([]int32, n), blob: full.blob, offs: full.offs, plain: full.plain, shared: e}
		for r := range c.ids {
			c.ids[r] = id(int32(r))
		}
		return c
	}
	c := &sumColumn{ids: make([]int32, len(sel)), plain: full.plain}
	if !full.plain {
		c.blob, c.offs, c.shared = full.blob, full.offs, e
		for j, r := range sel {
			c.ids[j] = id(r)
		}
		return c
	}
	c.offs = []uint32{0}
	for j, r := range sel {
		k := id(r)
		if k < 0 {
			c.ids[j] = -1
			continue
		}
		c.blob = append(c.blob, full.get(k)...)
		c.offs = append(c.offs, uint32(len(c.blob)))
		c.ids[j] = int32(len(c.offs) - 2)
	}
	return c
}

// ints is readInts, from the cache when there is one.
func (sp *sumPart) ints(rg sumRG, g, i, n int, sel []int32) ([]int64, []bool, error) {
	if sp.cache == nil {
		return readInts(rg, i, n, sel)
	}
	e, ok, err := sp.cache.get(colKey{sp.path, g, i}, func(e *colEntry) error {
		var err error
		e.ints, e.has, err = readInts(rg, i, n, nil)
		e.size = e.sizeOf()
		return err
	})
	switch {
	case err != nil:
		return nil, nil, err
	case !ok:
		return readInts(rg, i, n, sel)
	case len(e.ints) != n || len(e.has) != n:
		return nil, nil, fmt.Errorf("column %d is not an INT64 column of %d rows", i, n)
	}
	return pick(e.ints, sel), pick(e.has, sel), nil
}

// doubles is readDoubles, from the cache when there is one.
func (sp *sumPart) doubles(rg sumRG, g, i, n int, sel []int32) ([]float64, error) {
	if sp.cache == nil {
		return readDoubles(rg, i, n, sel)
	}
	e, ok, err := sp.cache.get(colKey{sp.path, g, i}, func(e *colEntry) error {
		var err error
		e.dbls, err = readDoubles(rg, i, n, nil)
		e.size = e.sizeOf()
		return err
	})
	switch {
	case err != nil:
		return nil, err
	case !ok:
		return readDoubles(rg, i, n, sel)
	case len(e.dbls) != n:
		return nil, fmt.Errorf("column %d is not a DOUBLE column of %d rows", i, n)
	}
	return pick(e.dbls, sel), nil
}

// pick copies the values at sel (all of them when sel is nil).
func pick[T any](all []T, sel []int32) []T {
	if sel == nil {
		return append([]T(nil), all...)
	}
	out := make([]T, len(sel))
	for j, r := range sel {
		out[j] = all[r]
	}
	return out
}

// distinct is a plain column numbered as a dictionary would number it,
// each text once, when some repeat: the tests of the scans sharing it
// (where clauses, the text they must hold) then run once per text, not
// once per row.
func (c *sumColumn) distinct() *sumColumn {
	seen := make(map[string]int32, c.entries())
	for k := range c.entries() {
		if _, ok := seen[c.get(int32(k))]; !ok {
			seen[c.get(int32(k))] = int32(len(seen))
		}
	}
	if len(seen) == c.entries() {
		return c
	}
	out := &sumColumn{ids: make([]int32, len(c.ids)), offs: make([]uint32, 1, len(seen)+1)}
	for k := range c.entries() {
		text := c.get(int32(k))
		if int(seen[text]) == out.entries() {
			out.blob = append(out.blob, text...)
			out.offs = append(out.offs, uint32(len(out.blob)))
		}
	}
	for r, id := range c.ids {
		out.ids[r] = -1
		if id >= 0 {
			out.ids[r] = seen[c.get(id)]
		}
	}
	return out
}

// holding marks the entries of c that hold every one of pieces (lower
// case, as holdsAll takes them), ignoring ASCII case. Of a column read
// from the cache, the ASCII entries are tested on their folded text,
// made once for every scan.
func (c *sumColumn) holding(pieces []string) []bool {
	pass := make([]bool, c.entries())
	var folded []string
	var wide []bool
	if c.shared != nil && len(pass) > 0 {
		folded, wide = c.shared.foldedTexts()
	}
	for k := range pass {
		if folded == nil || wide[k] {
			pass[k] = holdsAll(c.get(int32(k)), pieces)
			continue
		}
		pass[k] = true
		for _, p := range pieces {
			if !strings.Contains(folded[k], p) {
				pass[k] = false
				break
			}
		}
	}
	return pass
}

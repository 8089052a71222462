package index

import (
	"container/list"
	"fmt"
	"strings"
	"sync"
	"unsafe"

	"github.com/parquet-go/parquet-go"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// ShareSummaryReads makes the summary scans of s, and of the copies
// WithKeep makes of it, share their reads until stop is called: each
// summary part is opened once, and each column of a row group is decoded
// once, in full, and kept in a cache of at most maxBytes of decoded
// columns (the least recently used left first) for the scans after. A
// hunt runs hundreds of tstats over the same few datasets; a single
// search reads a row group once and gains nothing from it.
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
// and how many it decoded.
type SummaryCacheStats struct {
	Peak         int64
	Hits, Misses int64
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
	return SummaryCacheStats{Peak: c.peak, Hits: c.hits, Misses: c.misses}
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
	text  *sumColumn
	ints  []int64
	dbls  []float64
	has   []bool
	size  int64
	elem  *list.Element // in the cache's use order; nil once left
	// The text's entries as values and folded for case-insensitive
	// matching, made once for the blocks of every scan.
	valsOnce, foldOnce sync.Once
	vals               []value.Value
	folded             []string
	wide               []bool // the entry holds a byte past ASCII
}

// values is the entries of a text column as values.
func (e *colEntry) values() []value.Value {
	e.valsOnce.Do(func() {
		e.vals = make([]value.Value, e.text.entries())
		for k := range e.vals {
			e.vals[k] = value.Str(e.text.get(int32(k)))
		}
		e.cache.grow(e, int64(len(e.vals))*int64(unsafe.Sizeof(value.Value{})))
	})
	return e.vals
}

// foldedTexts is the entries of a text column folded (engine.FoldCase).
func (e *colEntry) foldedTexts() []string {
	e.foldOnce.Do(func() {
		e.folded = make([]string, e.text.entries())
		e.wide = make([]bool, len(e.folded))
		n := int64(len(e.folded)) * int64(unsafe.Sizeof("")+1)
		for k := range e.folded {
			text := e.text.get(int32(k))
			e.folded[k] = engine.FoldCase(text)
			if e.folded[k] != text {
				n += int64(len(text))
			}
			for i := range len(text) {
				if text[i] >= 0x80 {
					e.wide[k] = true
					break
				}
			}
		}
		e.cache.grow(e, n)
	})
	return e.folded
}

// colCache holds decoded column chunks up to max bytes, the least
// recently used left first; a chunk being decoded is waited for, not
// decoded twice.
type colCache struct {
	mu           sync.Mutex
	max, size    int64
	peak         int64
	hits, misses int64
	m            map[colKey]*colEntry
	use          *list.List // front: most recently used
}

func newColCache(max int64) *colCache {
	return &colCache{max: max, m: map[colKey]*colEntry{}, use: list.New()}
}

// get is k's entry, decoded by load when no entry holds it.
func (c *colCache) get(k colKey, load func(e *colEntry) error) (*colEntry, error) {
	c.mu.Lock()
	if e := c.m[k]; e != nil {
		c.hits++
		if e.elem != nil {
			c.use.MoveToFront(e.elem)
		}
		c.mu.Unlock()
		<-e.ready
		return e, e.err
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
	if e.err != nil || e.size > c.max {
		delete(c.m, k) // an error is told to each read; a huge chunk is not kept
	} else {
		e.elem = c.use.PushFront(e)
		c.size += e.size
		c.evict()
	}
	c.mu.Unlock()
	close(e.ready)
	return e, e.err
}

// grow counts n bytes more that e holds, while the cache keeps it.
func (c *colCache) grow(e *colEntry, n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e.size += n
	if e.elem != nil {
		c.size += n
		c.evict()
	}
}

// evict leaves the least recently used entries until the cache holds at
// most max bytes (the scans holding them keep them as long as they
// need), under mu.
func (c *colCache) evict() {
	for c.size > c.max {
		old := c.use.Back().Value.(*colEntry)
		c.use.Remove(old.elem)
		old.elem = nil
		delete(c.m, old.key)
		c.size -= old.size
	}
	c.peak = max(c.peak, c.size)
}

// sizeOf estimates the bytes a decoded column holds.
func (e *colEntry) sizeOf() int64 {
	n := int64(len(e.ints))*8 + int64(len(e.dbls))*8 + int64(len(e.has))
	if t := e.text; t != nil {
		n += int64(len(t.ids))*4 + int64(len(t.blob)) + int64(len(t.offs))*4 + int64(unsafe.Sizeof(*t))
	}
	return n + 128
}

// text reads text column i of row group g (of n rows) for the rows of
// sel (nil: all), from the cache when there is one. A read served from
// the cache gets ids of its own; a plain column's entries are those of
// its rows alone, as a read of its pages would make them.
func (sp *sumPart) text(rg parquet.RowGroup, g, i, n int, sel []int32) (*sumColumn, error) {
	if sp.cache == nil {
		return readSumColumn(rg, i, n, sel)
	}
	e, err := sp.cache.get(colKey{sp.path, g, i}, func(e *colEntry) error {
		c, err := readSumColumn(rg, i, n, nil)
		if err == nil && c.plain {
			c = c.distinct()
		}
		e.text = c
		e.size = e.sizeOf()
		return err
	})
	if err != nil {
		return nil, err
	}
	full := e.text
	if len(full.ids) != n {
		return nil, fmt.Errorf("column %d holds %d rows, not %d", i, len(full.ids), n)
	}
	if sel == nil {
		return &sumColumn{ids: append([]int32(nil), full.ids...), blob: full.blob, offs: full.offs, plain: full.plain, shared: e}, nil
	}
	c := &sumColumn{ids: make([]int32, len(sel)), plain: full.plain}
	if !full.plain {
		c.blob, c.offs, c.shared = full.blob, full.offs, e
		for j, r := range sel {
			c.ids[j] = full.ids[r]
		}
		return c, nil
	}
	c.offs = []uint32{0}
	for j, r := range sel {
		id := full.ids[r]
		if id < 0 {
			c.ids[j] = -1
			continue
		}
		c.blob = append(c.blob, full.get(id)...)
		c.offs = append(c.offs, uint32(len(c.blob)))
		c.ids[j] = int32(len(c.offs) - 2)
	}
	return c, nil
}

// ints is readInts, from the cache when there is one.
func (sp *sumPart) ints(rg parquet.RowGroup, g, i, n int, sel []int32) ([]int64, []bool, error) {
	if sp.cache == nil {
		return readInts(rg, i, n, sel)
	}
	e, err := sp.cache.get(colKey{sp.path, g, i}, func(e *colEntry) error {
		var err error
		e.ints, e.has, err = readInts(rg, i, n, nil)
		e.size = e.sizeOf()
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	if len(e.ints) != n || len(e.has) != n {
		return nil, nil, fmt.Errorf("column %d is not an INT64 column of %d rows", i, n)
	}
	return pick(e.ints, sel), pick(e.has, sel), nil
}

// doubles is readDoubles, from the cache when there is one.
func (sp *sumPart) doubles(rg parquet.RowGroup, g, i, n int, sel []int32) ([]float64, error) {
	if sp.cache == nil {
		return readDoubles(rg, i, n, sel)
	}
	e, err := sp.cache.get(colKey{sp.path, g, i}, func(e *colEntry) error {
		var err error
		e.dbls, err = readDoubles(rg, i, n, nil)
		e.size = e.sizeOf()
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(e.dbls) != n {
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
		folded = c.shared.foldedTexts()
		wide = c.shared.wide
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

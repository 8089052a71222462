// Package store holds ingested events in memory, compressed and
// partitioned, with the search-time fields the knowledge of package
// datamodel gives them, and builds data model datasets from them on first
// use: the engine.Source that many searches share (spelunk test, hunt).
package store

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// Store holds ingested events with their search-time fields, and builds
// data model datasets from them on first use. It implements engine.Source.
// Add must not run concurrently with searches; searches may run
// concurrently with each other.
type Store struct {
	base *datamodel.Base
	// sh shapes the events Add adds, compiled on the first: a store
	// that only ever holds crafted rows or none (| makeresults) does not
	// compile the knowledge.
	sh *datamodel.EventShaper
	// rows are the events, encoded (crow); names numbers their field
	// names, enc encodes the rows Add adds.
	rows  []crow
	names *nameTable
	enc   *rowEncoder
	packs *packTable // set by PackRaw
	// times are the rows' _time for ordering (-Inf when not a number).
	times []float64
	// added numbers the rows in the order they were added (0 first);
	// post lists the events that passed each search's prefilter (Index).
	added []int32
	post  *postings
	// stOrder and stCount count events per sourcetype in order of first
	// appearance (Describe), which the time order of events loses.
	stOrder []string
	stCount map[string]int

	mu    sync.Mutex
	built map[string]*dataset
	// sealed is set once events are in search order and partitioned;
	// Add clears it. Searches seal the store on first use.
	sealed bool
	parts  []*partition
	partOf []uint16 // partition of each event
	// keyOf numbers each event's storeParts values; keyMeta holds
	// them by number, keyIDs numbers them by datamodel.AppendValueKey's key.
	keyOf   []uint32
	keyMeta []value.Fields
	keyIDs  map[string]uint32
	listMu  sync.Mutex // guards the partitions' lists
	// With spill set, rows may be spilled (spill.go): locs says where
	// each row's text is (nil: all in memory), spillMeta holds the
	// partition values of the keys of spilled rows, spillErr the error
	// writing them again in search order.
	spill     *Spill
	locs      []spillLoc
	metaMu    sync.Mutex
	spillMeta map[string]value.Fields
	spillErr  error
}

// partition is a set of events that share the values of
// storeParts, so a leading search can skip all of them at once when
// its terms exclude them (engine.Partition).
type partition struct {
	meta     value.Fields // storeParts as the events hold them (absent: missing)
	events   []int32      // the events, in search order
	overflow bool         // holds events of several keys: never skipped
	lists    map[string]fieldList
}

// New makes an empty store with the built-in knowledge.
func New() (*Store, error) {
	b, err := datamodel.Builtin()
	if err != nil {
		return nil, err
	}
	return NewWith(b)
}

// NewWith makes an empty store applying the knowledge of b.
func NewWith(b *datamodel.Base) (*Store, error) {
	if b == nil {
		var err error
		if b, err = datamodel.Builtin(); err != nil {
			return nil, err
		}
	}
	names := newNameTable()
	return &Store{base: b, names: names, enc: newRowEncoder(names), built: map[string]*dataset{}, stCount: map[string]int{}}, nil
}

// shaper is the store's event shaper, compiled on first use. Load and
// Builtin have compiled every entry of the base (TestBuiltinCompiles for
// the built-in one), so a failure here is a bug, not bad input.
func (s *Store) shaper() *datamodel.EventShaper {
	if s.sh == nil {
		sh, err := datamodel.NewEventShaper(s.base)
		if err != nil {
			panic(fmt.Sprintf("BUG: knowledge that loaded does not compile: %v", err))
		}
		// Add encodes each row at once, so the shaper may make every
		// row in the same space.
		sh.Reduce(nil)
		s.sh = sh
	}
	return s.sh
}

// Base is the knowledge the store applies.
func (s *Store) Base() *datamodel.Base { return s.base }

// Add ingests one event: its default fields, the fields its format
// yields, then the add-on knowledge that applies to it.
func (s *Store) Add(ev *ingest.Event) {
	s.addRow(encodeRow(s.enc, s.shaper().Row(ev)))
}

// encodedRow is a row encoded, with what the store reads of it at once.
type encodedRow struct {
	c   crow
	st  string  // sourcetype
	t   float64 // _time for ordering
	key string  // partitionKey
	pos int64   // its place in its chunk (AddEventsSieved)
	loc spillLoc
}

func encodeRow(e *rowEncoder, row value.Fields) encodedRow {
	t, ok := row.Get("_time").Number()
	if !ok {
		t = math.Inf(-1)
	}
	kb := e.kb[:0]
	for _, f := range storeParts {
		kb = datamodel.AppendValueKey(kb, row.Get(f))
	}
	e.kb = kb
	// Rows of one partition share their key: held rows number hundreds
	// of thousands, their keys hundreds.
	key, ok := e.keys[string(kb)]
	if !ok {
		key = string(kb)
		if e.keys == nil {
			e.keys = map[string]string{}
		}
		if len(e.keys) < maxKeys {
			e.keys[key] = key
		}
	}
	return encodedRow{c: e.encode(row), st: row.Get("sourcetype").String(), t: t, key: key}
}

func (s *Store) addRow(r encodedRow) {
	// The partition key is taken now, from the row as made, rather than
	// when sealing: EventCode is text of _raw, which may be packed.
	id, ok := s.keyIDs[r.key]
	if !ok {
		if s.keyIDs == nil {
			s.keyIDs = map[string]uint32{}
		}
		id = uint32(len(s.keyMeta))
		s.keyIDs[r.key] = id
		// Reading goroutines add to spillMeta while rows are added.
		s.metaMu.Lock()
		meta := s.spillMeta[r.key]
		s.metaMu.Unlock()
		if r.loc.kind == inMemory {
			meta = s.partitionMeta(&r.c)
		}
		s.keyMeta = append(s.keyMeta, meta)
	}
	if r.loc.kind != inMemory && s.locs == nil {
		s.locs = make([]spillLoc, len(s.rows), cap(s.rows))
	}
	if s.locs != nil {
		s.locs = append(s.locs, r.loc)
	}
	s.keyOf = append(s.keyOf, id)
	s.added = append(s.added, int32(len(s.rows)))
	s.rows = append(s.rows, r.c)
	s.times = append(s.times, r.t)
	st := r.st
	if s.stCount[st] == 0 {
		s.stOrder = append(s.stOrder, st)
	}
	s.stCount[st]++
	s.mu.Lock()
	s.sealed = false
	s.post = nil // the event is in no list
	if len(s.built) > 0 {
		s.built = map[string]*dataset{}
	}
	s.mu.Unlock()
}

// Seal puts the events in search order and partitions them. Searches seal
// the store on first use; calling it after loading keeps that cost out of
// the first search.
//
// Splunk returns events newest first: "Events are retrieved from the
// indexes in reverse time order. The results of a search are ordered from
// most recent to least recent by default" (Search Manual, "About
// retrieving events",
// https://help.splunk.com/en/splunk-enterprise/search/search-manual/9.0/retrieve-events),
// and dedup, head, tail, streamstats, transaction and stats first()/last()
// see them in that order. Events with equal _time keep the order they
// were read in [our choice: the docs give no order for ties; file order
// is the one people expect].
func (s *Store) Seal() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seal()
}

func (s *Store) seal() {
	if s.sealed {
		return
	}
	times := s.times
	idx := make([]int, len(s.rows))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return times[idx[a]] > times[idx[b]] })
	// New slices: datasets built before keep reading the old ones.
	sorted := make([]crow, len(s.rows))
	keyOf := make([]uint32, len(s.rows))
	added := make([]int32, len(s.rows))
	s.times = make([]float64, len(s.rows))
	var locs []spillLoc
	if s.locs != nil {
		locs = make([]spillLoc, len(s.rows))
	}
	staged := false
	for i, j := range idx {
		sorted[i] = s.rows[j]
		keyOf[i] = s.keyOf[j]
		added[i] = s.added[j]
		s.times[i] = times[j]
		if locs != nil {
			locs[i] = s.locs[j]
			staged = staged || locs[i].kind == inStaging
		}
	}
	s.rows, s.keyOf, s.locs, s.added = sorted, keyOf, locs, added
	s.parts = s.parts[:0]
	s.partOf = make([]uint16, len(s.rows))
	keys := map[uint32]int{}
	for i := range s.rows {
		p, ok := keys[s.keyOf[i]]
		meta := s.keyMeta[s.keyOf[i]]
		if !ok {
			if len(s.parts) == math.MaxUint16 {
				// Too many to tell apart: the last partition takes
				// the rest and says nothing of its fields, so it is
				// never skipped.
				p = len(s.parts) - 1
				s.parts[p].overflow = true
			} else {
				p = len(s.parts)
				s.parts = append(s.parts, &partition{meta: meta})
				keys[s.keyOf[i]] = p
			}
		}
		s.parts[p].events = append(s.parts[p].events, int32(i))
		s.partOf[i] = uint16(p)
	}
	if staged && s.spillErr == nil {
		s.spillErr = s.respill()
	}
	s.sealed = true
}

// partitionMeta reads an event's storeParts (present ones only).
func (s *Store) partitionMeta(r *crow) value.Fields {
	meta := make(value.Fields, 0, len(storeParts))
	var names []string
	for _, f := range storeParts {
		id, ok := s.names.lookupID(f)
		if !ok {
			continue
		}
		if names == nil {
			names = s.names.list() // holds id, and r's names: r is encoded
		}
		if v, ok := r.lookup(names, id); ok && !v.IsNull() {
			meta = append(meta, value.Field{Name: f, Value: v})
		}
	}
	return meta
}

// storeParts are the fields the store's partitions are made by:
// datamodel.PartitionFields, and the eventtypes and tags the knowledge gave the
// events (which data model constraints name: Endpoint.Processes is
// tag=process tag=report), so that a partition answers for them without
// reading its events. The eventtype sieve keeps to datamodel.PartitionFields: it
// runs before an event has eventtypes or tags.
var storeParts = append(append([]string(nil), datamodel.PartitionFields...), "eventtype", "tag")

// maxListed is how many distinct values of a field a partition lists for
// a search's partition test; beyond, it cannot tell.
const maxListed = 32

// fieldList is what a partition knows of a field's values.
type fieldList struct {
	vals        []value.Value
	missing, ok bool
}

// partView is a partition as engine.Partition, for one store.
type partView struct {
	s *Store
	p *partition
}

func (v partView) Known(field string) bool {
	if v.p.overflow {
		return false
	}
	for _, f := range storeParts {
		if f == field {
			return true
		}
	}
	return false
}

// Len is the number of events in the partition, for a trace's count of
// the events a search passed over with it.
func (v partView) Len() int { return len(v.p.events) }

// Values lists a field's values over the partition: the partition's own
// for the fields that make it, else found by reading its events once
// (then kept), stopping at more than maxListed distinct values.
func (v partView) Values(field string) ([]value.Value, bool, bool) {
	if v.p.overflow {
		return nil, false, false
	}
	if v.Known(field) {
		if x, ok := v.p.meta.Lookup(field); ok {
			return []value.Value{x}, false, true
		}
		return nil, true, true
	}
	s := v.s
	s.listMu.Lock()
	defer s.listMu.Unlock()
	if l, ok := v.p.lists[field]; ok {
		return l.vals, l.missing, l.ok
	}
	l := fieldList{ok: true}
	seen := map[string]bool{}
	var kb []byte
	id, named := s.names.lookupID(field)
	// Each value is looked up in scratch memory (segments read back,
	// text unpacked) and copied only when it is new to the list.
	rd := s.reader()
	rd.scratch = true
	for _, i := range v.p.events {
		x, ok, scratch := value.Null, false, false
		if named {
			c, err := rd.row(int(i))
			if err != nil {
				return nil, false, false // the scan reports it
			}
			x, ok = c.lookupScratch(s.names.names, id, &rd.unpacked)
			scratch = c.pk != nil || rd.spilled(int(i))
		}
		if !ok || x.IsNull() {
			l.missing = true
			continue
		}
		kb = datamodel.AppendValueKey(kb[:0], x)
		if seen[string(kb)] {
			continue
		}
		if len(l.vals) == maxListed {
			l = fieldList{}
			break
		}
		seen[string(kb)] = true
		if scratch {
			x = x.Detach()
		}
		l.vals = append(l.vals, x)
	}
	if v.p.lists == nil {
		v.p.lists = map[string]fieldList{}
	}
	v.p.lists[field] = l
	return l.vals, l.missing, l.ok
}

// Len is the number of events held. It may be asked while searches run,
// one of which may be sealing the store (which replaces rows).
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.rows)
}

// Scan implements engine.Source: the events newest first, each kept one
// decoded and then copied for fn (the filter reads them in place). It
// filters on one goroutine and skips the partitions req.Skip rules out;
// req.Must is left to the filter.
func (s *Store) Scan(ctx context.Context, req engine.EventScan, fn func(value.Fields) error) error {
	return mergeEvents(ctx, []*Store{s}, req, fn)
}

// mergeEvents is Scan over the stores' events merged newest first; among
// equal times, earlier stores' events come first, and each store's in its
// own order.
func mergeEvents(ctx context.Context, stores []*Store, req engine.EventScan, fn func(value.Fields) error) error {
	skip := req.Skip
	keep := func(value.Fields) bool { return true }
	if req.NewKeep != nil {
		keep = req.NewKeep()
	}
	emit := func(r value.Fields) error {
		if !keep(r) {
			return nil
		}
		return fn(cloneRoomy(r))
	}
	type cursor struct {
		s     *Store
		names []string
		keep  []bool
		at    int
		rd    *rowReader
		// only, when set, are the events to read (the prefilter's list,
		// in search order); k is the next one's place in it.
		only []int32
		k    int
	}
	var cs []*cursor
	for _, s := range stores {
		s.Seal()
		if s.spillErr != nil {
			return s.spillErr
		}
		c := &cursor{s: s, names: s.names.names, rd: s.reader()}
		if only, ok := s.post.list(req.Prefilter); ok {
			if len(only) == 0 {
				continue
			}
			c.only = only
		}
		if skip != nil {
			c.keep = make([]bool, len(s.parts))
			any := false
			for i, p := range s.parts {
				c.keep[i] = !skip(partView{s, p})
				any = any || c.keep[i]
			}
			if !any {
				continue
			}
		}
		cs = append(cs, c)
	}
	// next moves c to its next kept event; false at the end.
	next := func(c *cursor) bool {
		if c.only != nil {
			for ; c.k < len(c.only); c.k++ {
				if c.keep == nil || c.keep[c.s.partOf[c.only[c.k]]] {
					c.at = int(c.only[c.k])
					return true
				}
			}
			return false
		}
		for c.at < len(c.s.rows) && c.keep != nil && !c.keep[c.s.partOf[c.at]] {
			c.at++
		}
		return c.at < len(c.s.rows)
	}
	// done moves c past the event it is at.
	done := func(c *cursor) {
		c.at++
		c.k++
	}
	n := 0
	var buf value.Fields
	for {
		var best *cursor
		for _, c := range cs {
			if !next(c) {
				continue
			}
			if best == nil || c.s.times[c.at] > best.s.times[best.at] {
				best = c
			}
		}
		if best == nil {
			return nil
		}
		if n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		n++
		row, err := best.rd.row(best.at)
		if err != nil {
			return err
		}
		r := row.decode(best.names, buf[:0])
		buf = r
		done(best)
		if err := emit(r); err != nil {
			return err
		}
		if len(cs) == 1 {
			// One store: no merge to do, so skip the comparisons.
			for next(best) {
				if n%1024 == 0 && ctx.Err() != nil {
					return ctx.Err()
				}
				n++
				row, err := best.rd.row(best.at)
				if err != nil {
					return err
				}
				r := row.decode(best.names, buf[:0])
				buf = r
				done(best)
				if err := emit(r); err != nil {
					return err
				}
			}
			return nil
		}
	}
}

// rowRoom is the room a scanned row is given for fields a search adds
// (eval, rex, bin's copies): without it the first added field copies
// the whole row again into an array twice its size.
const rowRoom = 8

// cloneRoomy is r.Clone with room for rowRoom more fields. The row is the
// search's own, as a clone is: nothing else holds its array.
func cloneRoomy(r value.Fields) value.Fields {
	out := make(value.Fields, len(r), len(r)+rowRoom)
	copy(out, r)
	return out
}

// Describe summarises the store for people: events per sourcetype.
func (s *Store) Describe() string {
	parts := make([]string, len(s.stOrder))
	for i, st := range s.stOrder {
		parts[i] = st + "=" + strconv.Itoa(s.stCount[st])
	}
	return strings.Join(parts, ", ")
}

// TimeRange returns the earliest and latest _time of the events, and
// whether there are any.
func (s *Store) TimeRange() (lo, hi float64, ok bool) {
	// The times the store orders events by (-Inf where _time is not a
	// number), read under the lock: searches sharing the store may be
	// sealing it, which replaces the slices (spelunk test runs cases
	// at once over shared data).
	s.mu.Lock()
	times := s.times
	s.mu.Unlock()
	for _, t := range times {
		if math.IsInf(t, -1) {
			continue
		}
		if !ok || t < lo {
			lo = t
		}
		if !ok || t > hi {
			hi = t
		}
		ok = true
	}
	return lo, hi, ok
}

// AddPaths reads paths (as ingest.ReadPaths takes them) with up to
// workers goroutines, each giving events their fields with its own
// compiled knowledge, and adds the events keep accepts (nil: all) in the
// order ReadPaths gives them, so the store is the one Add would make. An
// error from keep (a memory budget used up) stops the read.
// After an error the store holds an unspecified part of the events.
func (s *Store) AddPaths(paths []string, opt ingest.Options, workers int, keep func(*ingest.Event) (bool, error)) (ingest.Stats, error) {
	return s.AddPathsSieved(paths, opt, workers, keep, nil, nil)
}

// AddPathsSieved is AddPaths with a second say: an event keep accepts is
// shaped and judged by sieve (nil: every event shaped in full and held),
// which gives the row s holds, if any, and a row for other (a store of
// data model events holding only the fields its datasets read), if any.
func (s *Store) AddPathsSieved(paths []string, opt ingest.Options, workers int, keep func(*ingest.Event) (bool, error), sieve Sieve, other *Store) (ingest.Stats, error) {
	// Each row is encoded before the next event is read, so the reader's
	// fields and the shaper's row can be made in the same space each time.
	opt.ReuseFields = true
	var st ingest.Stats
	err := s.addSieved(workers, false, func(fn func(worker, chunk int, pos int64, ev *ingest.Event) error) error {
		var err error
		st, err = ingest.ReadChunks(paths, opt, workers, func(worker, chunk int, ev *ingest.Event) error {
			return fn(worker, chunk, 0, ev)
		})
		return err
	}, keep, sieve, other)
	return st, err
}

// AddEventsSieved is AddPathsSieved over the events read gives fn, from
// up to workers goroutines (numbered 0 to workers-1), rather than over
// files: each with its chunk (the sieve's) and its place in the chunk.
// The store holds them in the order of chunk, then place. read must not
// call fn again on a goroutine before fn has returned there; the event
// may be reused after.
func (s *Store) AddEventsSieved(workers int, read func(fn func(worker, chunk int, pos int64, ev *ingest.Event) error) error,
	keep func(*ingest.Event) (bool, error), sieve Sieve, other *Store) error {
	return s.addSieved(workers, true, read, keep, sieve, other)
}

// addSieved adds what read reads; byPos sorts each chunk's rows by their
// place (else they keep the order they came in).
func (s *Store) addSieved(workers int, byPos bool, read func(fn func(worker, chunk int, pos int64, ev *ingest.Event) error) error,
	keep func(*ingest.Event) (bool, error), sieve Sieve, other *Store) error {
	workers = max(workers, 1)
	shapers := make([]*datamodel.EventShaper, workers)
	encoders := make([]*rowEncoder, workers)
	others := make([]*rowEncoder, workers)
	// The encoders of the rows spilled: their text is written out at once.
	scratch, otherScratch := make([]*rowEncoder, workers), make([]*rowEncoder, workers)
	var mu sync.Mutex
	var setupErr error
	chunks := map[int][]encodedRow{}
	otherChunks := map[int][]encodedRow{}
	// Over files, a worker reads a chunk to its end before it takes the
	// next, and chunks are taken in order: the chunks below every worker's
	// current one are complete, and their rows are added to the stores at
	// once rather than held until the end.
	last, cur := make([]int, workers), make([]int, workers)
	for w := range last {
		last[w], cur[w] = -1, -1
	}
	err := read(func(worker, chunk int, pos int64, ev *ingest.Event) error {
		if !byPos && last[worker] != chunk {
			last[worker] = chunk
			mu.Lock()
			cur[worker] = chunk
			low := slices.Min(cur)
			s.addChunksBelow(chunks, low, false)
			if other != nil {
				other.addChunksBelow(otherChunks, low, false)
			}
			mu.Unlock()
		}
		if encoders[worker] == nil {
			encoders[worker] = newRowEncoder(s.names).packWith(s.packs)
			scratch[worker] = newScratchEncoder(s.names, s.packs)
			if other != nil {
				others[worker] = newRowEncoder(other.names).packWith(other.packs)
				otherScratch[worker] = newScratchEncoder(other.names, other.packs)
			}
		}
		if keep != nil {
			ok, err := keep(ev)
			if err != nil || !ok {
				return err
			}
		}
		var shaped value.Fields
		if sieve == nil {
			sh := shapers[worker]
			if sh == nil {
				var err error
				if sh, err = datamodel.NewEventShaper(s.base); err != nil {
					mu.Lock()
					setupErr = err
					mu.Unlock()
					return err
				}
				sh.Reduce(nil)
				shapers[worker] = sh
			}
			shaped = sh.Row(ev)
		} else {
			var alt value.Fields
			var err error
			if shaped, alt, err = sieve(worker, chunk, pos, ev); err != nil {
				return err
			}
			if alt != nil && other != nil {
				row, err := other.holdRow(others[worker], otherScratch[worker], alt)
				if err != nil {
					return err
				}
				row.pos = pos
				mu.Lock()
				otherChunks[chunk] = append(otherChunks[chunk], row)
				mu.Unlock()
			}
		}
		if shaped == nil {
			return nil
		}
		row, err := s.holdRow(encoders[worker], scratch[worker], shaped)
		if err != nil {
			return err
		}
		row.pos = pos
		mu.Lock()
		chunks[chunk] = append(chunks[chunk], row)
		mu.Unlock()
		return nil
	})
	if setupErr != nil {
		return setupErr
	}
	// The rows staged are in the file once the read is over.
	for _, x := range []*Store{s, other} {
		if x != nil && x.spill != nil {
			if ferr := x.spill.flush(); ferr != nil && err == nil {
				err = ferr
			}
		}
	}
	s.addChunks(chunks, byPos)
	if other != nil {
		other.addChunks(otherChunks, byPos)
	}
	return err
}

// addChunks adds the rows of chunks in chunk order (and in the order of
// their places in a chunk, byPos).
func (s *Store) addChunks(chunks map[int][]encodedRow, byPos bool) {
	s.addChunksBelow(chunks, math.MaxInt, byPos)
}

// addChunksBelow adds the rows of the chunks numbered below low, in chunk
// order (and by place, byPos), and drops them from chunks.
func (s *Store) addChunksBelow(chunks map[int][]encodedRow, low int, byPos bool) {
	var order []int
	for c := range chunks {
		if c < low {
			order = append(order, c)
		}
	}
	sort.Ints(order)
	for _, c := range order {
		if byPos {
			slices.SortStableFunc(chunks[c], func(a, b encodedRow) int { return cmp.Compare(a.pos, b.pos) })
		}
		for _, row := range chunks[c] {
			s.addRow(row)
		}
		delete(chunks, c)
	}
}

// Knowledge implements engine.KnowledgeSource: the tags and eventtypes of
// the store's knowledge, for the tags and typer commands.
func (s *Store) Knowledge() (engine.Knowledge, error) { return datamodel.SearchKnowledge(s.base) }

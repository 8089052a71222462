package hunt

import (
	"cmp"
	"slices"
)

// The sieve tests every event it reads against the prefilters of the
// searches its partition may hold for; for an event it holds, it goes on
// past the first that passes and notes each one that does. The store then
// indexes its events by prefilter (store.Index), so that a detection's
// leading search reads only the events its own prefilter passed instead
// of every event some search wanted.

// chunkMarks are the prefilters the events a chunk holds passed, as one
// goroutine saw them: over an index, several read one chunk's events.
type chunkMarks struct {
	held  int32   // the chunk's events held so far by this goroutine
	pos   []int64 // each one's place in the chunk (Sieve's pos)
	marks []mark  // in the order of the chunk's events
}

// mark says that the pos-th event a chunk holds passed scan's prefilter.
type mark struct {
	pos, scan int32
}

// note records that the chunk's next held event passed the scans of
// passed.
func (w *sieveWorker) note(chunk int, pos int64, passed []int32) {
	cm := w.marks[chunk]
	if cm == nil {
		if w.marks == nil {
			w.marks = map[int]*chunkMarks{}
		}
		cm = &chunkMarks{}
		w.marks[chunk] = cm
	}
	for _, sc := range passed {
		cm.marks = append(cm.marks, mark{pos: cm.held, scan: sc})
	}
	cm.pos = append(cm.pos, pos)
	cm.held++
}

// mark notes the scans (scanOf of the prefilters pres) the next event
// may pass; nil: any (index.Narrow.Mark).
func (w *sieveWorker) mark(scanOf, pres []int32) {
	if w.marked = pres != nil; !w.marked {
		return
	}
	if w.gen++; w.gen == 0 { // wrapped: clear the old stamps
		clear(w.stamp)
		w.gen = 1
	}
	for _, p := range pres {
		sc := int(scanOf[p])
		if sc >= len(w.stamp) {
			w.stamp = append(w.stamp, make([]uint32, sc+1-len(w.stamp))...)
		}
		w.stamp[sc] = w.gen
	}
}

// may is the test of the scans the event being sieved may pass, as
// marked, and forgets the mark; nil (any) when it was not marked.
func (w *sieveWorker) may() func(int) bool {
	if !w.marked {
		return nil
	}
	w.marked = false
	return w.allows
}

// allows reports whether the event marked may pass scan sc.
func (w *sieveWorker) allows(sc int) bool { return sc < len(w.stamp) && w.stamp[sc] == w.gen }

// postings are, by prefilter text, the events each prefilter passed,
// numbered in the order the store holds them as read (chunk by chunk,
// store.Store.AddPathsSieved), as store.Store.Index takes them.
func (sv *sieve) postings() map[string][]int32 {
	if sv.all {
		return nil // every event held, none tested
	}
	byChunk := map[int][]*chunkMarks{}
	for _, w := range sv.workers {
		if w == nil {
			continue
		}
		for c, cm := range w.marks {
			byChunk[c] = append(byChunk[c], cm)
		}
	}
	chunks := make([]int, 0, len(byChunk))
	for c := range byChunk {
		chunks = append(chunks, c)
	}
	slices.Sort(chunks)
	lists := make([][]int32, len(sv.scans))
	var at int32 // the number of the chunk's first held event
	for _, c := range chunks {
		cms := byChunk[c]
		if len(cms) == 1 && slices.IsSorted(cms[0].pos) {
			// One goroutine's events, in the order the store holds them.
			cm := cms[0]
			for _, m := range cm.marks {
				lists[m.scan] = append(lists[m.scan], at+m.pos)
			}
			at += cm.held
		} else {
			at = numberByPos(cms, lists, at)
		}
		delete(byChunk, c)
	}
	out := make(map[string][]int32, len(sv.scans))
	for i, sc := range sv.scans {
		if sc.pre.Text == "" {
			continue // every event: no list
		}
		out[sc.pre.Text] = lists[i]
	}
	for _, w := range sv.workers {
		if w != nil {
			w.marks = nil
		}
	}
	if postingsHook != nil {
		postingsHook(out)
	}
	return out
}

// numberByPos adds to lists the marks of one chunk's events seen by
// several goroutines, numbering the events by their place in the chunk,
// as the store holds them (AddEventsSieved); it returns the number after
// the chunk's last.
func numberByPos(cms []*chunkMarks, lists [][]int32, at int32) int32 {
	type held struct {
		pos    int64
		cm, at int32
	}
	var all []held
	for i, cm := range cms {
		for j, p := range cm.pos {
			all = append(all, held{pos: p, cm: int32(i), at: int32(j)})
		}
	}
	slices.SortStableFunc(all, func(a, b held) int { return cmp.Compare(a.pos, b.pos) })
	number := make([][]int32, len(cms))
	for i, cm := range cms {
		number[i] = make([]int32, cm.held)
	}
	for k, h := range all {
		number[h.cm][h.at] = at + int32(k)
	}
	// Each list in the store's order: the marks of all goroutines merged.
	first := map[int32]int{}
	for i, cm := range cms {
		for _, m := range cm.marks {
			n := number[i][m.pos]
			if _, ok := first[m.scan]; !ok {
				first[m.scan] = len(lists[m.scan])
			}
			lists[m.scan] = append(lists[m.scan], n)
		}
	}
	for sc, from := range first {
		slices.Sort(lists[sc][from:])
	}
	return at + int32(len(all))
}

// postingsHook, when set (by a test), changes the lists before the
// store takes them.
var postingsHook func(map[string][]int32)

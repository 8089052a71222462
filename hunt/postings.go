package hunt

import (
	"slices"

	"github.com/spelunk-dev/spelunk/value"
)

// The sieve tests every event it reads against the prefilters of the
// searches its partition may hold for; for an event it holds, it goes on
// past the first that passes and notes each one that does. The store then
// indexes its events by prefilter (store.Index), so that a detection's
// leading search reads only the events its own prefilter passed instead
// of every event some search wanted.

// chunkMarks are the prefilters the events a chunk holds passed.
type chunkMarks struct {
	held  int32  // the chunk's events held so far
	marks []mark // in the order of the chunk's events
}

// mark says that the pos-th event a chunk holds passed scan's prefilter.
type mark struct {
	pos, scan int32
}

// passing appends to out the scans (indexes into sv.scans) whose
// prefilter row passes: it holds the search's text (Must, cheap) and
// passes its filter.
func (sv *sieve) passing(w *sieveWorker, row value.Fields, scans []int, out []int32) []int32 {
	for _, i := range scans {
		sc := &sv.scans[i]
		if !holdsAll(row, sc.pre.Must) {
			continue
		}
		if sc.pre.NewKeep != nil {
			if w.keeps == nil {
				w.keeps = make([]func(value.Fields) bool, len(sv.scans))
			}
			if w.keeps[i] == nil {
				w.keeps[i] = sc.pre.NewKeep()
			}
			if !w.keeps[i](row) {
				continue
			}
		}
		out = append(out, int32(i))
	}
	return out
}

// note records that the chunk's next held event passed the scans of
// passed.
func (w *sieveWorker) note(chunk int, passed []int32) {
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
	cm.held++
}

// postings are, by prefilter text, the events each prefilter passed,
// numbered in the order the store holds them as read (chunk by chunk,
// store.Store.AddPathsSieved), as store.Store.Index takes them.
func (sv *sieve) postings() map[string][]int32 {
	if sv.all {
		return nil // every event held, none tested
	}
	byChunk := map[int]*chunkMarks{}
	for _, w := range sv.workers {
		if w == nil {
			continue
		}
		for c, cm := range w.marks {
			byChunk[c] = cm
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
		cm := byChunk[c]
		for _, m := range cm.marks {
			lists[m.scan] = append(lists[m.scan], at+m.pos)
		}
		at += cm.held
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

// postingsHook, when set (by a test), changes the lists before the
// store takes them.
var postingsHook func(map[string][]int32)

package store

import (
	"fmt"
	"slices"
)

// postings are, for each search prefilter's text, the events of a store
// that passed it, in search order: a hunt's sieve tests every event it
// reads against every search's prefilter, so a detection's leading search
// need read only the events its own prefilter passed, not every event
// some search wanted.
type postings struct {
	lists map[string][]int32 // by prefilter text; store positions, ascending
}

// list is the positions of key's events, and whether the store has a
// list for key (an empty key has none: such a scan reads every event).
// p may be nil.
func (p *postings) list(key string) ([]int32, bool) {
	if p == nil || key == "" {
		return nil, false
	}
	l, ok := p.lists[key]
	return l, ok
}

// Index records, for each key (the text of a search's prefilter,
// engine.Prefilter.Text), which of the store's events passed it, each
// numbered in the order the events were added (the first added is 0):
// a Scan whose request names a key (engine.EventScan.Prefilter) then
// reads only that key's events, in the store's order, and a Scan naming
// no key every event. A list must hold every event of the store that
// passes its key's prefilter. The store is sealed. Adding an event drops the index, since the
// event is in no list. Index takes the lists.
func (s *Store) Index(lists map[string][]int32) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	// Sealed first: the lists are then of the order searches read.
	s.seal()
	n := int32(len(s.rows))
	// pos[a] is where the event added a-th now is.
	pos := make([]int32, n)
	for i, a := range s.added {
		pos[a] = int32(i)
	}
	p := &postings{lists: make(map[string][]int32, len(lists))}
	for key, l := range lists {
		for i, a := range l {
			if a < 0 || a >= n {
				return fmt.Errorf("store: the list of %q holds event %d of %d", key, a, n)
			}
			l[i] = pos[a]
		}
		slices.Sort(l)
		p.lists[key] = slices.Compact(l)
	}
	s.post = p
	return nil
}

// Indexed reports how many prefilters the store has lists for, and how
// many events they hold in all (with repeats), for people.
func (s *Store) Indexed() (keys, events int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.post == nil {
		return 0, 0
	}
	for _, l := range s.post.lists {
		events += len(l)
	}
	return len(s.post.lists), events
}

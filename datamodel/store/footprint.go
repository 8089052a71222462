package store

import "unsafe"

// Footprint is what a store holds in memory: its events, the bytes of
// their text (_raw, packed or not, and the encoded fields) kept in memory
// rather than spilled, and the bytes of the text of the data model
// datasets built from it (a row's own: one sharing its event's _raw is
// counted with the event, as is one pointing into its event's blob).
type Footprint struct {
	Events, EventsText int64
	Datasets           int64
}

// Footprint measures the store (SPELUNK_TIMES prints it for a hunt).
func (s *Store) Footprint() Footprint {
	s.mu.Lock()
	defer s.mu.Unlock()
	var f Footprint
	f.Events = int64(len(s.rows))
	for i := range s.rows {
		f.EventsText += int64(len(s.rows[i].raw) + len(s.rows[i].blob))
	}
	for _, d := range s.built {
		for i := range d.rows {
			r := &d.rows[i]
			f.Datasets += int64(len(r.blob))
			ev := &d.src[d.evs[i]]
			if r.raw != "" && unsafe.StringData(r.raw) != unsafe.StringData(ev.raw) && unsafe.StringData(r.raw) != unsafe.StringData(ev.blob) {
				f.Datasets += int64(len(r.raw))
			}
		}
	}
	return f
}

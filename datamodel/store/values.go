package store

import (
	"slices"

	"github.com/spelunk-dev/spelunk/value"
)

// SourceFields is what a group of events of one sourcetype and source
// holds of some fields: the distinct text of each value (the elements of
// multivalues).
type SourceFields struct {
	Sourcetype, Source string
	Values             map[string][]string
}

// SourceValues lists, for each partition of the events (so a sourcetype
// and source may come more than once), the values fields take. It reads
// each field of each event alone rather than decoding the events: the
// hunt asks this of every event to tell which data sources are present.
func (s *Store) SourceValues(fields []string) []SourceFields {
	s.Seal()
	names := s.names.names
	ids := make([]uint32, len(fields))
	named := make([]bool, len(fields))
	inMeta := make([]bool, len(fields))
	for k, f := range fields {
		ids[k], named[k] = s.names.lookupID(f)
		inMeta[k] = slices.Contains(storeParts, f)
	}
	stID, stNamed := s.names.lookupID("sourcetype")
	srcID, srcNamed := s.names.lookupID("source")
	rd := s.reader()
	// A row that cannot be read back from the spill file (damaged) has
	// no values here; the searches reading it report the error.
	lookup := func(i int32, id uint32) (value.Value, bool) {
		c, err := rd.row(int(i))
		if err != nil {
			return value.Null, false
		}
		v, ok := c.lookup(names, id)
		if rd.spilled(int(i)) {
			v = v.Detach()
		}
		return v, ok
	}
	text := func(i int32, id uint32, ok bool) string {
		if !ok {
			return ""
		}
		v, _ := lookup(i, id)
		return v.String()
	}
	var out []SourceFields
	add := func(st, src string) *SourceFields {
		out = append(out, SourceFields{Sourcetype: st, Source: src, Values: map[string][]string{}})
		return &out[len(out)-1]
	}
	for _, p := range s.parts {
		var cur *SourceFields
		if !p.overflow {
			cur = add(p.meta.Get("sourcetype").String(), p.meta.Get("source").String())
		}
		seen := make([]map[string]bool, len(fields))
		for _, i := range p.events {
			sf := cur
			if p.overflow {
				// Events of many keys: each one's own.
				sf = add(text(i, stID, stNamed), text(i, srcID, srcNamed))
				clear(seen)
			}
			for k, f := range fields {
				if !named[k] {
					continue
				}
				var v value.Value
				var ok bool
				if inMeta[k] && !p.overflow {
					// The partition's own (EventCode): no event read.
					v, ok = p.meta.Lookup(f)
				} else {
					v, ok = lookup(i, ids[k])
				}
				if !ok {
					continue
				}
				if seen[k] == nil {
					seen[k] = map[string]bool{}
				}
				for _, e := range v.Values() {
					if t := e.String(); !seen[k][t] {
						seen[k][t] = true
						sf.Values[f] = append(sf.Values[f], t)
					}
				}
			}
		}
	}
	return out
}

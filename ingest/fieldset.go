package ingest

import "strings"

// fieldSet is Options.Fields as a reader asks it, by a field's name as
// the record spells it: the decision is remembered by the field's
// position in the record, since records of one source list their fields
// in the same order and comparing a name costs less than cleaning and
// hashing it.
type fieldSet struct {
	want  map[string]bool // by name after CLEAN_KEYS
	names []string        // by position: the name as spelled, a copy
	clean []string        // its name after CLEAN_KEYS, a copy, when kept
	keeps []bool
	pos   int // fields asked about in this record so far
}

func newFieldSet(fields []string) *fieldSet {
	if fields == nil {
		return nil
	}
	s := &fieldSet{want: make(map[string]bool, len(fields))}
	for _, f := range fields {
		s.want[f] = true
	}
	return s
}

// record starts a record.
func (s *fieldSet) record() { s.pos = 0 }

// keep reports whether the field named raw (before CLEAN_KEYS) is wanted.
func (s *fieldSet) keep(raw string) bool {
	_, ok := s.name(raw)
	return ok
}

// name reports whether the field named raw (before CLEAN_KEYS) is wanted,
// with its name after CLEAN_KEYS. The name is the set's own copy: raw
// may be a view of the input, which must not be kept.
func (s *fieldSet) name(raw string) (string, bool) {
	i := s.pos
	s.pos++
	if i < len(s.names) && s.names[i] == raw {
		return s.clean[i], s.keeps[i]
	}
	c := cleanKey(raw)
	k := s.want[c]
	if k {
		c = strings.Clone(c)
	} else {
		c = ""
	}
	for len(s.names) <= i {
		s.names, s.clean, s.keeps = append(s.names, ""), append(s.clean, ""), append(s.keeps, false)
	}
	s.names[i], s.clean[i], s.keeps[i] = strings.Clone(raw), c, k
	return c, k
}

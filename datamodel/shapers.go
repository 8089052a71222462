package datamodel

// Shapers is a Base's knowledge compiled once, from which it makes
// shapers that share the compiled knowledge: a hunt shapes events to a
// few dozen field sets, each compile takes milliseconds, and compiled
// knowledge is the same whatever fields a shaper is reduced to. Its
// compiled searches keep memos, so each goroutine needs its own Shapers;
// the shapers of one are used one at a time.
type Shapers struct{ sh *shaper }

// NewShapers compiles the knowledge of b for one goroutine.
func NewShapers(b *Base) (*Shapers, error) {
	sh, err := newShaper(b)
	if err != nil {
		return nil, err
	}
	return &Shapers{sh: sh}, nil
}

// EventShaper makes a shaper of every field, to reduce as a fresh
// NewEventShaper's; it shares the compiled knowledge with the others.
func (s *Shapers) EventShaper() *EventShaper { return &EventShaper{sh: s.sh.derive()} }

// derive is a shaper with sh's compiled knowledge and eventtypes but
// scratch of its own. Each entry is copied, as prune rewrites its lists
// of reports, aliases and calculations in place (it makes new lists, so
// the copies share the compiled ones).
func (sh *shaper) derive() *shaper {
	d := &shaper{knowledge: make(map[string][]*compiledKnowledge, len(sh.knowledge)), extra: map[string]*int{}, eventtypes: sh.eventtypes}
	for st, list := range sh.knowledge {
		cp := make([]*compiledKnowledge, len(list))
		for i, ck := range list {
			c := *ck
			cp[i] = &c
		}
		d.knowledge[st] = cp
	}
	return d
}

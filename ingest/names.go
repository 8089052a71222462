package ingest

import "strings"

// nameTable remembers the names a reader met with their names after
// CLEAN_KEYS, two a set, in sets chosen by a name's length and three of
// its bytes: records of one source repeat the same few dozen names, and a
// comparison with a name met before costs less than cleaning it again (a
// tenth of reading W1's XML). The names it returns are its own copies,
// the same string for every record, so that the fields' names keep no
// record alive and compare at once by their pointers.
type nameTable struct {
	sets *[256][2]nameSlot
}

type nameSlot struct{ raw, clean string }

// clean is cleanKey(name).
func (t *nameTable) clean(name string) string {
	if name == "" {
		return ""
	}
	if t.sets == nil {
		t.sets = new([256][2]nameSlot)
	}
	h := (uint(len(name))*31 + uint(name[0])*7 + uint(name[len(name)-1])*131 + uint(name[len(name)/2])) & 255
	set := &t.sets[h]
	if set[0].raw == name {
		return set[0].clean
	}
	if set[1].raw == name {
		return set[1].clean
	}
	// The last met first: two names of a set alternating stay.
	raw := strings.Clone(name)
	set[1], set[0] = set[0], nameSlot{raw, cleanKey(raw)}
	return set[0].clean
}

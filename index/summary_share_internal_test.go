package index

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// texts lists a column's rows as their texts ("<null>" for none).
func texts(c *sumColumn) []string {
	out := make([]string, len(c.ids))
	for r, id := range c.ids {
		out[r] = "<null>"
		if id >= 0 {
			out[r] = c.get(id)
		}
	}
	return out
}

// plainColumn is a plain column of rows (nil: null), an entry per value.
func plainColumn(rows []*string) *sumColumn {
	c := &sumColumn{plain: true, offs: []uint32{0}}
	for _, r := range rows {
		if r == nil {
			c.ids = append(c.ids, -1)
			continue
		}
		c.blob = append(c.blob, *r...)
		c.offs = append(c.offs, uint32(len(c.blob)))
		c.ids = append(c.ids, int32(c.entries()-1))
	}
	return c
}

// TestDistinct checks that a plain column numbered by its distinct
// texts holds the same text in every row, each text once, and that a
// column of distinct texts is left as it is.
func TestDistinct(t *testing.T) {
	s := func(x string) *string { return &x }
	for _, rows := range [][]*string{
		{s("a"), s("b"), s("a"), nil, s(""), s("b"), s(""), nil},
		{s("x"), nil, s("y")},
		{nil, nil},
		{},
	} {
		c := plainColumn(rows)
		d := c.distinct()
		if diff := cmp.Diff(texts(c), texts(d)); diff != "" {
			t.Errorf("rows changed (-plain +distinct):\n%s", diff)
		}
		seen := map[string]bool{}
		for k := range d.entries() {
			if seen[d.get(int32(k))] {
				t.Errorf("%q twice among %v", d.get(int32(k)), texts(d))
			}
			seen[d.get(int32(k))] = true
		}
		if len(seen) == c.entries() && d != c {
			t.Errorf("a column of distinct texts was copied: %v", texts(c))
		}
	}
}

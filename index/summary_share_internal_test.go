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

// TestHolding checks that the entries of a column read from the cache
// are tested for the text they must hold as holdsAll tests them, ASCII
// case ignored, other bytes as they are (Kelvin sign, dotted I).
func TestHolding(t *testing.T) {
	s := func(x string) *string { return &x }
	c := plainColumn([]*string{s(`C:\Windows\System32\CMD.EXE`), s("wermgr.exe"), s("\u212aelvin k"), s("İstanbul cmd"), s(""), s("WerMgr")})
	e := &colEntry{cache: newColCache(1 << 20), text: c, kept: true}
	shared := &sumColumn{ids: c.ids, blob: c.blob, offs: c.offs, shared: e}
	for _, pieces := range [][]string{{"cmd.exe"}, {"wermgr"}, {"k"}, {"kelvin"}, {"i̇stanbul"}, {"stanbul", "cmd"}, {""}, {"system32", "windows"}, {"zz"}} {
		want := make([]bool, c.entries())
		for k := range want {
			want[k] = holdsAll(c.get(int32(k)), pieces)
		}
		if diff := cmp.Diff(want, shared.holding(pieces)); diff != "" {
			t.Errorf("%q (-holdsAll +holding):\n%s", pieces, diff)
		}
	}
}

package content

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRunsMatchOffsets packs offsets into runs and reads every value
// offset back: each maps to the file offset of its byte (one past the
// last byte at the end, the scalar's start before it and for an empty
// value), as the offsets say; escapes make several bytes of one offset,
// folds and doubled quotes skip file bytes, block scalars' final
// newlines repeat the last offset.
func TestRunsMatchOffsets(t *testing.T) {
	cases := map[string][]int32{
		"empty":          {},
		"one byte":       {12},
		"one line":       {5, 6, 7, 8},
		"folded lines":   {5, 6, 7, 12, 13, 14},
		"doubled quote":  {5, 6, 8, 9},
		"escape":         {5, 6, 6, 6, 9, 10},
		"final newlines": {5, 6, 7, 8, 8, 8},
		"backwards":      {9, 10, 3, 4, 5},
	}
	for name, offs := range cases {
		t.Run(name, func(t *testing.T) {
			pos := scalarPos{start: 2, exact: true, n: len(offs), runs: runsOf(offs)}
			var want, got []int
			for off := -1; off <= len(offs); off++ {
				w := 2
				switch {
				case off >= 0 && off < len(offs):
					w = int(offs[off])
				case off == len(offs) && len(offs) > 0:
					w = int(offs[len(offs)-1]) + 1
				}
				g, exact := pos.fileOffset(off)
				if !exact {
					t.Fatalf("offset %d: not exact", off)
				}
				want, got = append(want, w), append(got, g)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("file offsets (-offsets +runs):\n%s", diff)
			}
		})
	}
}

package runner

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The pacer's GOGC lets the heap grow by its headroom over the live heap,
// between 10 and its highest; past TightenPast's live heap, by the tight
// headroom. The expected values are the headroom's share of the live heap.
func TestGCPacerGOGC(t *testing.T) {
	const mb = 1 << 20
	cases := []struct {
		name           string
		tightAt, tight int64
		live           []uint64
		want           []int
	}{
		{"headroom alone", 0, 0,
			[]uint64{0, 50 * mb, 75 * mb, 150 * mb, 300 * mb, 600 * mb, 1000 * mb},
			[]int{100, 100, 100, 50, 25, 12, 10}},
		{"tight past 300 MB", 300 * mb, 40 * mb,
			[]uint64{0, 75 * mb, 150 * mb, 300 * mb, 301 * mb, 320 * mb, 400 * mb, 1000 * mb},
			[]int{100, 100, 50, 25, 13, 12, 10, 10}},
		{"a tight headroom larger than the headroom is the headroom", 100 * mb, 200 * mb,
			[]uint64{150 * mb, 300 * mb},
			[]int{50, 25}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := &GCPacer{headroom: 75 * mb, max: 100}
			p.TightenPast(c.tightAt, c.tight)
			var got []int
			for _, live := range c.live {
				got = append(got, p.gogcFor(live))
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("GOGC by live heap (-want +got):\n%s", diff)
			}
		})
	}
}

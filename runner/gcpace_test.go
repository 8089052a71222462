package runner

import (
	"testing"
	"time"

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

// Past the tight point, free heap pages past the tight headroom are given
// back to the system, at most once a second.
func TestGCPacerFrees(t *testing.T) {
	const mb = 1 << 20
	p := &GCPacer{headroom: 75 * mb, max: 100}
	p.TightenPast(300*mb, 40*mb)
	cases := []struct {
		name       string
		live, free uint64
		since      time.Duration
		want       bool
	}{
		{"under the tight point", 300 * mb, 100 * mb, time.Hour, false},
		{"past it, little free", 301 * mb, 40 * mb, time.Hour, false},
		{"past it, more free", 301 * mb, 41 * mb, time.Hour, true},
		{"past it, freed a moment ago", 400 * mb, 100 * mb, time.Second / 2, false},
		{"past it, freed a second ago", 400 * mb, 100 * mb, time.Second, true},
	}
	var got, want []bool
	for _, c := range cases {
		got = append(got, p.freeNow(c.live, c.free, c.since))
		want = append(want, c.want)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("free by case (-want +got):\n%s", diff)
	}
	if (&GCPacer{headroom: 75 * mb, max: 100}).freeNow(1000*mb, 1000*mb, time.Hour) {
		t.Error("a pacer without TightenPast frees")
	}
}

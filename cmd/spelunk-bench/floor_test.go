package main

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestFloorMedians(t *testing.T) {
	ms := time.Millisecond
	runs := []floorRun{{wall: 10 * ms, cpu: 8 * ms, rssKB: 100}, {wall: 30 * ms, cpu: 9 * ms, rssKB: 300}, {wall: 12 * ms, cpu: 12 * ms, rssKB: 200}}
	peer := []floorRun{{wall: 5 * ms, cpu: 4 * ms}, {wall: 10 * ms, cpu: 3 * ms}, {wall: 4 * ms, cpu: 4 * ms}}
	// Ratios round by round: wall 2, 3, 3; CPU 2, 3, 3.
	want := floorStats{wall: 12 * ms, cpu: 9 * ms, rssKB: 200, wallRatio: 3, cpuRat: 3}
	if d := cmp.Diff(want, floorMedians(runs, peer), cmp.AllowUnexported(floorStats{})); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

func TestMedianOf(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := medianOf(c.in); got != c.want {
			t.Errorf("medianOf(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

// floorCase is one command line whose whole-process cost the floor
// benchmark measures.
type floorCase struct {
	name string
	args []string
}

// floorCases are the process floor's commands: `spelunk version` (the
// peer every other is divided by: the Go runtime and package inits, no
// work), a search of no data, the same with a content folder's macros, and
// the seed detection over an index when one is given.
func floorCases(macros, index, seed string) []floorCase {
	cs := []floorCase{
		{"version", []string{"version"}},
		{"run '| makeresults'", []string{"run", "--format", "csv", "| makeresults"}},
	}
	if macros != "" {
		cs = append(cs, floorCase{"run --macros M '| makeresults'", []string{"run", "--format", "csv", "--macros", macros, "| makeresults"}})
	}
	if index != "" && seed != "" {
		args := []string{"run", "--format", "csv", "--data", index, "--detection", seed}
		name := "seed detection over the index"
		if macros != "" {
			args = append(args, "--macros", macros)
			name += " (--macros M)"
		}
		cs = append(cs, floorCase{name, args})
	}
	return cs
}

// floorRun is one timed run: wall clock, user+system CPU, peak RSS.
type floorRun struct {
	wall, cpu time.Duration
	rssKB     int64
}

// runDirect runs a command without /usr/bin/time (whose own start would
// be most of what is measured here); this process is small, so the
// child's peak RSS is its own.
func runDirect(name string, args ...string) (floorRun, error) {
	cmd := exec.Command(name, args...)
	var errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &errb
	start := time.Now()
	err := cmd.Run()
	r := floorRun{wall: time.Since(start)}
	if err != nil {
		return r, fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errb.String())
	}
	ps := cmd.ProcessState
	r.cpu = ps.UserTime() + ps.SystemTime()
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		r.rssKB = ru.Maxrss
	}
	return r, nil
}

// floorStats are a command's medians over the rounds, and the medians of
// its per-round ratios to the peer (version) of the same binary and
// round, which a change in the machine's load affects little.
type floorStats struct {
	wall, cpu         time.Duration
	rssKB             int64
	wallRatio, cpuRat float64
}

// cmdFloor measures the whole-process floor: each binary runs each case
// once per round, in turns, and the table gives medians and ratios to
// `spelunk version`.
func cmdFloor(args []string) error {
	fs := newFlags("floor")
	spelunk := fs.String("spelunk", "spelunk", "the spelunk binary")
	base := fs.String("base", "", "a second spelunk binary (say main's) run in the same turns, for a before/after table")
	rounds := fs.Int("n", 10, "rounds (each case once per round and binary)")
	macros := fs.String("macros", "", "a security_content root, for the cases with --macros")
	index := fs.String("index", "", "a spelunk index of W1 (spelunk index), for the seed detection's case")
	dir := fs.String("dir", filepath.Join(os.TempDir(), "spelunk-bench"), "where the seed detection's YAML is written (as by table)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	seed := ""
	if *index != "" {
		if err := os.MkdirAll(*dir, 0o755); err != nil {
			return err
		}
		var err error
		if seed, err = seedDetection(*dir); err != nil {
			return err
		}
	}
	bins := []string{*spelunk}
	if *base != "" {
		bins = append(bins, *base)
	}
	cases := floorCases(*macros, *index, seed)
	runs := make([][][]floorRun, len(bins)) // [binary][case][round]
	for b := range bins {
		runs[b] = make([][]floorRun, len(cases))
	}
	for range *rounds {
		for c, fc := range cases {
			for b, bin := range bins {
				r, err := runDirect(bin, fc.args...)
				if err != nil {
					return err
				}
				runs[b][c] = append(runs[b][c], r)
			}
		}
	}
	fmt.Printf("Process floor: medians of %d rounds, each case once per round and binary, in turns; ratios to `version` per round.\n\n", *rounds)
	fmt.Println("| binary | command | wall ms | CPU ms | peak RSS MB | wall / version | CPU / version |")
	fmt.Println("|---|---|---:|---:|---:|---:|---:|")
	for b, bin := range bins {
		for c, fc := range cases {
			s := floorMedians(runs[b][c], runs[b][0])
			fmt.Printf("| %s | %s | %.1f | %.1f | %.1f | %.2f | %.2f |\n", bin, strings.ReplaceAll(fc.name, "|", `\|`),
				millis(s.wall), millis(s.cpu), float64(s.rssKB)/1024, s.wallRatio, s.cpuRat)
		}
	}
	return nil
}

// floorMedians are the medians of runs, with their ratios to peer taken
// round by round.
func floorMedians(runs, peer []floorRun) floorStats {
	var walls, cpus, rss, wr, cr []float64
	for i, r := range runs {
		walls = append(walls, float64(r.wall))
		cpus = append(cpus, float64(r.cpu))
		rss = append(rss, float64(r.rssKB))
		wr = append(wr, float64(r.wall)/float64(peer[i].wall))
		if peer[i].cpu > 0 {
			cr = append(cr, float64(r.cpu)/float64(peer[i].cpu))
		}
	}
	return floorStats{
		wall: time.Duration(medianOf(walls)), cpu: time.Duration(medianOf(cpus)), rssKB: int64(medianOf(rss)),
		wallRatio: medianOf(wr), cpuRat: medianOf(cr),
	}
}

// medianOf is the median of xs (the mean of the middle two for an even
// count); 0 for none.
func medianOf(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

func millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

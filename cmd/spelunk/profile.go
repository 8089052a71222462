package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"sync"
	"time"
)

// startProfiles writes Go profiles for performance work when asked
// through the environment (not flags: they are for developers, not
// users): SPELUNK_CPUPROFILE=FILE a CPU profile of the whole run,
// SPELUNK_MEMPROFILE=FILE a heap profile at its end, SPELUNK_TRACE=FILE
// an execution trace (`go tool trace`: which goroutines ran when, and
// where a core sat idle). The returned func finishes them.
func startProfiles() func() {
	var stops []func()
	if path := os.Getenv("SPELUNK_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "spelunk: SPELUNK_CPUPROFILE: %v\n", err)
		} else {
			stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
		}
	}
	if path := os.Getenv("SPELUNK_TRACE"); path != "" {
		f, err := os.Create(path)
		if err == nil {
			err = trace.Start(f)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "spelunk: SPELUNK_TRACE: %v\n", err)
		} else {
			stops = append(stops, func() { trace.Stop(); f.Close() })
		}
	}
	if path := os.Getenv("SPELUNK_MEMPROFILE"); path != "" {
		stops = append(stops, func() {
			f, err := os.Create(path)
			if err != nil {
				fmt.Fprintf(os.Stderr, "spelunk: SPELUNK_MEMPROFILE: %v\n", err)
				return
			}
			defer f.Close()
			runtime.GC()
			if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
				fmt.Fprintf(os.Stderr, "spelunk: SPELUNK_MEMPROFILE: %v\n", err)
			}
		})
	}
	return func() {
		for _, s := range stops {
			s()
		}
	}
}

// detectionTimes, when SPELUNK_TIMES is set, returns a func that prints
// each detection's run time to standard error (tab-separated), for
// finding the slow ones of a hunt.
func detectionTimes() func(string, time.Duration) {
	if os.Getenv("SPELUNK_TIMES") == "" {
		return nil
	}
	var mu sync.Mutex
	return func(name string, d time.Duration) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(os.Stderr, "%.1f\tms\t%s\n", float64(d.Microseconds())/1000, name)
	}
}

// detectionPlans, when SPELUNK_TIMES is set, returns a func that prints
// what each detection of a hunt reads, as planned before the data is
// read (tab-separated): "every event" says why its reads could not be
// narrowed.
func detectionPlans() func(name, reads string) {
	if os.Getenv("SPELUNK_TIMES") == "" {
		return nil
	}
	var mu sync.Mutex
	return func(name, reads string) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(os.Stderr, "plan\t%s\t%s\n", name, reads)
	}
}

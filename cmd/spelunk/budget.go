package main

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// memBudget stops spelunk with a clear error when the data and searches
// it holds outgrow --max-memory, instead of the kernel killing the
// process. A poller reads the Go runtime's live heap (what the last
// garbage collection kept) every few milliseconds; once it passes the
// limit, err returns an error that the ingest loop and the engine (between
// batches of rows) check, so the command stops where it is. The Go
// runtime's soft memory limit is set to the same value, so the collector
// works harder before the limit is reached rather than after.
//
// Splunk has a comparable setting (limits.conf [search]
// search_process_memory_usage_threshold, 4000 MB, used only when
// enable_memory_tracker is true, which is not the default). spelunk keeps
// all events in memory, so its default is instead a share of the
// machine's memory: see defaultMemoryMB.
type memBudget struct {
	limit    atomic.Int64 // bytes; 0 means none
	exceeded atomic.Bool
	stop     chan struct{}
	done     sync.WaitGroup
	prev     int64 // the runtime's memory limit before Start
	// hard, when set, is called if memory stays over the budget for two
	// seconds and grows to a fifth past it although err is set: some loop
	// does not check err (spelunk hunt's ingest does not). With the
	// default budget that is 90% of the machine's memory, still below
	// where the system would kill the process. main sets it to print the
	// error and exit; tests leave it nil.
	hard  func(error)
	since atomic.Int64 // when the budget was last found exceeded, in Unix nanoseconds
}

// budget is the process's memory budget, started by run.
var budget *memBudget

// hardExit is memBudget.hard for the real process (main sets it).
var hardExit func(error)

// errMemory is what err returns once the budget is exhausted.
type errMemory struct{ limitMB int64 }

func (e *errMemory) Error() string {
	return fmt.Sprintf("the memory budget of %d MB is used up (--max-memory); spelunk stopped rather than run out of memory: search fewer or smaller data files, narrow the search, or raise --max-memory", e.limitMB)
}

func isMemoryError(err error) bool {
	var em *errMemory
	return errors.As(err, &em)
}

func startBudget(limitBytes int64, hard func(error)) *memBudget {
	b := &memBudget{stop: make(chan struct{}), hard: hard}
	b.prev = debug.SetMemoryLimit(-1)
	b.set(limitBytes)
	b.done.Add(1)
	go b.poll()
	return b
}

// set changes the limit (a command's --max-memory); 0 removes it.
func (b *memBudget) set(limitBytes int64) {
	if b == nil {
		return
	}
	b.limit.Store(limitBytes)
	b.exceeded.Store(false)
	if limitBytes > 0 {
		debug.SetMemoryLimit(limitBytes)
		// Check at once rather than at the next tick, so a budget below
		// what is already held stops the command before it starts.
		b.check()
	} else {
		debug.SetMemoryLimit(b.prev)
	}
}

// check marks the budget exceeded while the live heap (what the last
// collection kept; before any collection, what the heap holds) is over
// the limit, or while the memory the runtime holds from the system is a
// quarter over it (the collector, held to the limit, cannot keep up); it
// returns the memory held. Once the work that grew it has stopped and its
// memory is collected, the budget is free again: spelunk test and hunt go
// on with their next data file or search.
func (b *memBudget) check() (held uint64) {
	samples := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(samples)
	live, objects := sampleBytes(samples[0]), sampleBytes(samples[1])
	held = sampleBytes(samples[2]) - sampleBytes(samples[3])
	if live == 0 {
		live = objects
	}
	limit := uint64(max(b.limit.Load(), 0))
	over := limit > 0 && (live > limit || held > limit+limit/4)
	if over && !b.exceeded.Load() {
		b.since.Store(time.Now().UnixNano())
	}
	b.exceeded.Store(over)
	return held
}

func (b *memBudget) poll() {
	defer b.done.Done()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-b.stop:
			return
		case <-tick.C:
		}
		limit := b.limit.Load()
		if limit <= 0 {
			continue
		}
		held := b.check()
		// The command should have stopped by now; if memory keeps
		// growing, some loop does not check: stop the process with the
		// same message before the system kills it.
		if b.exceeded.Load() && b.hard != nil && time.Since(time.Unix(0, b.since.Load())) > 2*time.Second && held > uint64(limit)+uint64(limit)/5 {
			b.hard(b.err())
			return
		}
	}
}

// err is nil while the data fits, else an *errMemory.
func (b *memBudget) err() error {
	if b == nil || !b.exceeded.Load() {
		return nil
	}
	return &errMemory{limitMB: b.limit.Load() >> 20}
}

// Stop ends the poller and restores the runtime's memory limit.
func (b *memBudget) Stop() {
	if b == nil {
		return
	}
	close(b.stop)
	b.done.Wait()
	debug.SetMemoryLimit(b.prev)
}

func sampleBytes(s metrics.Sample) uint64 {
	if s.Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s.Value.Uint64()
}

// defaultMemoryMB is three quarters of the memory the process may use:
// what the machine has available when spelunk starts (other processes
// hold the rest), or its cgroup's limit when that is lower; 0 (no budget)
// when neither can be read. Three quarters leaves room for the Go
// runtime's own overhead and for the hard stop (a fifth over the budget)
// before the system's out-of-memory killer would step in. It is read once:
// the process's budget and every command's --max-memory default share it.
var defaultMemoryMB = sync.OnceValue(readMemoryMB)

func readMemoryMB() int64 {
	total := availableMemory()
	if cg := cgroupLimit(); cg > 0 && (total == 0 || cg < total) {
		total = cg
	}
	return int64(total / 4 * 3 >> 20)
}

// availableMemory reads MemAvailable (else MemTotal) from /proc/meminfo
// (Linux); 0 elsewhere.
func availableMemory() uint64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	var total, avail uint64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			continue
		}
		switch key {
		case "MemTotal":
			total = kb << 10
		case "MemAvailable":
			avail = kb << 10
		}
	}
	if avail > 0 {
		return avail
	}
	return total
}

// cgroupLimit is the memory limit of the process's cgroup (v2 memory.max,
// else v1 memory.limit_in_bytes); 0 when there is none.
func cgroupLimit() uint64 {
	for _, p := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		v, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
		if err != nil || v >= math.MaxInt64/2 {
			return 0 // "max", or v1's "no limit" value
		}
		return v
	}
	return 0
}

package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"sort"
	"time"

	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/spl"
)

// w3Queries are the in-memory workloads: the seed detection's tstats (8
// BY fields behind a selective where) and the same grouping over every
// row, which makes a group of almost every event.
var w3Queries = []struct{ name, q string }{
	{"seed tstats (8 by, where)", `| tstats count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes where Processes.parent_process_name = "wermgr.exe" AND NOT (Processes.process_name IN ("WerFaultSecure.exe", "wermgr.exe", "WerFault.exe")) by Processes.dest Processes.user Processes.parent_process_name Processes.process_name Processes.process Processes.process_id Processes.parent_process_id Processes.original_file_name`},
	{"tstats 8 by, all rows", `| tstats count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes by Processes.dest Processes.user Processes.parent_process_name Processes.process_name Processes.process Processes.process_id Processes.parent_process_id Processes.original_file_name`},
	{"tstats count by dest, process_name", `| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.process_name`},
}

// cmdW3 loads a file into a store once, builds the dataset, then times
// each query (median of -runs runs), as `spelunk test` does when tests
// share one data file.
func cmdW3(args []string) error {
	fs := newFlags("w3")
	runs := fs.Int("runs", 7, "runs per query (the median is printed)")
	cpuprof := fs.String("cpuprofile", "", "write a CPU profile of the dataset build and the queries to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	store, err := store.New()
	if err != nil {
		return err
	}
	start := time.Now()
	if _, err := ingest.ReadPaths(fs.Args(), ingest.Options{}, func(ev *ingest.Event) error {
		store.Add(ev)
		return nil
	}); err != nil {
		return err
	}
	store.Seal()
	loaded := time.Since(start)
	start = time.Now()
	if *cpuprof != "" {
		// From the dataset build on: the part W3 measures.
		f, err := os.Create(*cpuprof)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if _, err := store.Dataset("Endpoint.Processes"); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "w3: %d events loaded in %s, dataset built in %s\n", store.Len(), loaded.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	for _, q := range w3Queries {
		p, err := spl.Parse(q.q)
		if err != nil {
			return err
		}
		var times []time.Duration
		rows := 0
		for range *runs {
			t0 := time.Now()
			res, err := engine.Run(context.Background(), p, store, engine.Options{})
			if err != nil {
				return err
			}
			times = append(times, time.Since(t0))
			rows = len(res.Rows)
		}
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		fmt.Printf("%s\t%d rows\t%.2f ms\n", q.name, rows, float64(times[len(times)/2].Microseconds())/1000)
	}
	return nil
}

// Command spelunk-bench supports scripts/bench.sh: it writes the synthetic
// workload data, runs the naive encoding/xml baseline that the table
// compares against, and times the in-memory workload W3.
//
//	spelunk-bench gen   -n 200000 -seed 1 -format xml|json -o FILE
//	spelunk-bench naive FILE            encoding/xml into a map per event
//	spelunk-bench w3    FILE            tstats over a loaded dataset (ms, median)
//	spelunk-bench table [flags]         generate, run W1-W3 (and the hunt), print the table
//	spelunk-bench floor [flags]         the whole-process floor: short runs, as ratios to spelunk version
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: spelunk-bench gen|naive|w3|table|floor ...")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "gen":
		err = cmdGen(os.Args[2:])
	case "naive":
		err = cmdNaive(os.Args[2:])
	case "w3":
		err = cmdW3(os.Args[2:])
	case "table":
		err = cmdTable(os.Args[2:])
	case "floor":
		err = cmdFloor(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "spelunk-bench:", err)
		os.Exit(1)
	}
}

func newFlags(name string) *flag.FlagSet {
	return flag.NewFlagSet(name, flag.ExitOnError)
}

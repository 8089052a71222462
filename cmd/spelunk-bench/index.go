package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// indexWorkloads indexes W1 (spelunk index, a fresh folder each run) and
// runs the seed detection, the broad tstats and the raw search over the
// index; the raw search also runs in the DuckDB peer over the Parquet
// files as they are (workload index-raw).
func indexWorkloads(spelunk, dir, w1 string, w1Size int64, events, runs int, seed string,
	workload func(name string, n int, args []string, peerWorkload, data string, size int64, events int) error,
	add func(tableRow)) error {
	idx := filepath.Join(dir, strings.TrimSuffix(filepath.Base(w1), filepath.Ext(w1))+".idx")
	var ms []measure
	// An odd count, at least three: middle of two runs is the slower one,
	// not a median, and the targets are medians.
	for range max(3, runs|1) {
		if err := os.RemoveAll(idx); err != nil {
			return err
		}
		m, err := timeCmd(spelunk, "index", "--data", w1, "--out", idx)
		if err != nil {
			return err
		}
		ms = append(ms, m)
	}
	size, err := parquetBytes(idx)
	if err != nil {
		return err
	}
	add(tableRow{name: "W1 spelunk index (build)", m: middle(ms), bytes: w1Size, events: int64(events),
		note: fmt.Sprintf("index %.1f MB, %.1f%% of the raw bytes", float64(size)/(1<<20), 100*float64(size)/float64(w1Size))})
	over := func(args ...string) []string {
		return append([]string{"run", "--data", idx, "--format", "csv"}, args...)
	}
	if err := workload("W1 index: seed detection", runs, over("--detection", seed), "", idx, w1Size, events); err != nil {
		return err
	}
	if err := workload("W1 index: tstats 4 by, all rows", runs, over(broadSearch), "", idx, w1Size, events); err != nil {
		return err
	}
	return workload("W1 index: search CommandLine=*whoami*, stats by Computer", runs, over(rawSearch), "index-raw", idx, w1Size, events)
}

// parquetBytes adds up the sizes of an index folder's Parquet files.
func parquetBytes(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasSuffix(path, ".parquet") {
			st, err := d.Info()
			if err != nil {
				return err
			}
			n += st.Size()
		}
		return nil
	})
	return n, err
}

// Command spelunk-duckdb is the peer of scripts/bench.sh: DuckDB answering
// the benchmark's questions over the same raw lines spelunk reads, so the
// table can put spelunk's time next to a columnar engine's. It is its own
// module because the DuckDB driver needs cgo, which the main module never
// uses.
//
//	spelunk-duckdb [-threads 2] WORKLOAD FILE
//
// prints the answer as CSV with a header and sorted rows, the columns
// named as spelunk names them, so `spelunk-bench table` can compare it
// with spelunk's `--format csv` output.
package main

import (
	"database/sql"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2"
)

func main() {
	threads := flag.Int("threads", 2, "DuckDB worker threads")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: spelunk-duckdb [-threads N] WORKLOAD FILE\nworkloads: %s\n", strings.Join(workloadNames(), ", "))
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 2 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), flag.Arg(1), *threads); err != nil {
		fmt.Fprintln(os.Stderr, "spelunk-duckdb:", err)
		os.Exit(1)
	}
}

func run(workload, path string, threads int) error {
	query, ok := workloads[workload]
	if !ok {
		return fmt.Errorf("unknown workload %q (have %s)", workload, strings.Join(workloadNames(), ", "))
	}
	if _, err := os.Stat(path); err != nil {
		return err
	}
	db, err := sql.Open("duckdb", fmt.Sprintf("?threads=%d", threads))
	if err != nil {
		return err
	}
	defer db.Close()
	header, records, err := queryAll(db, query(path))
	if err != nil {
		return fmt.Errorf("%s: %w", workload, err)
	}
	sortRecords(records)
	w := csv.NewWriter(os.Stdout)
	w.Write(header)
	w.WriteAll(records)
	return w.Error()
}

// queryAll runs a query and returns its column names and every row as
// strings (NULL as the empty string, as spelunk's CSV writes it).
func queryAll(db *sql.DB, query string) ([]string, [][]string, error) {
	rows, err := db.Query(query)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, nil, err
	}
	var out [][]string
	cells := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range cells {
		ptrs[i] = &cells[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, err
		}
		rec := make([]string, len(cols))
		for i, c := range cells {
			rec[i] = c.String
		}
		out = append(out, rec)
	}
	return cols, out, rows.Err()
}

// sortRecords orders rows by their cells, left to right.
func sortRecords(records [][]string) {
	sort.Slice(records, func(i, j int) bool { return slices.Compare(records[i], records[j]) < 0 })
}

func workloadNames() []string {
	var names []string
	for n := range workloads {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

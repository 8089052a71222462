package main

import (
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The searches of the workloads that only the table runs (the seed
// detection is a file, seedDetection). bench/workloads.go holds the SQL
// the DuckDB peer answers them with, under the names in peerWorkload.
const (
	broadSearch = `| tstats count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes by Processes.dest Processes.user Processes.process_name Processes.parent_process_name`
	rawSearch   = `search CommandLine="*whoami*" | stats count by Computer`
)

// answer is a CSV result in canonical form: numbers written the shortest
// way and rows sorted, so two programs' outputs compare cell by cell.
type answer struct {
	header []string
	rows   [][]string
}

// canonical reads CSV output (a header line, then rows).
func canonical(out string) (answer, error) {
	r := csv.NewReader(strings.NewReader(out))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return answer{}, err
	}
	if len(recs) == 0 {
		return answer{}, nil
	}
	a := answer{header: recs[0], rows: recs[1:]}
	for _, row := range a.rows {
		for i, c := range row {
			row[i] = canonicalNumber(c)
		}
	}
	sort.Slice(a.rows, func(i, j int) bool { return slices.Compare(a.rows[i], a.rows[j]) < 0 })
	return a, nil
}

// canonicalNumber writes a decimal number the shortest way, so that
// 1704160638.5 and 1704160638.500000 (the same epoch time) are equal.
func canonicalNumber(s string) string {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || strings.ContainsAny(s, "xXpP_") {
		return s
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// sameAnswer compares spelunk's CSV with the peer's and says where they
// first differ.
func sameAnswer(spelunkOut, peerOut string) error {
	a, err := canonical(spelunkOut)
	if err != nil {
		return fmt.Errorf("spelunk's output: %v", err)
	}
	b, err := canonical(peerOut)
	if err != nil {
		return fmt.Errorf("the peer's output: %v", err)
	}
	if len(a.rows) == 0 && len(b.rows) == 0 {
		return nil
	}
	if !slices.Equal(a.header, b.header) {
		return fmt.Errorf("columns differ: spelunk %q, peer %q", a.header, b.header)
	}
	for i := range min(len(a.rows), len(b.rows)) {
		if !slices.Equal(a.rows[i], b.rows[i]) {
			return fmt.Errorf("%d rows against %d; row %d differs: spelunk %q, peer %q", len(a.rows), len(b.rows), i+1, a.rows[i], b.rows[i])
		}
	}
	if len(a.rows) != len(b.rows) {
		return fmt.Errorf("spelunk has %d rows, the peer %d (the first %d are equal)", len(a.rows), len(b.rows), min(len(a.rows), len(b.rows)))
	}
	return nil
}

package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/value"
)

// TestPivotMatchesItsSearch is a differential test: each pivot gives the
// rows of the search it stands for over the same data model, written by
// hand from the pivot page's elements (cell values, SPLITROW, SPLITCOL,
// FILTER) rather than taken from spelunk's translation.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/pivot
func TestPivotMatchesItsSearch(t *testing.T) {
	data, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "seed", "data", "*.log"))
	r := runner.New(runner.Config{Data: data, QuietFilters: true})
	cases := []struct{ name, pivot, search string }{
		{"count by a row",
			`| pivot Endpoint Processes count(Processes) AS "Count" SPLITROW process_name AS "Process"`,
			`| datamodel Endpoint Processes flat | stats count AS "Count" by process_name | rename process_name AS "Process"`},
		{"filters and two cells",
			`| pivot Endpoint Processes count(Processes) dc(dest) SPLITROW process_name FILTER process_name startsWith "Wer" FILTER dest isNotNull`,
			`| datamodel Endpoint Processes flat | search process_name=Wer* | where isnotnull(dest) | stats count dc(dest) by process_name`},
		{"a column split",
			`| pivot Endpoint Processes count(Processes) SPLITROW process_name SPLITCOL dest FILTER process_name in ("WerFault.exe", "a.exe")`,
			`| datamodel Endpoint Processes flat | search process_name IN ("WerFault.exe", "a.exe") | chart count over process_name by dest`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			run := func(q string) []value.Fields {
				s, err := r.Prepare(tc.name, q, "")
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				res, err := r.Run(context.Background(), s)
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				return res.Rows
			}
			want, got := run(tc.search), run(tc.pivot)
			if len(want) == 0 {
				t.Fatalf("the search gives no rows; the case checks nothing")
			}
			if diff := cmp.Diff(want, got, cmp.Comparer(value.Equal)); diff != "" {
				t.Errorf("pivot differs from its search (-search +pivot):\n%s", diff)
			}
		})
	}
}

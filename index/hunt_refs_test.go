package index

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"

	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// refMixText is JSON events whose field val is, by row, kept as its
// place in _raw (long, as written), in its column (short, or long with
// an escape the reader decodes), or missing; key is always a column.
func refMixText() string {
	var b strings.Builder
	for i := range 300 {
		ev := fmt.Sprintf(`{"timestamp":"2024-01-02T03:%02d:%02dZ","key":"k%d"`, i/60%60, i%60, i%4)
		long := strings.Repeat("z", 260)
		switch i % 5 {
		case 0:
			ev += fmt.Sprintf(`,"val":"%s Needle %d"`, long, i%7)
		case 1:
			ev += fmt.Sprintf(`,"val":"short needle %d"`, i%7)
		case 2:
			ev += fmt.Sprintf(`,"val":"%s \\\\ NEEDLE %d"`, long, i%7)
		case 3:
			ev += fmt.Sprintf(`,"val":"%s hay %d"`, long, i%7)
		}
		b.WriteString(ev + "}\n")
	}
	return b.String()
}

// TestRefTestsMatchEvents makes a hunt's column tests of a field some
// rows keep as their place in _raw (on its column for some rows, on
// _raw for the others) and checks the rows they pass against the
// events' own values: every row whose event passes, and no other.
func TestRefTestsMatchEvents(t *testing.T) {
	tmp := t.TempDir()
	data := filepath.Join(tmp, "events.json")
	if err := os.WriteFile(data, []byte(refMixText()), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "idx")
	if _, err := Build(dir, Options{Paths: []string{data}, Workers: 1, RowGroupBytes: 4 << 10}); err != nil {
		t.Fatal(err)
	}
	has := func(s string, pieces ...string) bool {
		for _, p := range pieces {
			if !strings.Contains(strings.ToLower(s), strings.ToLower(p)) {
				return false
			}
		}
		return true
	}
	ends3 := func() func(value.Value) bool {
		return func(v value.Value) bool { return strings.HasSuffix(v.String(), " 3") }
	}
	cases := []struct {
		name  string
		tests []colTest
		want  func(val string, ok bool, key string) bool
	}{
		{"pieces", []colTest{{col: "val", pieces: []string{"needle"}}},
			func(v string, ok bool, _ string) bool { return ok && has(v, "needle") }},
		{"two pieces", []colTest{{col: "val", pieces: []string{"needle", "zz"}}}, // lower case, as engine.Contains
			func(v string, ok bool, _ string) bool { return ok && has(v, "needle", "zz") }},
		{"match", []colTest{{col: "val", key: "ends3", match: ends3}},
			func(v string, ok bool, _ string) bool { return ok && strings.HasSuffix(v, " 3") }},
		{"with a column", []colTest{{col: "key", pieces: []string{"k1"}}, {col: "val", pieces: []string{"needle"}}},
			func(v string, ok bool, k string) bool { return k == "k1" && ok && has(v, "needle") }},
		{"and _raw", []colTest{{col: "val", key: "ends3", match: ends3}, {col: colRaw, pieces: []string{"k2"}}},
			func(v string, ok bool, k string) bool { return k == "k2" && ok && strings.HasSuffix(v, " 3") }},
		{"nowhere", []colTest{{col: "val", pieces: []string{"absent"}}},
			func(string, bool, string) bool { return false }},
	}
	for _, tc := range cases {
		p := &narrowPlan{ids: map[string]int{}}
		tests := append([]colTest(nil), tc.tests...)
		for i := range tests {
			tests[i].id = p.testID(tests[i])
		}
		byRef, byCol := 0, 0
		eachPart(t, dir, func(path string, pf *parquet.File, cols map[string]int) {
			at, refs := p.names.of(tests)
			has := p.names.has(cols)
			pn := &partNarrow{tests: [][]colTest{tests}, refs: [][]int32{refs}, has: has, names: p.names.names}
			if !applies(at, refs, has) || pn.refColumns(0) == nil {
				t.Fatalf("%s: %s: the test of val does not use its places in _raw", tc.name, path)
			}
			for g := range pf.RowGroups() {
				sel, _, _, err := p.candidates(0, sumRG{pq: pf.RowGroups()[g]}, cols, pn)
				if err != nil {
					t.Fatal(err)
				}
				gr, err := readGroup(sumRG{pq: pf.RowGroups()[g]}, cols, true, nil, nil, nil, nil)
				if err != nil {
					t.Fatal(err)
				}
				want := []int32{}
				var ev ingest.Event
				for r := range gr.n {
					if err := gr.event(r, layouts{}, &ev); err != nil {
						t.Fatal(err)
					}
					v, ok := ev.Fields.Lookup("val")
					k, _ := ev.Fields.Lookup("key")
					if tc.want(v.String(), ok, k.String()) {
						want = append(want, int32(r))
						if gr.refs["val"] != nil && gr.refs["val"].present[r] {
							byRef++
						} else {
							byCol++
						}
					}
				}
				if diff := cmp.Diff(want, sel); diff != "" {
					t.Errorf("%s: %s row group %d: rows (-events +column tests):\n%s", tc.name, path, g, diff)
				}
			}
		})
		if tc.name != "nowhere" && (byRef == 0 || byCol == 0) {
			t.Errorf("%s: %d rows pass by their place in _raw, %d by their column: the test tries less than it should", tc.name, byRef, byCol)
		}
	}
}

// TestMarkRows checks the prefilters each chosen row is marked with
// against the lists of rows each list of tests passed, row by row.
func TestMarkRows(t *testing.T) {
	pn := &partNarrow{pres: [][]int32{{0, 3}, {1}, {2}, {4, 5}}}
	passed := [][]int32{{5, 1, 2}, nil, {}, {2, 7}}
	sel := []int32{1, 2, 5, 7}
	m := markRows(sel, passed, 8)
	for k, r := range sel {
		want := []int32{}
		for j, rows := range passed {
			if rows == nil || slices.Contains(rows, r) {
				want = append(want, pn.pres[j]...)
			}
		}
		if diff := cmp.Diff(want, m.pres(k, pn, nil)); diff != "" {
			t.Errorf("row %d: prefilters (-want +got):\n%s", r, diff)
		}
	}
}

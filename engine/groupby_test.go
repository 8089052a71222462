package engine

import (
	"fmt"
	"math/rand"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spelunk-dev/spelunk/value"
)

// sortGroups orders groups as a stable sort by CompareAuto does when it
// starts from the keys' text order, whether its columns hold text,
// numbers, both (where the comparison is not transitive and the order is
// the merge sort's own), nulls or ties; and so whatever order the groups
// came in.
func TestSortGroupsMatchesStableSort(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	texts := []value.Value{value.Str("a"), value.Str("B"), value.Str("1a"), value.Str(""), value.Str("wermgr.exe"), value.Str("x y")}
	nums := []value.Value{value.Str("9"), value.Str("10"), value.Str("-1.5"), value.Num(3), value.Num(10), value.Str("010")}
	mixed := append(append([]value.Value{}, texts...), nums...)
	for round := range 60 {
		width := 1 + rng.Intn(3)
		cols := make([][]value.Value, width)
		for k := range cols {
			switch (round + k) % 3 {
			case 0:
				cols[k] = texts
			case 1:
				cols[k] = nums
			default:
				cols[k] = mixed
			}
			if round%5 == 0 {
				cols[k] = append(cols[k], value.Null)
			}
		}
		n := 1 + rng.Intn(300)
		var gs []*group
		for range n {
			key := make([]value.Value, width)
			for k := range key {
				key[k] = cols[k][rng.Intn(len(cols[k]))]
			}
			gs = append(gs, &group{key: key})
		}
		want := append([]*group(nil), gs...)
		sort.SliceStable(want, func(i, j int) bool { return keyText(want[i].key) < keyText(want[j].key) })
		sort.SliceStable(want, func(i, j int) bool { return compareKeys(want[i].key, want[j].key) < 0 })
		got := append([]*group(nil), gs...)
		sortGroups(got)
		shuffled := append([]*group(nil), gs...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		sortGroups(shuffled)
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("round %d: position %d: got %v, want %v", round, i, got[i].key, want[i].key)
			}
			if keyText(shuffled[i].key) != keyText(want[i].key) {
				t.Fatalf("round %d: position %d: shuffled input gave %v, want %v", round, i, shuffled[i].key, want[i].key)
			}
		}
	}
}

// Sorting the halves of many groups on two goroutines and merging them
// gives the order of one sort: rerun the comparison above with the
// parallel path taken for every size.
func TestSortGroupsParallelSame(t *testing.T) {
	defer func(n int) { parallelSortMin = n }(parallelSortMin)
	parallelSortMin = 2
	TestSortGroupsMatchesStableSort(t)
}

// keyText is a key's text, column by column, as the grouper names groups.
func keyText(key []value.Value) string {
	var s string
	for _, v := range key {
		s += v.String() + "\x00"
	}
	return s
}

// Many groups are sorted and made into rows on two goroutines: stats over
// events gives the same table whether the parallel paths are taken or
// not, with numbers, text, multivalues and nulls among the BY values and
// aggregations that keep text.
func TestGroupsParallelSame(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	src := &memSource{}
	for i := range 3000 {
		r := row("host", fmt.Sprintf("h%d", rng.Intn(40)), "n", float64(rng.Intn(30)), "user", fmt.Sprintf("u%d", rng.Intn(60)))
		if i%7 == 0 {
			r = append(r, value.Field{Name: "tag", Value: value.Multi(value.Str("a"), value.Str(fmt.Sprint(i%3)))})
		}
		if i%11 != 0 {
			r = append(r, value.Field{Name: "x", Value: value.Str(fmt.Sprint(rng.Intn(1000)))})
		}
		src.events = append(src.events, r)
	}
	for _, q := range []string{
		"search * | stats count max(x) values(x) mode(x) by host n user",
		"search * | stats count dc(x) min(x) by tag host",
	} {
		want, err := runQuery(t, src, q)
		if err != nil {
			t.Fatal(err)
		}
		func() {
			defer func(n int) { parallelSortMin = n }(parallelSortMin)
			parallelSortMin = 2
			got, err := runQuery(t, src, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Rows) < 100 {
				t.Fatalf("%s: only %d groups", q, len(got.Rows))
			}
			if diff := cmp.Diff(table(want), table(got)); diff != "" {
				t.Errorf("%s (-one goroutine +two):\n%s", q, diff)
			}
		}()
	}
}

// Columns of few distinct values are ranked before the sort
// (rankColumns): the order is the one without ranks, for text, numbers,
// nulls, and a number printed with fewer digits than it holds next to
// the text it prints as.
func TestSortGroupsRankedSame(t *testing.T) {
	defer func(n, m int) { rankMin, parallelSortMin = n, m }(rankMin, parallelSortMin)
	rankMin, parallelSortMin = 2, 2
	TestSortGroupsMatchesStableSort(t)
	rng := rand.New(rand.NewSource(4))
	vals := []value.Value{value.Str("1.23"), value.NumPrec(1.2345, 3, 2), value.Num(1.23), value.Str("1.2"), value.Null, value.Num(2)}
	for round := range 20 {
		var gs []*group
		for range 200 + round {
			gs = append(gs, &group{key: []value.Value{vals[rng.Intn(len(vals))], vals[rng.Intn(len(vals))]}})
		}
		want := append([]*group(nil), gs...)
		sort.SliceStable(want, func(i, j int) bool { return keyText(want[i].key) < keyText(want[j].key) })
		sort.SliceStable(want, func(i, j int) bool { return compareKeys(want[i].key, want[j].key) < 0 })
		got := append([]*group(nil), gs...)
		sortGroups(got)
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("round %d: position %d: got %v, want %v", round, i, got[i].key, want[i].key)
			}
		}
	}
}

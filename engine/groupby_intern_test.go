package engine

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// Groups found by their values' numbers (internedKeys) give the table the
// map of joined texts gives: the same groups, keys, states and order,
// with columns of text, numbers, one text met as a number and as a
// string (1 and "1"), texts that compare equal as numbers (1 and 1.0),
// multivalues and nulls, few groups and many (the packed sort and the
// comparison of ranks).
func TestInternedGroupsSame(t *testing.T) {
	pl, err := spl.Parse("| stats count min(x) max(x) values(x) first(x) dc(x) by a b c")
	if err != nil {
		t.Fatal(err)
	}
	st := pl.Commands[0].(*spl.StatsCommand)
	aggs, err := compileAggs(nil, st.Aggs, aggOptions{cmd: "stats"})
	if err != nil {
		t.Fatal(err)
	}
	texts := func(n int, f string) []value.Value {
		var out []value.Value
		for i := range n {
			out = append(out, value.Str(fmt.Sprintf(f, i)))
		}
		return out
	}
	cases := []struct {
		name    string
		a, b, c []value.Value
		rows    int
	}{
		{"text", texts(40, "host%d"), texts(300, "user%03d"), texts(15, "p%d.exe"), 20000},
		{"numbers", texts(40, "%d"), []value.Value{value.Num(3), value.Num(-1), value.Num(10)}, texts(5, "x%d"), 3000},
		{"one text as number and string", []value.Value{value.Num(1), value.Str("1"), value.Str("2")}, texts(30, "u%d"), texts(3, "c%d"), 2000},
		{"equal as numbers", []value.Value{value.Str("1"), value.Str("1.0"), value.Str("2")}, texts(30, "u%d"), texts(3, "c%d"), 2000},
		{"mixed", []value.Value{value.Str("9"), value.Str("10"), value.Str("1a")}, texts(30, "u%d"), texts(3, "c%d"), 2000},
		{"multivalue and null", []value.Value{value.Multi(value.Str("m"), value.Str("n")), value.Null, value.Str("n")}, texts(30, "u%d"), texts(3, "c%d"), 2000},
		{"wide", texts(70000, "w%d"), texts(70000, "v%d"), texts(70000, "z%d"), 5000},
		// Sorted by the keys, not the ranks, past the ranked sort's
		// threshold (its columns ranked, or not for the mixed one).
		{"equal as numbers, many", append(texts(40, "%d"), value.Str("1.0"), value.Num(2)), texts(300, "u%d"), texts(15, "c%d"), 20000},
		{"mixed, many", append(texts(40, "%d"), value.Str("1a"), value.Null), texts(300, "u%d"), texts(15, "c%d"), 20000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewSource(7))
			var rows []value.Fields
			for range tc.rows {
				rows = append(rows, value.Fields{{Name: "a", Value: tc.a[rng.Intn(len(tc.a))]}, {Name: "b", Value: tc.b[rng.Intn(len(tc.b))]},
					{Name: "c", Value: tc.c[rng.Intn(len(tc.c))]}, {Name: "x", Value: value.Num(float64(rng.Intn(1000)))},
					{Name: "_time", Value: value.Num(float64(rng.Intn(1e6)))}})
			}
			table := func(intern bool) []value.Fields {
				gr := newGrouper([]string{"a", "b", "c"}, aggs)
				if intern {
					gr.internKeys()
				}
				for _, r := range rows {
					if err := gr.add(r); err != nil {
						t.Fatal(err)
					}
				}
				return gr.rows([]string{"a", "b", "c"}, gr.sorted())
			}
			want := table(false)
			if len(want) < 2 {
				t.Fatalf("only %d groups", len(want))
			}
			for _, bits := range []int{64, 0} {
				packedSortBits = bits
				got := table(true)
				packedSortBits = 64
				if diff := cmp.Diff(want, got, cmp.Comparer(func(x, y value.Value) bool {
					return x.Kind() == y.Kind() && x.String() == y.String()
				})); diff != "" {
					t.Errorf("packed in %d bits (-by texts +by numbers):\n%s", bits, diff)
				}
			}
		})
	}
}

// BenchmarkInternedGrouping groups 200,000 rows by four BY fields of
// 400, 3,000, 15 and 15 values into about as many groups (the broad
// tstats over W1), then sorts them and makes their rows.
func BenchmarkInternedGrouping(b *testing.B) {
	pl, err := spl.Parse("| stats count min(_time) max(_time) by a b c d")
	if err != nil {
		b.Fatal(err)
	}
	aggs, err := compileAggs(nil, pl.Commands[0].(*spl.StatsCommand).Aggs, aggOptions{cmd: "stats"})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewSource(1))
	rows := make([]value.Fields, 200000)
	for i := range rows {
		rows[i] = value.Fields{{Name: "a", Value: value.Str(fmt.Sprintf("host-%03d.example.test", rng.Intn(400)))},
			{Name: "b", Value: value.Str(fmt.Sprintf(`EXAMPLE\user%04d`, rng.Intn(3000)))},
			{Name: "c", Value: value.Str(fmt.Sprintf("image%02d.exe", rng.Intn(15)))},
			{Name: "d", Value: value.Str(fmt.Sprintf("parent%02d.exe", rng.Intn(15)))},
			{Name: "_time", Value: value.Num(float64(1.7e9 + rng.Intn(1e6)))}}
	}
	for _, intern := range []bool{false, true} {
		b.Run(fmt.Sprintf("intern=%v", intern), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				gr := newGrouper([]string{"a", "b", "c", "d"}, aggs)
				if intern {
					gr.internKeys()
				}
				for _, r := range rows {
					if err := gr.add(r); err != nil {
						b.Fatal(err)
					}
				}
				if out := gr.rows([]string{"a", "b", "c", "d"}, gr.sorted()); len(out) < 100000 {
					b.Fatal(len(out))
				}
			}
		})
	}
}

package value

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNumberReading(t *testing.T) {
	cases := []struct {
		in   Value
		want float64
		ok   bool
	}{
		{Str("42"), 42, true},
		{Str("-1.5e3"), -1500, true},
		{Str(".5"), 0.5, true},
		{Str("5."), 5, true},
		{Str(" 12"), 0, false}, // spaces make it text (tonumber)
		{Str("0x1F"), 0, false},
		{Str("1e"), 0, false},
		{Str("inf"), 0, false},
		{Str(""), 0, false},
		{Num(3), 3, true},
		{Null, 0, false},
		{Bool(true), 0, false},
		{Strs("1", "2"), 0, false},
	}
	for _, tc := range cases {
		got, ok := tc.in.Number()
		if ok != tc.ok || got != tc.want {
			t.Errorf("%#v.Number() = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	cases := map[float64]string{
		3: "3", -0.25: "-0.25", 1e15: "1000000000000000",
		math.NaN(): "nan", math.Inf(1): "inf", math.Inf(-1): "-inf",
	}
	for f, want := range cases {
		if got := FormatNumber(f); got != want {
			t.Errorf("FormatNumber(%v) = %q, want %q", f, got, want)
		}
	}
}

func TestMulti(t *testing.T) {
	// Nulls are skipped and nesting flattened, as mvappend does; one value
	// stays single and none is null.
	if got := Multi(Null, Str("a"), Null); !Equal(got, Str("a")) {
		t.Errorf("Multi(null, a, null) = %#v", got)
	}
	if got := Multi(); !got.IsNull() {
		t.Errorf("Multi() = %#v", got)
	}
	got := Multi(Str("a"), Strs("b", "c"), Num(1))
	if diff := cmp.Diff([]string{"a", "b", "c", "1"}, got.Strings()); diff != "" {
		t.Errorf("flatten (-want +got):\n%s", diff)
	}
	if got.String() != "a\nb\nc\n1" {
		t.Errorf("multivalue prints as %q", got.String())
	}
}

func TestNullIsNotEmpty(t *testing.T) {
	if Str("").IsNull() {
		t.Error(`"" is null`)
	}
	var fs Fields
	fs.Set("a", Str(""))
	if _, ok := fs.Lookup("a"); !ok {
		t.Error(`setting "" removed the field`)
	}
	fs.Set("a", Null)
	if _, ok := fs.Lookup("a"); ok {
		t.Error("setting null kept the field")
	}
}

func TestFieldsOrder(t *testing.T) {
	var fs Fields
	fs.Set("b", Str("1"))
	fs.Set("a", Str("2"))
	fs.Set("b", Str("3"))
	fs.Add("a", Str("4"))
	if diff := cmp.Diff([]string{"b", "a"}, fs.Names()); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"2", "4"}, fs.Get("a").Strings()); diff != "" {
		t.Errorf("Add makes a multivalue (-want +got):\n%s", diff)
	}
}

func TestCompare(t *testing.T) {
	// Lexicographic order is UTF-8 byte order: 10, 100, 70, 9.
	vals := []Value{Str("9"), Str("70"), Str("100"), Str("10")}
	lexLess := func(i, j int) bool { return CompareLex(vals[i], vals[j]) < 0 }
	if !lexLess(3, 2) || !lexLess(2, 1) || !lexLess(1, 0) {
		t.Error("lexicographic order is not byte order")
	}
	if CompareAuto(Str("9"), Str("10")) >= 0 {
		t.Error("auto collation should compare numbers numerically")
	}
	if CompareAuto(Str("B"), Str("a")) >= 0 {
		t.Error("auto collation should compare text by bytes")
	}
}

package store

import (
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// decodedRows is the store's events as value.Fields, in its order.
func decodedRows(s *Store) []value.Fields {
	out := make([]value.Fields, len(s.rows))
	for i := range s.rows {
		out[i] = s.rows[i].decode(s.names.names, nil)
	}
	return out
}

// A row decodes to exactly the row encoded: same names, order, kinds,
// text and number precision, for every event of the test data and for
// values of every kind.
// With packing, _raw is kept packed and still decodes to itself.
func TestCompactRowRoundTrip(t *testing.T) {
	for _, pack := range []bool{false, true} {
		t.Run(fmt.Sprint("pack=", pack), func(t *testing.T) { testCompactRowRoundTrip(t, pack) })
	}
}

func testCompactRowRoundTrip(t *testing.T, pack bool) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "data", "*"))
	sh, err := datamodel.NewEventShaper(mustBuiltin(t))
	if err != nil {
		t.Fatal(err)
	}
	enc := newRowEncoder(newNameTable())
	if pack {
		enc.packWith(newPackTable())
	}
	n, packed := 0, 0
	check := func(row value.Fields) {
		t.Helper()
		c := enc.encode(row)
		if c.pk != nil {
			packed++
			if len(c.raw) >= int(c.plen) {
				t.Fatalf("packed _raw of %d bytes takes %d", c.plen, len(c.raw))
			}
		}
		if raw := row.Get("_raw").String(); len(raw) > 200 && strings.Contains(c.blob[c.split:], raw) {
			t.Fatalf("_raw copied into the row's other text")
		}
		got := c.decode(enc.names.names, nil)
		if !reflect.DeepEqual(got, row) {
			t.Fatalf("round trip:\n got %#v\nwant %#v", got, row)
		}
		for i, f := range row {
			id, _ := enc.names.lookupID(f.Name)
			v, ok := c.lookup(enc.names.names, id)
			if want := row.Get(f.Name); !ok || !reflect.DeepEqual(v, want) {
				t.Fatalf("lookup %d %q: %#v, want %#v", i, f.Name, v, want)
			}
		}
		n++
	}
	if _, err := ingest.ReadPaths(paths, ingest.Options{}, func(ev *ingest.Event) error {
		check(sh.Row(ev))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("only %d events", n)
	}
	if pack != (packed > n/4) {
		t.Fatalf("%d of %d events packed", packed, n)
	}
	// Multivalues whose elements are inside a packed _raw.
	long := `<Event><EventID>7</EventID><Data Name="a">alpha beta gamma</Data><Data Name="b">delta</Data></Event>`
	for i := 0; i < 2; i++ {
		raw := strings.Clone(long)
		check(value.Fields{
			{Name: "_raw", Value: value.Str(raw)},
			{Name: "sourcetype", Value: value.Str("x")},
			{Name: "EventCode", Value: value.Str(raw[15:16])},
			{Name: "words", Value: value.Multi(value.Str(raw[41:46]), value.Str(raw[47:51]), value.Num(3))},
		})
	}
	raw := "a=1 b=xyz"
	check(value.Fields{
		{Name: "_raw", Value: value.Str(raw)},
		{Name: "in", Value: value.Str(raw[4:9])},
		{Name: "empty", Value: value.Str("")},
		{Name: "out", Value: value.Str("elsewhere")},
		{Name: "alias", Value: value.Str("elsewhere")},
		{Name: "", Value: value.Str("nameless")},
		{Name: "num", Value: value.Num(-2.5)},
		{Name: "inf", Value: value.Num(math.Inf(1))},
		{Name: "prec", Value: value.NumPrec(3.14159, 3, 2)},
		{Name: "t", Value: value.Bool(true)},
		{Name: "f", Value: value.Bool(false)},
		{Name: "null", Value: value.Null},
		{Name: "mv", Value: value.Multi(value.Str("x"), value.Num(1))},
		{Name: "mv2", Value: value.Strs("p", "q", "r")},
	})
	long = strings.Repeat("long value not in _raw ", 4)
	check(value.Fields{{Name: "no_raw", Value: value.Str("v")}, {Name: "long", Value: value.Str(long)}, {Name: "long2", Value: value.Str(long)}})
	// Once the table is full, short strings are copied into the row.
	for i := 0; len(enc.names.names) < maxSyms; i++ {
		enc.names.sym(fmt.Sprint("filler", i))
	}
	check(value.Fields{{Name: "no_raw", Value: value.Str("new short value")}, {Name: "v", Value: value.Str("v")}})
	if !enc.full {
		t.Error("the encoder did not notice the full table")
	}
}

// BenchmarkDecode decodes the test-data events, as searches read them.
func BenchmarkDecode(b *testing.B) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "data", "*"))
	s, err := New()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.AddPaths(paths, ingest.Options{}, 1, nil); err != nil {
		b.Fatal(err)
	}
	var buf value.Fields
	b.ReportAllocs()
	for b.Loop() {
		for i := range s.rows {
			buf = s.rows[i].decode(s.names.names, buf[:0])
		}
	}
}

package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// What pack writes, the library's LZ4 decoder reads back as the input,
// whatever the input and the dictionary: matches from the dictionary, from
// the record itself (overlapping ones too), lengths needing extra bytes,
// offsets near the 16-bit limit, and records too short for any match.
func TestPackRoundTrip(t *testing.T) {
	xml := `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon'/><EventID>1</EventID></System></Event>`
	big := strings.Repeat("0123456789abcdef", 4100) // 65,600 bytes
	cases := []struct{ name, dict, src string }{
		{"empty", xml, ""},
		{"one byte", xml, "x"},
		{"under the match limit", xml, "abcdabcdabcd"},
		{"exactly the match limit", xml, "abcdabcdabcda"},
		{"same as dictionary", xml, xml},
		{"dictionary with changes", xml, strings.Replace(xml, "Sysmon", "Security-Auditing", 1)},
		{"run", "", strings.Repeat("a", 1000)},
		{"long literal", "", "the quick brown fox jumps over the lazy dog, then 300 more bytes " + strings.Repeat("zyxwvutsrqponmlkjihgfedcba", 12)},
		{"long match", xml, xml + xml + xml},
		{"far offsets", xml, big + "tail of the record"},
		{"nothing in common", "aaaaaaaaaaaaaaaa", "bcdefghijklmnopqrstuvwxyz0123456789"},
		{"match at the dictionary's end", "xxxxxxxxxxxxxxhello world", "hello world hello world, and more after it"},
		{"dictionary longer than the window", big, "0123456789abcdef then other text to the end"},
	}
	var p packer
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newPackDict(c.dict)
			packed := p.pack(nil, d, c.src)
			got, err := unpack(string(packed), d, len(c.src))
			if err != nil {
				t.Fatalf("unpack: %v", err)
			}
			if diff := cmp.Diff(c.src, got); diff != "" {
				t.Fatalf("round trip (-want +got):\n%s", diff)
			}
		})
	}
	// The dictionary is what makes records of one kind small.
	d := newPackDict(xml)
	next := strings.Replace(xml, "<EventID>1<", "<EventID>3<", 1)
	if n := len(p.pack(nil, d, next)); n > len(next)/4 {
		t.Errorf("a record like the dictionary packed to %d of %d bytes", n, len(next))
	}
}

// The packer's table is reused from record to record: stale entries from
// an earlier record must not become matches.
func TestPackReuse(t *testing.T) {
	var p packer
	d := newPackDict("")
	for i := range 300 {
		src := fmt.Sprintf("record %d: %s", i, strings.Repeat(fmt.Sprint(i*7919), 5+i%11))
		got, err := unpack(string(p.pack(nil, d, src)), d, len(src))
		if err != nil || got != src {
			t.Fatalf("record %d: %q, %v", i, got, err)
		}
	}
}

func FuzzPack(f *testing.F) {
	f.Add("<Event><EventID>1</EventID></Event>", "<Event><EventID>4</EventID></Event>")
	f.Add("", strings.Repeat("ab", 40))
	f.Add("abcdefgh", "abcdefghabcdefghabcdefgh")
	f.Fuzz(func(t *testing.T, dict, src string) {
		var p packer
		d := newPackDict(dict)
		for range 2 {
			got, err := unpack(string(p.pack(nil, d, src)), d, len(src))
			if err != nil || got != src {
				t.Fatalf("round trip: %q, %v", got, err)
			}
		}
	})
}

// A packed store is the same store to searches: the same events in the
// same order, the same rows of every dataset, the same columns and the
// same values listed per partition.
// PackRawAfter packs only once that much _raw is in, and the store is the
// same again.
func TestPackedStoreSame(t *testing.T) {
	t.Run("all", func(t *testing.T) { testPackedStoreSame(t, 0) })
	t.Run("after", func(t *testing.T) { testPackedStoreSame(t, 100_000) })
}

func testPackedStoreSame(t *testing.T, after int64) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "data", "*"))
	stores := make([]*Store, 2)
	for i := range stores {
		s, err := New()
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			s.PackRawAfter(after)
		}
		if _, err := s.AddPaths(paths, ingest.Options{}, 2, nil); err != nil {
			t.Fatal(err)
		}
		stores[i] = s
	}
	plain, packed := stores[0], stores[1]
	n := 0
	for i := range packed.rows {
		if packed.rows[i].pk != nil {
			n++
		}
	}
	if n < len(packed.rows)/4 {
		t.Fatalf("only %d of %d events packed", n, len(packed.rows))
	}
	if after > 0 {
		var kept int64
		for i := range packed.rows {
			if packed.rows[i].pk == nil {
				kept += int64(len(packed.rows[i].raw))
			}
		}
		if kept < after {
			t.Fatalf("%d bytes of _raw unpacked, want at least %d", kept, after)
		}
	}
	events := func(s *Store) []value.Fields {
		var out []value.Fields
		if err := s.Scan(context.Background(), engine.AllEvents, func(r value.Fields) error {
			out = append(out, r.Clone())
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if diff := cmp.Diff(events(plain), events(packed), cmp.AllowUnexported(value.Value{})); diff != "" {
		t.Fatalf("events differ (-plain +packed):\n%s", diff)
	}
	for _, name := range plain.base.DatasetNames() {
		rows := [2][]value.Fields{}
		cols := [2]map[string][]value.Value{}
		for i, s := range stores {
			ds, err := s.Dataset(name)
			if err != nil {
				t.Fatal(err)
			}
			d := ds.(*dataset)
			cols[i] = map[string][]value.Value{}
			if err := d.Scan(context.Background(), func(r value.Fields) error {
				rows[i] = append(rows[i], r.Clone())
				for _, f := range r {
					if _, ok := cols[i][f.Name]; !ok {
						ids, dict := d.Column(f.Name)
						for _, id := range ids {
							v := value.Null
							if id > 0 {
								v = dict[id-1]
							}
							cols[i][f.Name] = append(cols[i][f.Name], v)
						}
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff(rows[0], rows[1], cmp.AllowUnexported(value.Value{})); diff != "" {
			t.Fatalf("%s rows differ (-plain +packed):\n%s", name, diff)
		}
		if diff := cmp.Diff(cols[0], cols[1], cmp.AllowUnexported(value.Value{})); diff != "" {
			t.Fatalf("%s columns differ (-plain +packed):\n%s", name, diff)
		}
	}
	if len(plain.parts) != len(packed.parts) {
		t.Fatalf("%d partitions, packed %d", len(plain.parts), len(packed.parts))
	}
	for i := range plain.parts {
		for _, f := range []string{"EventCode", "Image", "host", "user", "nonesuch"} {
			a, am, aok := partView{plain, plain.parts[i]}.Values(f)
			b, bm, bok := partView{packed, packed.parts[i]}.Values(f)
			if diff := cmp.Diff(a, b, cmp.AllowUnexported(value.Value{})); diff != "" || am != bm || aok != bok {
				t.Fatalf("partition %d %s: (-plain +packed):\n%s", i, f, diff)
			}
		}
	}
}

// A dataset built on several goroutines has the rows one goroutine makes,
// in the same order; and one that decodes every field of the events, the
// rows made from the fields the dataset reads.
func TestParallelBuildSame(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "data", "*"))
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	s.PackRaw()
	if _, err := s.AddPaths(paths, ingest.Options{}, 2, nil); err != nil {
		t.Fatal(err)
	}
	s.Seal()
	defer func(n int) { parallelBuild = n }(parallelBuild)
	for _, name := range s.base.DatasetNames() {
		def, err := s.base.LookupDataset(name)
		if err != nil {
			t.Fatal(err)
		}
		var rows [3][]value.Fields
		var evs [3][]int32
		for i, min := range []int{1 << 30, 1, 1 << 30} {
			parallelBuild = min
			buildReadsAll = i == 2
			cd, err := datamodel.CompileDataset(s.base, def)
			if err != nil {
				t.Fatal(err)
			}
			d, err := s.build(cd)
			if err != nil {
				t.Fatal(err)
			}
			evs[i] = d.evs
			if err := d.Scan(context.Background(), func(r value.Fields) error {
				rows[i] = append(rows[i], r.Clone())
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff(rows[0], rows[1], cmp.AllowUnexported(value.Value{})); diff != "" {
			t.Fatalf("%s (-one goroutine +several):\n%s", name, diff)
		}
		if diff := cmp.Diff(evs[0], evs[1]); diff != "" {
			t.Fatalf("%s events (-one goroutine +several):\n%s", name, diff)
		}
		buildReadsAll = false
		if diff := cmp.Diff(rows[2], rows[0], cmp.AllowUnexported(value.Value{})); diff != "" {
			t.Fatalf("%s (-every event field decoded +the fields the dataset reads):\n%s", name, diff)
		}
		if diff := cmp.Diff(evs[2], evs[0]); diff != "" {
			t.Fatalf("%s events (-every event field decoded +the fields the dataset reads):\n%s", name, diff)
		}
	}
}

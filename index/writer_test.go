package index

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
	"github.com/zeebo/xxh3"
)

// writeGenerated writes n key=value events over 20 days (20 partitions),
// each with a GUID (kept as its place in _raw) and a command line.
func writeGenerated(t *testing.T, path string, n int) int64 {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i := range n {
		fmt.Fprintf(w, "2024-03-%02dT%02d:%02d:%02dZ host=ws%d user=u%d pid=%d guid={%08X-1F2E-4D3C-8B7A-%012X} cmd=\"cmd.exe /c echo %d\"\n",
			1+i%20, i/3600%24, i/60%60, i%60, i%7, i%101, 1000+i, i*2654435761, i*40503, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// TestMemoryBounded indexes a generated input of two sizes, the larger
// ten times the smaller, and checks that the live heap while indexing
// does not grow with the number of events: the buffers are bounded by
// RowGroupBytes and MemoryBytes, not by the input.
func TestMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 14 MB")
	}
	peak := func(events int) (live uint64, fileBytes int64) {
		root := t.TempDir()
		in := filepath.Join(root, "gen.log")
		fileBytes = writeGenerated(t, in, events)
		var mu sync.Mutex
		sample := func(Progress) {
			mu.Lock()
			defer mu.Unlock()
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			live = max(live, ms.HeapAlloc)
		}
		res, err := Build(filepath.Join(root, "idx"), Options{Paths: []string{in}, Workers: 2,
			Ingest: ingest.Options{Sourcetype: "gen:kv"}, RowGroupBytes: 256 << 10, MemoryBytes: 1 << 20, Progress: sample})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Added[0].Events; got != events {
			t.Fatalf("indexed %d events, want %d", got, events)
		}
		return live, fileBytes
	}
	small, smallBytes := peak(10_000)
	big, bigBytes := peak(100_000)
	t.Logf("live heap at most %.1f MB for %.1f MB of input, %.1f MB for %.1f MB", float64(small)/1e6,
		float64(smallBytes)/1e6, float64(big)/1e6, float64(bigBytes)/1e6)
	// Generous: growing with the input would add about the 12 MB of
	// events the larger input has more.
	if big > small+6<<20 {
		t.Errorf("live heap grew from %d to %d bytes with ten times the events", small, big)
	}
}

// TestKeptAsRef: long values and values mostly of hex digits are kept as
// their place in _raw; others as text.
func TestKeptAsRef(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"{24DB3774-4585-67F4-24A6-CB7AD03380A4}", true},
		{"SHA1=A1B2C3D4E5F60718293A4B5C6D7E8F9012345678,MD5=0123456789ABCDEF0123456789ABCDEF", true},
		{"2024-01-02T00:00:00.0421970Z", true},
		{"2024-01-02 00:00:00.042", false}, // 6 of 23 bytes are no hex digit
		{"0123456789abcdef012", false},     // 19 bytes: too short
		{`C:\Windows\System32\cmd.exe /c whoami`, false},
		{strings.Repeat("x", 256), true},
		{"", false},
	}
	for _, c := range cases {
		if got := keptAsRef(c.in); got != c.want {
			t.Errorf("keptAsRef(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestKeptAsRefEveryByte checks keptAsRef's eight bytes at a time
// against the rule byte by byte: every byte value, at every place of a
// word and of the tail, in values of hex digits with a quarter of other
// bytes or one more.
func TestKeptAsRefEveryByte(t *testing.T) {
	byRule := func(s string) bool {
		other := 0
		for i := 0; i < len(s); i++ {
			if !strings.ContainsRune("0123456789abcdefABCDEF", rune(s[i])) {
				other++
			}
		}
		return len(s) >= refMin || len(s) >= idMin && 4*other <= len(s)
	}
	for c := range 256 {
		for _, n := range []int{20, 23, 24, 31, 40} {
			for at := range n {
				for _, fill := range []byte{'7', 'e', 'E', 'z'} {
					b := []byte(strings.Repeat("0aF9", n)[:n])
					// Other bytes before at: a quarter of n, and one more.
					for k := 0; k < n/4-1 && k < at; k++ {
						b[k] = fill
					}
					b[at] = byte(c)
					for _, in := range []string{string(b), string(b) + "-"} {
						if got, want := keptAsRef(in), byRule(in); got != want {
							t.Fatalf("keptAsRef(%q) = %v, want %v", in, got, want)
						}
					}
				}
			}
		}
	}
}

// TestPlaceIn finds a value in _raw by its address or by a search.
func TestPlaceIn(t *testing.T) {
	raw := `<Data Name='ProcessGuid'>{24DB3774-4585-67F4-24A6-CB7AD03380A4}</Data>`
	slice := raw[25:63]
	copied := strings.Clone(slice)
	cases := []struct {
		name, s string
		want    int
	}{
		{"slice of raw", slice, 25},
		{"copy", copied, 25},
		{"absent", "{00000000-0000-0000-0000-000000000000}", -1},
		{"empty", "", -1},
	}
	for _, c := range cases {
		if got := placeIn(raw, c.s); got != c.want {
			t.Errorf("%s: placeIn = %d, want %d", c.name, got, c.want)
		}
	}
}

// TestCopyLeavesNoParts indexes a file, then a copy of it under another
// name with a new file: the copy is read while it is hashed, found to be
// indexed before, and the run done again without it, leaving on disk
// exactly the parts the manifest lists.
func TestCopyLeavesNoParts(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "idx")
	seed := seedData(t)
	a, b := filepath.Join(seed, "sysmon_wermgr.log"), filepath.Join(seed, "crowdstrike_pr2.log")
	if _, err := Build(dir, Options{Paths: []string{a}, Workers: 2}); err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(root, "copy.log")
	copyFile(t, a, cp)
	res, err := Build(dir, Options{Paths: []string{cp, b}, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{cp}, res.Skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	if len(res.Added) != 1 || res.Added[0].Path != b {
		t.Errorf("added %+v, want %s", res.Added, b)
	}
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, p := range m.Parts {
		want = append(want, p.Path)
	}
	for _, p := range m.Summaries {
		want = append(want, p.Path)
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".parquet") {
			rel, _ := filepath.Rel(dir, path)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(want)
	sort.Strings(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parts on disk (-manifest +disk):\n%s", diff)
	}
}

// TestHashFile checks hashFile's XXH3 and SHA-256 of a file's bytes,
// mapped or read, against the libraries' one-call sums.
func TestHashFile(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 1 << 20, 3<<20 + 7} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(i * 13 / 5)
		}
		path := filepath.Join(dir, fmt.Sprintf("f%d", n))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		x := xxh3.Hash128(data).Bytes()
		want := fileSums{xxh3: hex.EncodeToString(x[:]), sha256: fmt.Sprintf("%x", sha256.Sum256(data))}
		for _, withSHA := range []bool{false, true} {
			got, err := hashFile(path, withSHA)
			if err != nil {
				t.Fatal(err)
			}
			w := want
			if !withSHA {
				w.sha256 = ""
			}
			if got != w {
				t.Errorf("%d bytes, SHA-256 %v: hashFile %+v, want %+v", n, withSHA, got, w)
			}
		}
	}
}

// TestContentBySHA256 indexes a file into an index whose manifest knows
// it by its SHA-256 alone (as before XXH3): a copy of it under another
// name is still found indexed, and a new file of another size is hashed
// with XXH3 only.
func TestContentBySHA256(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "idx")
	seed := seedData(t)
	a, b := filepath.Join(seed, "sysmon_wermgr.log"), filepath.Join(seed, "crowdstrike_pr2.log")
	if _, err := Build(dir, Options{Paths: []string{a}, Workers: 2, NoSummaries: true}); err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	m.Files[0].XXH3, m.Files[0].SHA256 = "", fmt.Sprintf("%x", sha256.Sum256(data))
	if err := writeManifest(dir, m); err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(root, "copy.log")
	copyFile(t, a, cp)
	res, err := Build(dir, Options{Paths: []string{cp, b}, Workers: 2, NoSummaries: true})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{cp}, res.Skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	if len(res.Added) != 1 || res.Added[0].Path != b || res.Added[0].XXH3 == "" || res.Added[0].SHA256 != "" {
		t.Errorf("added %+v, want %s with its XXH3 alone", res.Added, b)
	}
}

// TestRecordFields makes records of events one after another, as a
// reading goroutine does: each keeps an event's fields in order, the
// first of a name, no default field, hex identifiers as their place in
// _raw, and two records share a layout mark exactly when their kept
// names, and the ways they are kept, are the same.
func TestRecordFields(t *testing.T) {
	const guid = "{96128EA2-F212-5F7E-E400-000000007F01}"
	type field struct{ name, val string }
	cases := []struct {
		name   string
		fields []field
		kept   []string // name, with "@" for a place in _raw
		same   bool     // the layout of the record before
	}{
		{"first", []field{{"a", "1"}, {"b", "2"}, {"g", guid}}, []string{"a", "b", "g@"}, false},
		{"same names", []field{{"a", "3"}, {"b", "4"}, {"g", guid}}, []string{"a", "b", "g@"}, true},
		{"a name again", []field{{"a", "3"}, {"b", "4"}, {"a", "5"}, {"g", guid}}, []string{"a", "b", "g@"}, true},
		{"a default field", []field{{"a", "3"}, {"host", "h"}, {"b", "4"}, {"g", guid}}, []string{"a", "b", "g@"}, true},
		{"kept another way", []field{{"a", "3"}, {"b", "4"}, {"g", "not hex"}}, []string{"a", "b", "g"}, false},
		{"one more", []field{{"a", "3"}, {"b", "4"}, {"g", "x"}, {"c", "5"}}, []string{"a", "b", "g", "c"}, false},
		{"one fewer", []field{{"a", "3"}, {"b", "4"}, {"g", "x"}}, []string{"a", "b", "g"}, false},
		{"the last twice", []field{{"a", "3"}, {"b", "4"}, {"g", "x"}, {"g", "y"}}, []string{"a", "b", "g"}, true},
		{"other order", []field{{"b", "4"}, {"a", "3"}, {"g", "x"}}, []string{"b", "a", "g"}, false},
		{"repeated after the last's names", []field{{"b", "4"}, {"a", "3"}, {"g", "x"}, {"b", "6"}, {"d", "7"}}, []string{"b", "a", "g", "d"}, false},
		{"a default where a kept name was", []field{{"b", "4"}, {"index", "i"}, {"a", "3"}, {"g", "x"}, {"d", "7"}}, []string{"b", "a", "g", "d"}, true},
	}
	var m recordMaker
	var prev *record
	for i, c := range cases {
		raw := ""
		var fs value.Fields
		for _, f := range c.fields {
			raw += f.val + " "
		}
		for _, f := range c.fields {
			fs = append(fs, value.Field{Name: f.name, Value: value.Str(raw[strings.Index(raw, f.val):][:len(f.val)])})
		}
		r, err := m.record(&ingest.Event{Raw: raw, Fields: fs}, int64(i))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range r.fs {
			n := f.name
			if f.ref >= 0 {
				n += "@"
			}
			got = append(got, n)
		}
		if diff := cmp.Diff(c.kept, got); diff != "" {
			t.Errorf("%s: kept (-want +got):\n%s", c.name, diff)
		}
		if prev != nil && (r.lay == prev.lay) != c.same {
			t.Errorf("%s: same layout as the record before %v, want %v", c.name, r.lay == prev.lay, c.same)
		}
		// The size counted while making the record is the one counted
		// from its fields.
		counted := *r
		counted.est = 0
		if got, want := r.size(), counted.size(); got != want {
			t.Errorf("%s: size %d, counted from the fields %d", c.name, got, want)
		}
		prev = r
	}
}

package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/datamodel/stream"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

func seedData(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "testdata", "seed", "data"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// copyFile copies src to dst, for files that must differ in name or time.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestEscapePartition(t *testing.T) {
	cases := []struct{ in, want string }{
		{"XmlWinEventLog", "XmlWinEventLog"},
		{"crowdstrike:events:sensor", "crowdstrike%3Aevents%3Asensor"},
		{"../../etc", "%2E.%2F..%2Fetc"},
		{"..", "%2E."},
		{".hidden", "%2Ehidden"},
		{`a/b\c=d%e`, "a%2Fb%5Cc%3Dd%25e"},
		{"", emptyPartition},
		{"tab\there", "tab%09here"},
		{"é", "%C3%A9"},
	}
	for _, c := range cases {
		got, err := EscapePartition(c.in)
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		if got != c.want {
			t.Errorf("EscapePartition(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if _, err := EscapePartition(strings.Repeat("x", 300)); err == nil {
		t.Error("a 300-byte value: no error")
	}
}

// TestPartitionsStayInside indexes data whose sourcetype and index try to
// climb out of the folder: every file written stays inside it.
func TestPartitionsStayInside(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "idx")
	data := filepath.Join(seedData(t), "sysmon_wermgr.log")
	_, err := Build(dir, Options{Paths: []string{data}, Ingest: ingest.Options{Sourcetype: "../../../escape", Index: "../up"}})
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !info.IsDir() && !strings.HasPrefix(path, dir+string(filepath.Separator)) {
			t.Errorf("%s written outside the index folder", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Parts) == 0 || m.Parts[0].Sourcetype != "../../../escape" {
		t.Fatalf("parts: %+v", m.Parts)
	}
}

// TestLinksLeadingOut refuses to write or read through a link inside the
// index folder, and a manifest naming a part outside it.
func TestLinksLeadingOut(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "idx")
	outside := filepath.Join(root, "outside")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(seedData(t), "sysmon_wermgr.log")
	if _, err := Build(dir, Options{Paths: []string{data}}); err != nil {
		t.Fatal(err)
	}
	// A partition folder replaced by a link out: a read refuses it.
	part := filepath.Join(dir, "index=main")
	if err := os.Rename(part, filepath.Join(outside, "moved")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "moved"), part); err != nil {
		t.Fatal(err)
	}
	src, err := Open(dir, nil, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = src.Scan(context.Background(), engine.AllEvents, func(value.Fields) error { return nil })
	if !errors.Is(err, errOutside) {
		t.Errorf("read through a link: got %v, want an error saying it leads out", err)
	}
	// A new file for the same partition: the write refuses it too.
	other := filepath.Join(root, "other.log")
	copyFile(t, data, other)
	if err := os.WriteFile(other, append(mustRead(t, other), '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(dir, Options{Paths: []string{other}}); !errors.Is(err, errOutside) {
		t.Errorf("write through a link: got %v, want an error saying it leads out", err)
	}
	if entries, _ := os.ReadDir(filepath.Join(outside, "moved")); len(entries) != 1 {
		t.Errorf("the folder outside got written to: %v", entries)
	}
	// A manifest naming a part outside the folder.
	for _, bad := range []string{"../outside/x.parquet", "/etc/passwd", "index=main/../../x.parquet"} {
		m := &Manifest{Version: manifestVersion, Parts: []PartEntry{{Path: bad, RowGroups: 1, Events: 1}}}
		d := t.TempDir()
		if err := writeManifest(d, m); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadManifest(d); !errors.Is(err, errOutside) {
			t.Errorf("part %q: got %v, want an error saying it leads out", bad, err)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestIncremental indexes a file, then it again with another: the first
// is skipped, the second adds parts and the first run's parts are left as
// they were; a copy of a file under another name is skipped by content.
func TestIncremental(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "idx")
	seed := seedData(t)
	a, b := filepath.Join(seed, "sysmon_wermgr.log"), filepath.Join(seed, "crowdstrike_pr2.log")
	first, err := Build(dir, Options{Paths: []string{a}})
	if err != nil {
		t.Fatal(err)
	}
	before := map[string]os.FileInfo{}
	for _, p := range first.Parts {
		st, err := os.Stat(filepath.Join(dir, p.Path))
		if err != nil {
			t.Fatal(err)
		}
		before[p.Path] = st
	}
	second, err := Build(dir, Options{Paths: []string{a, b}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{a}, second.Skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	if len(second.Added) != 1 || second.Added[0].Path != b || second.Added[0].Events != 5 {
		t.Errorf("added: %+v", second.Added)
	}
	for path, st := range before {
		now, err := os.Stat(filepath.Join(dir, path))
		if err != nil || now.Size() != st.Size() || !now.ModTime().Equal(st.ModTime()) {
			t.Errorf("%s was rewritten", path)
		}
	}
	cp := filepath.Join(root, "copy.log")
	copyFile(t, a, cp)
	third, err := Build(dir, Options{Paths: []string{cp}})
	if err != nil {
		t.Fatal(err)
	}
	if len(third.Added) != 0 || len(third.Skipped) != 1 {
		t.Errorf("a copy: added %v, skipped %v", third.Added, third.Skipped)
	}
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 2 || len(m.Runs) != 2 {
		t.Errorf("manifest lists %d files and %d runs, want 2 and 2", len(m.Files), len(m.Runs))
	}
}

// TestScanMatchesStream compares the events of an index with those of a
// stream over the same files, for requests that read every field, a
// few, and with text that must appear.
func TestScanMatchesStream(t *testing.T) {
	seed := seedData(t)
	dir := filepath.Join(t.TempDir(), "idx")
	if _, err := Build(dir, Options{Paths: []string{seed}, Workers: 2, RowGroupBytes: 4 << 10}); err != nil {
		t.Fatal(err)
	}
	idx, err := Open(dir, nil, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := stream.New(nil, []string{seed}, ingest.Options{}, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	reqs := map[string]engine.EventScan{
		"all":    engine.AllEvents,
		"fields": {Fields: []string{"_time", "Computer", "process_name", "CommandLine"}},
		"must": {Fields: []string{"_time", "CommandLine", "_raw"}, Must: []engine.Contains{{Field: "CommandLine", Pieces: []string{"cmd"}}},
			NewKeep: func() func(value.Fields) bool {
				return func(r value.Fields) bool {
					return strings.Contains(strings.ToLower(r.Get("CommandLine").String()), "cmd")
				}
			}},
		"limit": {Limit: 3},
	}
	for name, req := range reqs {
		t.Run(name, func(t *testing.T) {
			collect := func(src engine.Source) []string {
				var out []string
				err := src.Scan(context.Background(), req, func(r value.Fields) error {
					var b strings.Builder
					for _, f := range r {
						if req.Fields == nil || containsField(req.Fields, f.Name) {
							b.WriteString(f.Name + "=" + f.Value.GoString() + "\n")
						}
					}
					out = append(out, b.String())
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				return out
			}
			want, got := collect(raw), collect(idx)
			if len(want) == 0 {
				t.Fatal("no events")
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-stream +index):\n%s", diff)
			}
		})
	}
}

func containsField(list []string, f string) bool {
	for _, x := range list {
		if x == f {
			return true
		}
	}
	return false
}

func TestContainsFold(t *testing.T) {
	cases := []struct {
		s, piece string
		want     bool
	}{
		{"C:\\Windows\\WerMgr.exe", "wermgr.exe", true},
		{"wermgr.ex", "wermgr.exe", false},
		{"xxWERMGR.EXE", "wermgr.exe", true},
		{"", "a", false},
		{"abc", "", true},
		{"aAbB", "ab", true},
		{"a-b", "ab", false},
		{"Straße WHOAMI", "whoami", true},
		{"1.2.3", "2.3", true},
	}
	for _, c := range cases {
		if got := engine.IndexFoldASCII(c.s, c.piece) >= 0; got != c.want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", c.s, c.piece, got, c.want)
		}
	}
}

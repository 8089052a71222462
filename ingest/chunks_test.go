package ingest

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// ReadChunks must give the events and the stats of ReadPaths: the chunks
// are cut small here so that every file splits many times, around bad
// records too. A named sourcetype reads the same way: split when its
// format is the content's (or it names none, so the content decides),
// whole otherwise.
func TestReadChunksMatchesReadPaths(t *testing.T) {
	defer func(n int64) { chunkSize = n }(chunkSize)
	chunkSize = 8 << 10
	dir := t.TempDir()
	var xml, js strings.Builder
	for i := range 400 {
		ev := strings.Replace(exampleSysmon1, "<EventRecordID>4522<", fmt.Sprintf("<EventRecordID>%d<", i), 1)
		switch i % 37 {
		case 5:
			ev = ev[:len(ev)-len("</Event>")] // truncated: no end tag
		case 11:
			ev = "junk line " + ev[:100]
		}
		xml.WriteString(ev + "\n")
		obj := strings.Replace(exampleCrowdStrikePR2, `"RawProcessId":"5012"`, fmt.Sprintf(`"RawProcessId":"%d"`, i), 1)
		switch i % 41 {
		case 7:
			obj = obj[:len(obj)-1] // truncated object
		case 13:
			obj = "not json"
		case 17:
			obj = `{"a": "unterminated`
		}
		js.WriteString(obj + "\n")
	}
	for name, data := range map[string]string{"a.xml": xml.String(), "b.json": js.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		sourcetype, source  string
		splitXML, splitJSON bool
	}{
		{"", "", true, true},
		{"XmlWinEventLog", "", true, false},
		{"XmlWinEventLog", "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", true, false},
		{"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", "", true, false},
		{"WinEventLog", "", true, true},   // no format of its own: the content's
		{"my:custom", "mine", true, true}, // unknown: the content's format
		{"crowdstrike:events:sensor", "", false, true},
		{"_json", "", false, true},
		{"linux:audit", "", false, false},
	}
	for _, c := range cases {
		t.Run(c.sourcetype+"|"+c.source, func(t *testing.T) {
			opt := Options{Sourcetype: c.sourcetype, Source: c.source}
			want, wantStats := readAllPaths(t, dir, opt)
			got, gotStats := readAllChunks(t, dir, opt, 3)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("events differ (-ReadPaths +ReadChunks):\n%s", diff)
			}
			if diff := cmp.Diff(wantStats, gotStats); diff != "" {
				t.Errorf("stats differ (-ReadPaths +ReadChunks):\n%s", diff)
			}
			for file, split := range map[string]bool{"a.xml": c.splitXML, "b.json": c.splitJSON} {
				n := len(splitFile(filepath.Join(dir, file), true, opt, 3))
				if split && n < 5 || !split && n != 1 {
					t.Errorf("%s read in %d chunks, want split %v", file, n, split)
				}
			}
		})
	}
}

// chunkRec is what the tests of ReadChunks compare of an event.
type chunkRec struct {
	File, Raw, Sourcetype, Source, Host, Index string
	Time                                       float64
}

func newChunkRec(ev *Event) chunkRec {
	return chunkRec{ev.File, ev.Raw, ev.Sourcetype, ev.Source, ev.Host, ev.Index, ev.Time}
}

// readAllPaths reads path with ReadPaths.
func readAllPaths(t *testing.T, path string, opt Options) ([]chunkRec, Stats) {
	t.Helper()
	var out []chunkRec
	st, err := ReadPaths([]string{path}, opt, func(ev *Event) error {
		out = append(out, newChunkRec(ev))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, st
}

// readAllChunks reads path with ReadChunks, putting the events back in
// the order of ReadPaths.
func readAllChunks(t *testing.T, path string, opt Options, workers int) ([]chunkRec, Stats) {
	t.Helper()
	type pos struct{ chunk, n int }
	var mu sync.Mutex
	got := map[pos]chunkRec{}
	count := map[int]int{}
	st, err := ReadChunks([]string{path}, opt, workers, func(_, chunk int, ev *Event) error {
		mu.Lock()
		defer mu.Unlock()
		got[pos{chunk, count[chunk]}] = newChunkRec(ev)
		count[chunk]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]pos, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].chunk != keys[j].chunk {
			return keys[i].chunk < keys[j].chunk
		}
		return keys[i].n < keys[j].n
	})
	var out []chunkRec
	for _, k := range keys {
		out = append(out, got[k])
	}
	return out, st
}

// Chunks of several MB are mapped and their memory let go of as they are
// read (mapRange's drop): the events and stats are still those of
// ReadPaths.
func TestReadChunksMappedLarge(t *testing.T) {
	defer func(n int64) { chunkSize = n }(chunkSize)
	chunkSize = 3 << 20
	var xml strings.Builder
	for i := 0; xml.Len() < 10<<20; i++ {
		ev := strings.Replace(exampleSysmon1, "<EventRecordID>4522<", fmt.Sprintf("<EventRecordID>%d<", i), 1)
		if i%997 == 5 {
			ev = ev[:len(ev)-len("</Event>")] // truncated: a problem with its line
		}
		xml.WriteString(ev + "\n")
	}
	path := filepath.Join(t.TempDir(), "big.xml")
	if err := os.WriteFile(path, []byte(xml.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var want []string
	wantStats, err := ReadPaths([]string{path}, Options{}, func(ev *Event) error {
		want = append(want, ev.Raw)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	type pos struct{ chunk, n int }
	var mu sync.Mutex
	got := map[pos]string{}
	count := map[int]int{}
	gotStats, err := ReadChunks([]string{path}, Options{}, 2, func(_, chunk int, ev *Event) error {
		mu.Lock()
		defer mu.Unlock()
		got[pos{chunk, count[chunk]}] = ev.Raw
		count[chunk]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(count) < 3 {
		t.Fatalf("only %d chunks: the file was not split", len(count))
	}
	var gotList []string
	for c := 0; c < len(count); c++ {
		for n := 0; n < count[c]; n++ {
			gotList = append(gotList, got[pos{c, n}])
		}
	}
	if !slices.Equal(want, gotList) {
		t.Errorf("events differ: %d from ReadPaths, %d from ReadChunks", len(want), len(gotList))
	}
	if diff := cmp.Diff(wantStats, gotStats); diff != "" {
		t.Errorf("stats differ (-ReadPaths +ReadChunks):\n%s", diff)
	}
}

// A file cut short while a mapped chunk of it is read is an error of the
// file, not a crash.
func TestReadChunksFileCutShort(t *testing.T) {
	defer func(n int64) { chunkSize = n }(chunkSize)
	chunkSize = 1 << 20
	var xml strings.Builder
	for xml.Len() < 4<<20 {
		xml.WriteString(exampleSysmon1 + "\n")
	}
	path := filepath.Join(t.TempDir(), "cut.xml")
	if err := os.WriteFile(path, []byte(xml.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	_, err := ReadChunks([]string{path}, Options{}, 2, func(_, _ int, ev *Event) error {
		once.Do(func() {
			if err := os.Truncate(path, 0); err != nil {
				t.Error(err)
			}
		})
		return nil
	})
	if err == nil {
		t.Skip("this system reads chunks without mapping them")
	}
	if !strings.Contains(err.Error(), "cut short") {
		t.Errorf("got %v, want the file cut short", err)
	}
}

// FuzzMappedWindow: input read in place (a mapped chunk's window, which
// takes the input whole) gives the events and stats of the same input
// read through a growing window, whatever the format and the damage.
func FuzzMappedWindow(f *testing.F) {
	for _, s := range []string{
		exampleSysmon1 + "\n" + exampleSecurity4688 + "\n",
		"garbage\n" + exampleSecurity4688 + "\n\x00\x01binary\n" + exampleSysmon1,
		exampleCrowdStrikePR2 + "\nnot json\n{\"a\": 1}\n",
		"\xef\xbb\xbf" + exampleSysmon1, "\xff\xfe<\x00E\x00v\x00", "<Event", "{", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		type rec struct {
			Raw, Sourcetype string
			Line            int
		}
		read := func(r io.Reader) ([]rec, Stats, string) {
			var out []rec
			st, err := Read(r, "f", Options{}, func(ev *Event) error {
				out = append(out, rec{ev.Raw, ev.Sourcetype, ev.Line})
				return nil
			})
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			return out, st, msg
		}
		wantEv, wantSt, wantErr := read(bytes.NewReader(data))
		gotEv, gotSt, gotErr := read(&mappedReader{b: data, drop: func(int) {}})
		if diff := cmp.Diff(wantEv, gotEv); diff != "" {
			t.Errorf("events (-read +in place):\n%s", diff)
		}
		if diff := cmp.Diff(wantSt, gotSt); diff != "" {
			t.Errorf("stats (-read +in place):\n%s", diff)
		}
		if wantErr != gotErr {
			t.Errorf("error %q read, %q in place", wantErr, gotErr)
		}
	})
}

// The chunks of a large file are chunkSize long until the end nears, then
// a share of what is left (half a chunk per worker), never under an eighth
// of chunkSize: the workers run out of chunks together.
func TestChunkStep(t *testing.T) {
	defer func(n int64) { chunkSize = n }(chunkSize)
	chunkSize = 16 << 20
	cases := []struct {
		name    string
		rest    int64
		workers int
		want    int64
	}{
		{"far from the end", 400 << 20, 2, 16 << 20},
		{"at four chunks left, two workers", 64 << 20, 2, 16 << 20},
		{"three chunks left, two workers", 48 << 20, 2, 12 << 20},
		{"three chunks left, eight workers", 48 << 20, 8, 3 << 20},
		{"near the end", 4 << 20, 2, 2 << 20},
		{"one worker", 24 << 20, 1, 12 << 20},
	}
	for _, c := range cases {
		if got := chunkStep(c.rest, c.workers); got != c.want {
			t.Errorf("%s: chunkStep(%d, %d) = %d, want %d", c.name, c.rest, c.workers, got, c.want)
		}
	}
}

// EachMapped hands over the file's bytes in order, in pieces of at most
// step bytes; a file cut short while it is read is an error.
func TestEachMapped(t *testing.T) {
	data := make([]byte, 3<<20+12345)
	for i := range data {
		data[i] = byte(i * 7 / 3)
	}
	path := filepath.Join(t.TempDir(), "f.bin")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var got []byte
	mapped, err := EachMapped(path, 1<<20, func(b []byte) {
		if len(b) > 1<<20 {
			t.Errorf("a piece of %d bytes", len(b))
		}
		got = append(got, b...)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !mapped {
		t.Skip("this system does not map files")
	}
	if !bytes.Equal(got, data) {
		t.Errorf("got %d bytes, not the file's %d", len(got), len(data))
	}
	sum := 0
	_, err = EachMapped(path, 1<<20, func(b []byte) {
		sum += int(b[len(b)-1]) // past the end of a file cut short: a fault
		if err := os.Truncate(path, 0); err != nil {
			t.Error(err)
		}
	})
	if err == nil || !strings.Contains(err.Error(), "cut short") {
		t.Errorf("got %v, want the file cut short", err)
	}
}

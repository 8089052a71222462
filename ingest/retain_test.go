package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
)

// bigXML writes about size bytes of one-line Sysmon records, each of its
// own record number, and returns the file's path.
func bigXML(t *testing.T, size int) string {
	t.Helper()
	var xml strings.Builder
	for i := 0; xml.Len() < size; i++ {
		xml.WriteString(strings.Replace(exampleSysmon1, "<EventRecordID>4522<", fmt.Sprintf("<EventRecordID>%d<", i), 1) + "\n")
	}
	path := filepath.Join(t.TempDir(), "big.xml")
	if err := os.WriteFile(path, []byte(xml.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// keptEvent is what a caller keeping events past the callback reads of
// one: its text and fields, by its place in the chunks.
type keptEvent struct {
	Raw    string
	Fields []string
}

// With Options.Retain, events kept after their callback (the records a
// writer stages) still hold their texts once every chunk is read, its
// pages let go of and swept: they are those of a read that copies.
func TestRetainedEventsOutliveCallbacks(t *testing.T) {
	defer func(n int64, s int) { chunkSize, sweepEvery = n, s }(chunkSize, sweepEvery)
	chunkSize, sweepEvery = 2<<20, 3<<20
	path := bigXML(t, 12<<20)
	read := func(opt Options) [][]*Event {
		var mu sync.Mutex
		var byChunk [][]*Event
		_, err := ReadChunks([]string{path}, opt, 2, func(_, chunk int, ev *Event) error {
			mu.Lock()
			defer mu.Unlock()
			for len(byChunk) <= chunk {
				byChunk = append(byChunk, nil)
			}
			byChunk[chunk] = append(byChunk[chunk], ev)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return byChunk
	}
	flat := func(byChunk [][]*Event) []keptEvent {
		var out []keptEvent
		for _, evs := range byChunk {
			for _, ev := range evs {
				k := keptEvent{Raw: ev.Raw}
				for _, f := range ev.Fields {
					k.Fields = append(k.Fields, f.Name+"="+f.Value.String())
				}
				out = append(out, k)
			}
		}
		return out
	}
	want := flat(read(Options{}))
	r := new(Retained)
	defer r.Release()
	got := read(Options{Retain: r})
	if len(r.maps) < 3 {
		t.Skipf("%d mappings kept: this system reads chunks without mapping them", len(r.maps))
	}
	// The texts are views of the mappings, not copies.
	for _, evs := range got {
		if !inMapping(r, evs[0].Raw) {
			t.Fatalf("a chunk's first event's text is not a view of a mapping kept")
		}
	}
	if diff := cmp.Diff(want, flat(got)); diff != "" {
		t.Errorf("kept events differ from copied ones (-copied +retained):\n%s", diff)
	}
}

// Past maxRetained mappings kept, chunks are read with copies: the
// events are the same.
func TestRetainedBound(t *testing.T) {
	defer func(n int64, m int) { chunkSize, maxRetained = n, m }(chunkSize, maxRetained)
	chunkSize, maxRetained = 1<<20, 2
	path := bigXML(t, 8<<20)
	read := func(opt Options) []string {
		var mu sync.Mutex
		var raws []string
		_, err := ReadChunks([]string{path}, opt, 2, func(_, _ int, ev *Event) error {
			mu.Lock()
			defer mu.Unlock()
			raws = append(raws, ev.Raw)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(raws)
		return raws
	}
	want := read(Options{})
	r := new(Retained)
	defer r.Release()
	got := read(Options{Retain: r})
	// Two reads may both find room for the last mapping.
	if n := len(r.maps); n == 0 || n > maxRetained+1 {
		t.Errorf("%d mappings kept, want 1 to %d", n, maxRetained+1)
	}
	copied := 0
	for _, raw := range got {
		if !inMapping(r, raw) {
			copied++
		}
	}
	if copied == 0 {
		t.Errorf("every event is a view: the chunks past the bound were not copied")
	}
	if !slices.Equal(want, got) {
		t.Errorf("events differ past the bound: %d copied, %d kept", len(want), len(got))
	}
}

// A text of a retained mapping read after its file was cut short faults;
// FaultError makes that an error.
func TestRetainedFaultIsError(t *testing.T) {
	defer func(n int64) { chunkSize = n }(chunkSize)
	chunkSize = 1 << 20
	path := bigXML(t, 4<<20)
	r := new(Retained)
	defer r.Release()
	var mu sync.Mutex
	var last *Event
	_, err := ReadChunks([]string{path}, Options{Retain: r}, 2, func(_, _ int, ev *Event) error {
		mu.Lock()
		last = ev
		mu.Unlock()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.maps) == 0 {
		t.Skip("this system reads chunks without mapping them")
	}
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	err = func() (err error) {
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer FaultError(&err)
		n := 0
		for i := 0; i < len(last.Raw); i++ {
			n += int(last.Raw[i])
		}
		return fmt.Errorf("read %d of a file cut short without a fault", n)
	}()
	if err != ErrCutShort {
		t.Errorf("got %v, want %v", err, ErrCutShort)
	}
}

// inMapping reports whether s lies in one of the mappings r keeps.
func inMapping(r *Retained, s string) bool {
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	for _, mp := range r.maps {
		b := mp.bytes()
		start := uintptr(unsafe.Pointer(&b[0]))
		if p >= start && p+uintptr(len(s)) <= start+uintptr(len(b)) {
			return true
		}
	}
	return false
}

package index

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMappedReadAt reads a file through its mapping and through the file
// itself (the independent path), at every edge: the same bytes and errors.
func TestMappedReadAt(t *testing.T) {
	dir := t.TempDir()
	data := bytes.Repeat([]byte("0123456789abcdef"), 1000)
	if err := os.WriteFile(filepath.Join(dir, "p.parquet"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "p.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, unmap, ok := mapFile(f, int64(len(data)))
	if !ok {
		t.Skip("no mapping on " + runtime.GOOS)
	}
	m := &mappedFile{f: f, b: b, unmap: unmap}
	defer m.Close()
	type read struct {
		N   int
		Buf string
		EOF bool
	}
	at := func(r io.ReaderAt, off int64, n int) read {
		buf := make([]byte, n)
		k, err := r.ReadAt(buf, off)
		if err != nil && err != io.EOF {
			t.Fatalf("ReadAt(%d, %d): %v", off, n, err)
		}
		return read{N: k, Buf: string(buf[:k]), EOF: err == io.EOF}
	}
	for _, c := range []struct {
		off int64
		n   int
	}{{0, 10}, {5, 4096}, {int64(len(data)) - 3, 3}, {int64(len(data)) - 3, 10}, {int64(len(data)), 1}, {int64(len(data)) + 7, 1}, {100, 0}} {
		if d := cmp.Diff(at(f, c.off, c.n), at(m, c.off, c.n)); d != "" {
			t.Errorf("ReadAt(%d, %d): (-file +mapped)\n%s", c.off, c.n, d)
		}
	}
	if _, err := m.ReadAt(make([]byte, 1), -1); err == nil {
		t.Error("a negative offset read")
	}
}

// TestMappedShrunk cuts a mapped file short: reading the pages it lost is
// an error, not a crash of the process.
func TestMappedShrunk(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.parquet")
	size := 4 * os.Getpagesize()
	if err := os.WriteFile(path, make([]byte, size), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, unmap, ok := mapFile(f, int64(size))
	if !ok {
		t.Skip("no mapping on " + runtime.GOOS)
	}
	m := &mappedFile{f: f, b: b, unmap: unmap}
	defer m.Close()
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := m.ReadAt(make([]byte, 16), int64(size-16)); err == nil {
		t.Error("read the lost end of a shrunk file without an error")
	}
}

package index

import (
	"errors"
	"io"
	"os"
	"runtime/debug"

	"github.com/parquet-go/parquet-go"
)

// mappedFile is a file read through a read-only mapping of it: a read is
// a copy from the page cache, with no system call.
type mappedFile struct {
	f     *os.File
	b     []byte
	unmap func()
}

// ReadAt implements io.ReaderAt. A fault on the mapping (the file cut
// short by another process while it is read) is an error, not a crash.
func (m *mappedFile) ReadAt(p []byte, off int64) (n int, err error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	if off >= int64(len(m.b)) {
		return 0, io.EOF
	}
	old := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(old)
		if recover() != nil {
			n, err = 0, errors.New("the file changed while it was read")
		}
	}()
	n = copy(p, m.b[off:])
	if n < len(p) {
		err = io.EOF
	}
	return n, err
}

func (m *mappedFile) Close() error {
	if m.unmap != nil {
		m.unmap()
		m.unmap = nil
	}
	return m.f.Close()
}

// openMapped opens a Parquet file of the index folder dir as openParquet
// does, read through a mapping when the file can be mapped.
func openMapped(dir, rel string, opts ...parquet.FileOption) (io.Closer, *parquet.File, error) {
	path, err := safeJoin(dir, rel)
	if err != nil {
		return nil, nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	m := &mappedFile{f: f}
	var r io.ReaderAt = f
	if b, unmap, ok := mapFile(f, st.Size()); ok {
		m.b, m.unmap, r = b, unmap, m
	}
	pf, err := guard(path, func() (*parquet.File, error) {
		return parquet.OpenFile(r, st.Size(), opts...)
	})
	if err != nil {
		m.Close()
		return nil, nil, err
	}
	return m, pf, nil
}

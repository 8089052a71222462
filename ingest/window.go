package ingest

import (
	"bytes"
	"fmt"
	"io"
)

// window holds the unread input in one buffer that grows to fit the longest
// record, so a record is always one contiguous slice however many reads it
// took, and line numbers are counted once as bytes are consumed.
type window struct {
	r          io.Reader
	buf        []byte
	start, end int // unread input is buf[start:end]
	line       int // line number of buf[start]
	eof        bool
	err        error // first read error other than io.EOF
	// drop, for a mapped input, lets go of the memory of what was
	// read, every dropEvery bytes.
	drop    func(n int)
	dropped int
	lag     int // mappedReader.lag
}

const dropEvery = 2 << 20

const readSize = 256 << 10

func newWindow(r io.Reader) *window {
	if m, ok := r.(*mappedReader); ok {
		// The whole input, read-only: fill never writes to a window
		// at its end.
		w := &window{r: r, buf: m.b, end: len(m.b), line: 1, eof: true, drop: m.drop, lag: m.lag}
		m.b = nil
		return w
	}
	return &window{r: r, buf: make([]byte, readSize), line: 1}
}

func (w *window) data() []byte { return w.buf[w.start:w.end] }

// advance consumes n bytes.
func (w *window) advance(n int) {
	w.advanceLines(n, bytes.Count(w.buf[w.start:w.start+n], newline))
}

// advanceLines consumes n bytes known to hold lines newlines.
func (w *window) advanceLines(n, lines int) {
	w.line += lines
	w.start += n
	if w.drop != nil && w.start-w.lag-w.dropped >= dropEvery {
		w.dropped = w.start - w.lag
		w.drop(w.dropped)
	}
}

var newline = []byte{'\n'}

// fill reads more input after the unread bytes, moving or growing the
// buffer as needed; offsets relative to data() stay valid. It returns false
// when no more input came (end of input or a read error).
func (w *window) fill() bool {
	if w.eof || w.err != nil {
		return false
	}
	if w.start > 0 {
		n := copy(w.buf, w.buf[w.start:w.end])
		w.start, w.end = 0, n
	}
	if w.end == len(w.buf) {
		nb := make([]byte, 2*len(w.buf))
		copy(nb, w.buf[:w.end])
		w.buf = nb
	}
	for {
		n, err := w.r.Read(w.buf[w.end:])
		w.end += n
		if err != nil {
			if err == io.EOF {
				w.eof = true
			} else {
				w.err = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

func (w *window) skipBOM() {
	for len(w.data()) < 3 && w.fill() {
	}
	if bytes.HasPrefix(w.data(), []byte("\xef\xbb\xbf")) {
		w.start += 3
	}
}

// skipJunk consumes input up to the start of the next record, as found by
// next (which returns -1 when its slice holds none), or to the end of input.
// The first byte is known not to start a record. keep is how many trailing
// bytes to hold back because a record start may straddle two reads. It
// returns the number of bytes skipped and whether they looked binary.
func skipJunk(w *window, next func([]byte) int, keep int) (n int, binary bool) {
	from := 1
	for {
		d := w.data()
		if len(d) <= from {
			if w.fill() {
				continue
			}
			binary = binary || looksBinary(d)
			w.advance(len(d))
			return n + len(d), binary
		}
		if i := next(d[from:]); i >= 0 {
			binary = binary || looksBinary(d[:from+i])
			w.advance(from + i)
			return n + from + i, binary
		}
		cut := len(d) - keep
		if w.eof || w.err != nil {
			cut = len(d)
		}
		if cut > 0 {
			binary = binary || looksBinary(d[:cut])
			w.advance(cut)
			n += cut
		}
		from = 0
		if !w.fill() && cut <= 0 {
			d = w.data()
			binary = binary || looksBinary(d)
			w.advance(len(d))
			return n + len(d), binary
		}
	}
}

// readFailed is the reason scanners give when the input broke off because
// of a read error; the error is reported instead of a bad record.
const readFailed = "read error"

func looksBinary(b []byte) bool {
	return bytes.IndexByte(b, 0) >= 0
}

func junkReason(n int, binary bool, what string) string {
	if binary {
		return fmt.Sprintf("%d bytes of binary data, not %s", n, what)
	}
	return fmt.Sprintf("%d bytes that are not %s", n, what)
}

func skipSpace(d []byte) int {
	for i, c := range d {
		if !isSpace(c) {
			return i
		}
	}
	return len(d)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'
}

package ingest

// UTF-16 input. Windows tools write XML exports and logs in UTF-16 with a
// byte order mark (Event Viewer, PowerShell's Out-File); Splunk's
// forwarder decodes them (CHARSET = AUTO detects the BOM). The readers
// here work on UTF-8, so such input is decoded first.

import (
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// utf16Reader decodes UTF-16 into UTF-8; unpaired surrogates and a
// trailing odd byte become U+FFFD.
type utf16Reader struct {
	r   io.Reader
	big bool // big-endian
	buf []byte
	in  []byte // undecoded bytes
	out []byte // decoded bytes not yet returned
	hi  rune   // pending high surrogate, or 0
	err error
}

func newUTF16Reader(r io.Reader, big bool) *utf16Reader {
	return &utf16Reader{r: r, big: big, buf: make([]byte, 64<<10)}
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		n, err := u.r.Read(u.buf)
		u.in = append(u.in, u.buf[:n]...)
		u.decode()
		if err != nil {
			if err == io.EOF {
				if u.hi != 0 {
					u.out = utf8.AppendRune(u.out, utf8.RuneError)
					u.hi = 0
				}
				if len(u.in) > 0 {
					u.out = utf8.AppendRune(u.out, utf8.RuneError)
					u.in = u.in[:0]
				}
			}
			u.err = err
		}
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

func (u *utf16Reader) decode() {
	i := 0
	for ; i+1 < len(u.in); i += 2 {
		c := rune(u.in[i]) | rune(u.in[i+1])<<8
		if u.big {
			c = rune(u.in[i])<<8 | rune(u.in[i+1])
		}
		switch {
		case u.hi != 0 && c >= 0xdc00 && c < 0xe000:
			u.out = utf8.AppendRune(u.out, utf16.DecodeRune(u.hi, c))
			u.hi = 0
			continue
		case u.hi != 0:
			u.out = utf8.AppendRune(u.out, utf8.RuneError)
			u.hi = 0
		}
		switch {
		case c >= 0xd800 && c < 0xdc00:
			u.hi = c
		case c >= 0xdc00 && c < 0xe000:
			u.out = utf8.AppendRune(u.out, utf8.RuneError)
		default:
			u.out = utf8.AppendRune(u.out, c)
		}
	}
	u.in = append(u.in[:0], u.in[i:]...)
}

package lsp

import (
	"bytes"
	"io"
	"testing"
)

// FuzzDocument analyses any text as each kind of file: no panic, and
// every region's offsets map inside the file, in order for a .conf value
// and a .spl file (whose mappings are ours, not YAML's).
func FuzzDocument(f *testing.F) {
	f.Add("[a]\ndefinition = x \\\n | y\nsearch = a\\\n")
	f.Add("search: '| stats count | `m(a, b)`'\ndrilldown_searches:\n- search: '%original_detection_search% | search $x$'\n")
	f.Add("name: m\ndefinition: |\n  search *\n")
	f.Add("index=main | eval x=\"é\" | `m`")
	f.Fuzz(func(t *testing.T, text string) {
		for _, name := range []string{"/r/detections/d.yml", "/r/macros/m.yml", "/r/a.spl", "/r/default/macros.conf"} {
			d := newDocument(pathToURI(name), text, 1)
			for _, r := range d.regions {
				prev := -1
				for i := 0; i <= len(r.text); i++ {
					fo, _ := r.toFile(i)
					if fo < 0 || fo > len(text) {
						t.Fatalf("%s: %s offset %d maps to %d, outside the file (%d bytes)", name, r.label, i, fo, len(text))
					}
					if (d.kind == kindConf || d.kind == kindSPL) && fo < prev {
						t.Fatalf("%s: %s offset %d maps to %d, before %d", name, r.label, i, fo, prev)
					}
					prev = fo
				}
				_, _ = r.fromFile(len(text) / 2)
			}
			_ = d.lines.position(len(text) / 2)
			_, _ = macroCallAt(text, len(text)/2)
		}
	})
}

// FuzzRead reads framed messages from any input: no panic, and each body
// is as long as its Content-Length said.
func FuzzRead(f *testing.F) {
	f.Add([]byte("Content-Length: 2\r\n\r\n{}Content-Length: 5\r\nContent-Type: x\r\n\r\nnull\n"))
	f.Add([]byte("Content-Length: -1\r\n\r\n"))
	f.Add([]byte("Content-Length: 99999999999\r\n\r\n"))
	f.Fuzz(func(t *testing.T, input []byte) {
		c := newConn(bytes.NewReader(input), io.Discard)
		for i := 0; i < 100; i++ {
			if _, err := c.read(); err != nil {
				return
			}
		}
	})
}

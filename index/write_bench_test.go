package index

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/spelunk-dev/spelunk/internal/benchgen"
)

// BenchmarkIndexEvents indexes 20,000 generated Sysmon events (one-line
// XML, as W1) on one goroutine without summaries: the event parts' write
// path alone (reading, records, columns and pages, the file's hash).
func BenchmarkIndexEvents(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "w.xml")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := benchgen.Generate(f, benchgen.Options{Events: 20000, Seed: 1, Format: benchgen.SysmonXML}); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	st, _ := os.Stat(path)
	b.SetBytes(st.Size())
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		res, err := Build(filepath.Join(dir, fmt.Sprint("idx", n)), Options{Paths: []string{path}, Workers: 1, NoSummaries: true})
		if err != nil || res.Added[0].Events != 20000 {
			b.Fatalf("%v %+v", err, res)
		}
	}
}

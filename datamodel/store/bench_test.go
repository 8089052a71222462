package store

import (
	"bytes"
	"testing"

	"github.com/spelunk-dev/spelunk/ingest"
)

// BenchmarkStoreAdd applies the built-in knowledge to Sysmon events.
func BenchmarkStoreAdd(b *testing.B) {
	var buf bytes.Buffer
	for range 2000 {
		buf.WriteString(exampleSysmon1)
		buf.WriteByte('\n')
	}
	var evs []*ingest.Event
	if _, err := ingest.Read(bytes.NewReader(buf.Bytes()), "bench", ingest.Options{}, func(ev *ingest.Event) error {
		evs = append(evs, ev)
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	s, err := New()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		s.rows, s.times = s.rows[:0], s.times[:0]
		for _, ev := range evs {
			s.Add(ev)
		}
	}
}

// BenchmarkNewStore compiles the built-in knowledge.
func BenchmarkNewStore(b *testing.B) {
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}

package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spelunk-dev/spelunk/value"
)

// A projected XML read with RawView gives the events of the same read
// without it: the same Raw while the callback runs, and the same fields,
// host and source after the read is over, the input's memory gone (the
// file's mapped chunks unmapped, a reader's buffer refilled many
// times). A value left a view of the input would differ or fault here.
func TestXMLRawViewSame(t *testing.T) {
	odd := `<Event><System><Provider Name='P'/><EventID Qualifiers='1'>7045</EventID><TimeCreated SystemTime='2024-05-01T10:00:02+02:00'/><Channel>System</Channel><Computer>c</Computer></System>` +
		`<EventData><Data Name='Product Name'>x</Data><Data Name='Image'>a</Data><Data Name='Image'>b</Data><Data Name='Empty'></Data><Data Name="Quoted">q</Data></EventData></Event>`
	var sb strings.Builder
	for i := range 1500 { // about 3 MB: several chunks and window fills
		switch i % 3 {
		case 0, 1:
			sb.WriteString(strings.Replace(exampleSysmon1, "win-dc-6764986", "host"+strings.Repeat("x", i%7), 1))
		default:
			sb.WriteString(odd)
		}
		sb.WriteString("\n")
	}
	input := sb.String()
	path := filepath.Join(t.TempDir(), "events.xml")
	if err := os.WriteFile(path, []byte(input), 0o600); err != nil {
		t.Fatal(err)
	}
	subsets := [][]string{{"Image", "CommandLine", "Computer", "EventCode"}, {"Product_Name", "SystemTime", "Quoted", "User"},
		{"System_Props_Xml", "ParentCommandLine", "Image"}, {}}
	type event struct {
		Raw, Host, Source, DateZone string
		Time                        float64
		Fields                      value.Fields
	}
	kept := func(ev *Event) event {
		return event{Host: ev.Host, Source: ev.Source, DateZone: ev.DateZone, Time: ev.Time, Fields: append(value.Fields(nil), ev.Fields...)}
	}
	cmpValues := cmp.Comparer(func(a, b value.Value) bool {
		return a.Kind() == b.Kind() && strings.Join(a.Strings(), "\x00") == strings.Join(b.Strings(), "\x00")
	})
	for _, sub := range subsets {
		for _, mapped := range []bool{false, true} {
			read := func(view bool) ([]event, []string) {
				var evs []event
				var raws []string
				opt := Options{Fields: sub, ReuseFields: true, RawView: view}
				fn := func(ev *Event) error {
					evs = append(evs, kept(ev))
					raws = append(raws, strings.Clone(ev.Raw))
					return nil
				}
				var err error
				if mapped {
					// One worker: the events come in the file's order.
					_, err = ReadChunks([]string{path}, opt, 1, func(_, _ int, ev *Event) error { return fn(ev) })
				} else {
					_, err = Read(strings.NewReader(input), "events.xml", opt, fn)
				}
				if err != nil {
					t.Fatal(err)
				}
				return evs, raws
			}
			want, wantRaw := read(false)
			got, gotRaw := read(true)
			if len(want) != 1500 {
				t.Fatalf("fields %q: %d events, want 1500", sub, len(want))
			}
			if diff := cmp.Diff(wantRaw, gotRaw); diff != "" {
				t.Errorf("fields %q, mapped %v: Raw (-copy +view):\n%s", sub, mapped, diff)
			}
			if diff := cmp.Diff(want, got, cmpValues); diff != "" {
				t.Errorf("fields %q, mapped %v: events (-copy +view):\n%s", sub, mapped, diff)
			}
		}
	}
}

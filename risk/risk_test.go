package risk

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/value"
)

// Tags copied from security_content detections (Apache-2.0).
const (
	seedTags = `
name: Windows Process Injection Wermgr Child Process
tags:
  analytic_story: [Qakbot, Windows Error Reporting Service Elevation of Privilege Vulnerability]
  confidence: 70
  impact: 80
  message: wermgr parent process has a child process $process_name$ in $dest$
  mitre_attack_id: [T1055]
  observable:
  - {name: dest, type: Endpoint, role: [Victim]}
  risk_score: 56
`
	zscalerTags = `
name: Zscaler Virus Download threat blocked
tags:
  analytic_story: [Zscaler Browser Proxy Threats]
  message: Potential Virus Download Threat from dest -[$dest$] on $src$ for user-[$user$].
  mitre_attack_id: [T1566]
  observable:
  - {name: src, type: IP Address, role: [Victim]}
  - {name: user, type: User, role: [Victim]}
  - {name: url, type: URL String, role: [Attacker]}
  risk_score: 40
`
	regTags = `
name: Attempted Credential Dump From Registry via Reg exe
tags:
  analytic_story: [Industroyer2, Windows Registry Abuse, Credential Dumping, CISA AA23-347A]
  confidence: 100
  impact: 90
  message: An instance of $parent_process_name$ spawning $process_name$ was identified on endpoint $dest$ by user $user$ attempting to export the registry keys.
  mitre_attack_id: [T1003.002, T1003]
  observable:
  - {name: user, type: User, role: [Victim]}
  - {name: dest, type: Hostname, role: [Victim]}
  - {name: parent_process_name, type: Process, role: [Attacker]}
  - {name: process_name, type: Process, role: [Attacker]}
  risk_score: 90
`
	soapTags = `
name: Windows SOAPHound Binary Execution
tags:
  analytic_story: [Windows Discovery Techniques]
  confidence: 100
  impact: 80
  message: The process $process_name$ was executed on $dest$ related to SOAPHound.
  mitre_attack_id: [T1087.002]
  observable:
  - {name: process_name, type: Process, role: [Victim]}
  - {name: dest, type: Hostname, role: [Victim]}
`
)

func detection(t *testing.T, y string) *content.Detection {
	t.Helper()
	var d content.Detection
	if err := yaml.Unmarshal([]byte(y), &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

// summary renders the risk fields of events for comparison.
func summary(evs []value.Fields) []string {
	var out []string
	for _, e := range evs {
		var parts []string
		for _, k := range []string{"risk_object", "risk_object_type", "risk_score", "search_name", "risk_message", "threat_object", "threat_object_type", "annotations.mitre_attack", "analyticstories"} {
			parts = append(parts, k+"="+strings.Join(e.Get(k).Strings(), "|"))
		}
		out = append(out, strings.Join(parts, "; "))
	}
	return out
}

func row(kv ...string) value.Fields {
	var r value.Fields
	for i := 0; i+1 < len(kv); i += 2 {
		r = append(r, value.Field{Name: kv[i], Value: value.Str(kv[i+1])})
	}
	return r
}

// Expected events worked out by hand from contentctl 4.x's observable
// mapping and ES's risk event fields.
func TestEvents(t *testing.T) {
	cases := []struct {
		name string
		tags string
		row  value.Fields
		want []string
	}{
		{"seed: one system risk object", seedTags,
			row("dest", "WIN-01", "user", `CORP\alice`, "process_name", "cmd.exe", "count", "2"),
			[]string{"risk_object=WIN-01; risk_object_type=system; risk_score=56; search_name=ESCU - Windows Process Injection Wermgr Child Process - Rule; " +
				"risk_message=wermgr parent process has a child process cmd.exe in WIN-01; threat_object=; threat_object_type=; annotations.mitre_attack=T1055; " +
				"analyticstories=Qakbot|Windows Error Reporting Service Elevation of Privilege Vulnerability"}},
		{"zscaler: system and user risk objects, a url threat object", zscalerTags,
			row("src", "10.0.0.5", "user", "bob", "url", "http://evil.example/x", "dest", "203.0.113.9"),
			[]string{
				"risk_object=10.0.0.5; risk_object_type=system; risk_score=40; search_name=ESCU - Zscaler Virus Download threat blocked - Rule; " +
					"risk_message=Potential Virus Download Threat from dest -[203.0.113.9] on 10.0.0.5 for user-[bob].; threat_object=http://evil.example/x; threat_object_type=url; annotations.mitre_attack=T1566; analyticstories=Zscaler Browser Proxy Threats",
				"risk_object=bob; risk_object_type=user; risk_score=40; search_name=ESCU - Zscaler Virus Download threat blocked - Rule; " +
					"risk_message=Potential Virus Download Threat from dest -[203.0.113.9] on 10.0.0.5 for user-[bob].; threat_object=http://evil.example/x; threat_object_type=url; annotations.mitre_attack=T1566; analyticstories=Zscaler Browser Proxy Threats",
			}},
		{"reg.exe: two process threat objects, a missing user stays a token", regTags,
			row("dest", "ws01", "parent_process_name", "cmd.exe", "process_name", "reg.exe"),
			[]string{"risk_object=ws01; risk_object_type=system; risk_score=90; search_name=ESCU - Attempted Credential Dump From Registry via Reg exe - Rule; " +
				"risk_message=An instance of cmd.exe spawning reg.exe was identified on endpoint ws01 by user $user$ attempting to export the registry keys.; " +
				"threat_object=cmd.exe|reg.exe; threat_object_type=process|process; annotations.mitre_attack=T1003.002|T1003; analyticstories=Industroyer2|Windows Registry Abuse|Credential Dumping|CISA AA23-347A"}},
		{"soaphound: a Victim process is an other risk object; score from impact x confidence", soapTags,
			row("process_name", "soaphound.exe", "dest", "WIN-1"),
			[]string{
				"risk_object=soaphound.exe; risk_object_type=other; risk_score=80; search_name=ESCU - Windows SOAPHound Binary Execution - Rule; risk_message=The process soaphound.exe was executed on WIN-1 related to SOAPHound.; threat_object=; threat_object_type=; annotations.mitre_attack=T1087.002; analyticstories=Windows Discovery Techniques",
				"risk_object=WIN-1; risk_object_type=system; risk_score=80; search_name=ESCU - Windows SOAPHound Binary Execution - Rule; risk_message=The process soaphound.exe was executed on WIN-1 related to SOAPHound.; threat_object=; threat_object_type=; annotations.mitre_attack=T1087.002; analyticstories=Windows Discovery Techniques",
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := summary(Events(detection(t, tc.tags), tc.row, 1700000000))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestMultivalueRiskObject(t *testing.T) {
	d := detection(t, seedTags)
	r := value.Fields{{Name: "dest", Value: value.Strs("A", "B")}, {Name: "process_name", Value: value.Str("x")}}
	evs := Events(d, r, 0)
	if len(evs) != 2 || evs[0].Get("risk_object").String() != "A" || evs[1].Get("normalized_risk_object").String() != "b" {
		t.Errorf("a multivalue risk object gives one event per value: %v", summary(evs))
	}
}

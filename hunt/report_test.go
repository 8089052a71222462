package hunt

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/value"
)

// reportResults are two fired detections whose rows have different
// columns, plus one that ran with no result: a critical one (risk 90) on
// WIN-1 with security_content's text firstTime, and a low one (risk 30)
// with _time and a risk_score field of its own, one row on two hosts.
func reportResults() []Result {
	crit := &content.Detection{Name: "Critical One", ID: "id-c", Path: "c.yml"}
	crit.Tags.RiskScore = 90
	crit.Tags.MitreAttackID = []string{"T1003", "T1055"}
	low := &content.Detection{Name: "Low One", ID: "id-l", Path: "l.yml"}
	low.Tags.Impact, low.Tags.Confidence = 50, 60 // 50*60/100 = 30
	quiet := &content.Detection{Name: "Quiet", Path: "q.yml"}
	return []Result{
		{Detection: low, Status: Fired, Columns: []string{"_time", "host", "user", "risk_score"}, Rows: []value.Fields{
			{{Name: "_time", Value: value.Num(1704164400)}, {Name: "host", Value: value.Strs("WIN-1", "WIN-2")}, {Name: "user", Value: value.Str("bob")}, {Name: "risk_score", Value: value.Str("7")}},
		}},
		{Detection: quiet, Status: Quiet},
		{Detection: crit, Status: Fired, Columns: []string{"dest", "user", "firstTime", "count"}, Rows: []value.Fields{
			{{Name: "dest", Value: value.Str("WIN-1")}, {Name: "user", Value: value.Str("alice")}, {Name: "firstTime", Value: value.Str("2024-01-02T01:00:00")}, {Name: "count", Value: value.Num(2)}},
			{{Name: "user", Value: value.Str("carol")}, {Name: "count", Value: value.Num(1)}},
		}},
	}
}

// TestReportCSV checks the CSV report: the detection's facts, then one
// column per field, the union in first-appearance order over the fired
// detections (most severe first: Critical One's columns, then Low One's
// new ones), a field named like a fact column as result.<name>, and
// multivalue cells with one value per line.
func TestReportCSV(t *testing.T) {
	h := &Report{Results: reportResults(), TZ: time.UTC}
	var b bytes.Buffer
	if err := h.Write(&b, "csv"); err != nil {
		t.Fatal(err)
	}
	want := `detection,detection_id,risk_score,mitre_attack_id,dest,user,firstTime,count,_time,host,result.risk_score
Critical One,id-c,90,T1003 T1055,WIN-1,alice,2024-01-02T01:00:00,2,,,
Critical One,id-c,90,T1003 T1055,,carol,,1,,,
Low One,id-l,30,,,bob,,,2024-01-02T03:00:00.000+00:00,"WIN-1
WIN-2",7
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestHosts checks the per-host sums: WIN-1 has a row of each detection
// (90 + 30), WIN-2 the low one's row only; the row without a host counts
// for none.
func TestHosts(t *testing.T) {
	want := []HostSummary{
		{Host: "WIN-1", Detections: 2, Results: 2, Risk: 120},
		{Host: "WIN-2", Detections: 1, Results: 1, Risk: 30},
	}
	if diff := cmp.Diff(want, Hosts(reportResults())); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestTimeline checks the timeline: rows by time (the critical row's
// firstTime 01:00 before the low row's _time 03:00, the row with no time
// last), and colour by severity only when asked.
func TestTimeline(t *testing.T) {
	h := &Report{Results: reportResults(), TZ: time.UTC}
	var b bytes.Buffer
	h.writeTimeline(&b)
	want := `
Timeline (3 results):
time                           host         risk  detection     details
2024-01-02T01:00:00.000+00:00  WIN-1        90    Critical One  user=alice count=2
2024-01-02T03:00:00.000+00:00  WIN-1|WIN-2  30    Low One       user=bob risk_score=7
-                              -            90    Critical One  user=carol count=1
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	h.Color = true
	b.Reset()
	h.writeTimeline(&b)
	lines := strings.Split(b.String(), "\n")
	if !strings.HasPrefix(lines[3], "\x1b[1;31m2024-01-02T01:00:00") || !strings.HasSuffix(lines[3], "\x1b[0m") {
		t.Errorf("the critical line is not bold red: %q", lines[3])
	}
	if !strings.HasPrefix(lines[4], "\x1b[36m") {
		t.Errorf("the low line is not cyan: %q", lines[4])
	}
	if strings.Contains(lines[2], "\x1b[") {
		t.Errorf("the header is coloured: %q", lines[2])
	}
}

func TestSeverity(t *testing.T) {
	cases := map[int]string{0: "informational", 19: "informational", 20: "low", 39: "low", 40: "medium", 60: "high", 79: "high", 80: "critical", 100: "critical"}
	for score, want := range cases {
		if got := Severity(score); got != want {
			t.Errorf("Severity(%d) = %q, want %q", score, got, want)
		}
	}
}

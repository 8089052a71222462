package datamodel

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// planEvents are events of the sourcetypes the built-in knowledge covers,
// in an order that repeats inputs (the plans' kept results), changes them
// (the same field, another text), gives evals null (Security's "-") and
// changes the fields' order (the placement learned again).
func planEvents() []*ingest.Event {
	sysmon := "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"
	ev := func(source string, kv ...string) *ingest.Event {
		e := &ingest.Event{Time: 1700000000, Raw: "<Event/>", Host: "ws1", Source: source, Sourcetype: "XmlWinEventLog", Index: "main"}
		for i := 0; i+1 < len(kv); i += 2 {
			e.Fields = append(e.Fields, value.Field{Name: kv[i], Value: value.Str(kv[i+1])})
		}
		return e
	}
	proc := func(image, parent string) *ingest.Event {
		return ev(sysmon, "EventCode", "1", "Computer", "ws1.corp", "Image", image, "ParentImage", parent,
			"CommandLine", image+" /c", "User", `CORP\bob`, "Hashes", "SHA1=AB,MD5=CD", "IntegrityLevel", "High")
	}
	var out []*ingest.Event
	for range 3 {
		out = append(out,
			proc(`C:\Windows\System32\cmd.exe`, `C:\Windows\explorer.exe`),
			proc(`C:\Windows\System32\cmd.exe`, `C:\Windows\explorer.exe`),
			proc(`C:\x\a.exe`, `C:\Windows\System32\cmd.exe`),
			ev(sysmon, "Image", `C:\x\b.exe`, "EventCode", "1", "Computer", "ws2.corp", "ParentImage", `C:\y`),
			ev(sysmon, "EventCode", "1", "Image", "", "ParentImage", `C:\y`),
			ev(sysmon, "EventCode", "3", "Computer", "ws1.corp", "Image", `C:\x\a.exe`,
				"SourceIp", "10.0.0.1", "DestinationIp", "10.0.0.2", "Protocol", "tcp", "Initiated", "true"),
			ev(sysmon, "EventCode", "7", "ProcessGuid", "{1}", "ProcessId", "42", "Image", `C:\x\a.exe`, "ImageLoaded", `C:\b.dll`),
			ev(sysmon, "EventCode", "13", "TargetObject", `HKLM\Software\Run\x`, "EventType", "SetValue",
				"Details", "DWORD (0x00000001)"),
			ev("XmlWinEventLog:Security", "EventCode", "4624", "TargetUserName", "bob",
				"SubjectUserName", "-", "Keywords", "0x8020000000000000", "LogonType", "3"),
			ev("XmlWinEventLog:Security", "EventCode", "4688", "NewProcessName", `C:\w\cmd.exe`,
				"ParentProcessName", `C:\w\explorer.exe`, "CommandLine", "cmd", "SubjectUserName", "alice"),
			ev("XmlWinEventLog:Security", "EventCode", "4688", "NewProcessName", `C:\w\cmd.exe`,
				"ParentProcessName", `C:\w\explorer.exe`, "CommandLine", "cmd", "SubjectUserName", "-"),
			ev("XmlWinEventLog:Security", "EventCode", "4624", "TargetUserName", "bob", "src_user", "carol",
				"SubjectUserName", "-", "Keywords", "0x8010000000000000", "LogonType", "10"),
			ev("XmlWinEventLog:System", "EventCode", "7036", "param1", "Spooler", "param2", "Running"),
		)
	}
	return out
}

// realdataEvents reads the files of SPELUNK_REALDATA, when it is set.
func realdataEvents(t *testing.T) []*ingest.Event {
	dir := os.Getenv("SPELUNK_REALDATA")
	if dir == "" {
		t.Log("SPELUNK_REALDATA not set: the plans are checked on built events only")
		return nil
	}
	var paths []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".gz" {
			paths = append(paths, p)
		}
		return nil
	})
	var out []*ingest.Event
	_, err := ingest.ReadPaths(paths, ingest.Options{}, func(ev *ingest.Event) error {
		e := *ev
		e.Fields = append(value.Fields(nil), ev.Fields...)
		out = append(out, &e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPlanMatchesEntries shapes the same events with the knowledge applied
// by plans and entry by entry (applyKnowledge), with every field and
// reduced to the datasets' fields: the rows must be the same, fields in
// the same order.
func TestPlanMatchesEntries(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	built, real := planEvents(), realdataEvents(t)
	shapers := map[string]func() *EventShaper{
		"every field": func() *EventShaper {
			s, err := NewEventShaper(b)
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
		"the datasets' fields": func() *EventShaper {
			s, err := NewDatasetsShaper(b, b.Datasets)
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
	}
	for name, mk := range shapers {
		planned, entries := mk(), mk()
		entries.sh.noPlan = true
		plans := 0
		// The built events twice over (the second time the plans hold
		// what the first left), then realdata's.
		for pass, events := range [][]*ingest.Event{built, built, real} {
			for i, ev := range events {
				want, got := entries.Row(ev), planned.Row(ev)
				if sameFields(want, got) {
					continue
				}
				if d := cmp.Diff(fieldsText(want), fieldsText(got)); d != "" {
					t.Fatalf("%s, pass %d, event %d (%s %s): row (-entries +plan):\n%s", name, pass, i, ev.Source,
						ev.Fields.Get("EventCode"), d)
				}
			}
		}
		plans = len(planned.sh.plans)
		if plans == 0 || len(entries.sh.plans) != 0 {
			t.Errorf("%s: %d plans made, %d without plans: the test compares nothing", name, plans, len(entries.sh.plans))
		}
	}
}

// TestPassPlanHow tells the evals a plan computes once or copies from
// those it must compute each time.
func TestPassPlanHow(t *testing.T) {
	ck, err := compileKnowledge(&Knowledge{Name: "t", Sourcetype: "t", Evals: Calcs{
		{Field: "a", Expr: `"k"`},
		{Field: "b", Expr: `replace(x, "^.*\\\\", "")`},
		{Field: "c", Expr: `replace(x, "^.*\\\\", "")`},
		{Field: "d", Expr: `lower(y)`},
		{Field: "e", Expr: `random()`},
		{Field: "f", Expr: `x . y`},
		{Field: "g", Expr: `now()`},
		{Field: "h", Expr: `_raw`},
		{Field: "i", Expr: `x`},
		{Field: "j", Expr: `if(isnull(x) OR x = "-", null(), x)`},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := []evalHow{evalConst, evalCall, evalDup, evalCall, evalCall, evalCall, evalCall, evalCall, evalCall, evalCall}
	var got []evalHow
	for _, e := range newPassPlan([]*compiledKnowledge{ck}).evals {
		got = append(got, e.how)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("evals' ways (-want +got):\n%s", d)
	}
}

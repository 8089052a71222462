package datamodel

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spelunk-dev/spelunk/value"
)

// fieldsText prints a row's names and values in order, for diffs.
func fieldsText(row value.Fields) []string {
	out := make([]string, 0, len(row))
	for _, f := range row {
		out = append(out, fmt.Sprintf("%s=%v:%s", f.Name, f.Value.Kind(), strings.Join(textsOf(f.Value), "|")))
	}
	return out
}

func textsOf(v value.Value) []string {
	var out []string
	for _, e := range v.Values() {
		out = append(out, e.String())
	}
	return out
}

// TestFieldSlotMatchesFields sets and reads fields through slots, whose
// hints go stale as the rows' layouts change, with and without a filter
// of the names, and through value.Fields: the rows and values read must
// be the same.
func TestFieldSlotMatchesFields(t *testing.T) {
	type op struct {
		name string
		v    value.Value
	}
	rows := []struct {
		name string
		row  value.Fields
		ops  []op
	}{
		{"new fields", value.Fields{{Name: "a", Value: value.Str("1")}}, []op{
			{"b", value.Str("2")}, {"c", value.Str("3")}, {"a", value.Str("4")}}},
		{"the same layout again", value.Fields{{Name: "a", Value: value.Str("5")}}, []op{
			{"b", value.Str("6")}, {"c", value.Str("7")}, {"a", value.Str("8")}}},
		{"fields moved", value.Fields{{Name: "c", Value: value.Str("1")}, {Name: "x", Value: value.Str("2")}, {Name: "a", Value: value.Str("3")}}, []op{
			{"b", value.Str("4")}, {"c", value.Null}, {"a", value.Str("5")}}},
		{"null of a missing field", value.Fields{{Name: "b", Value: value.Str("1")}}, []op{
			{"a", value.Null}, {"c", value.Strs("x", "y")}, {"b", value.Null}, {"b", value.Num(3)}}},
		{"empty row", nil, []op{{"c", value.Str("")}, {"a", value.Str("1")}, {"c", value.Null}}},
		{"names alike", value.Fields{{Name: "ab", Value: value.Str("1")}, {Name: "ba", Value: value.Str("2")}}, []op{
			{"ba", value.Str("3")}, {"ab", value.Null}, {"aa", value.Str("4")}, {"bb", value.Str("5")}}},
	}
	for _, filtered := range []bool{false, true} {
		slots := map[string]*fieldSlot{}
		slot := func(name string) *fieldSlot {
			if slots[name] == nil {
				slots[name] = newFieldSlot(name)
			}
			return slots[name]
		}
		for _, tc := range rows {
			want := tc.row.Clone()
			got := tc.row.Clone()
			var names *nameFilter
			if filtered {
				f := filterOf(got)
				names = &f
			}
			for _, o := range tc.ops {
				want.Set(o.name, o.v)
				slot(o.name).set(&got, o.v, names)
				for _, n := range []string{"a", "b", "c", "x"} {
					w, wok := want.Lookup(n)
					g, gok := slot(n).lookup(got)
					if wok != gok || strings.Join(textsOf(w), "|") != strings.Join(textsOf(g), "|") {
						t.Errorf("%s (filter %v): after %s, %s is %v %v, want %v %v", tc.name, filtered, o.name, n, g, gok, w, wok)
					}
				}
			}
			if d := cmp.Diff(fieldsText(want), fieldsText(got)); d != "" {
				t.Errorf("%s (filter %v): row (-Fields +slots):\n%s", tc.name, filtered, d)
			}
		}
	}
}

// TestOnePassMatchesTwoPass gives rows of the sourcetypes the built-in
// knowledge covers their knowledge in one pass, where onePass allows it,
// and in two (every calculated field computed before any is set): the
// rows must be the same, fields in the same order.
func TestOnePassMatchesTwoPass(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	sysmon := "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"
	ev := func(source, sourcetype string, kv ...string) value.Fields {
		row := value.Fields{
			{Name: "_raw", Value: value.Str("<Event/>")},
			{Name: "host", Value: value.Str("ws1")},
			{Name: "source", Value: value.Str(source)},
			{Name: "sourcetype", Value: value.Str(sourcetype)},
			{Name: "index", Value: value.Str("main")},
		}
		for i := 0; i+1 < len(kv); i += 2 {
			row = append(row, value.Field{Name: kv[i], Value: value.Str(kv[i+1])})
		}
		return row
	}
	rows := []value.Fields{
		ev(sysmon, "XmlWinEventLog", "EventCode", "1", "Computer", "ws1.corp", "Image", `C:\Windows\System32\cmd.exe`,
			"ParentImage", `C:\Windows\explorer.exe`, "CommandLine", "cmd /c whoami", "User", `CORP\bob`,
			"Hashes", "SHA1=AB,MD5=CD", "ProcessGuid", "{1}", "IntegrityLevel", "High"),
		ev(sysmon, "XmlWinEventLog", "EventCode", "3", "Computer", "ws1.corp", "Image", `C:\x\a.exe`,
			"SourceIp", "10.0.0.1", "DestinationIp", "10.0.0.2", "Protocol", "tcp", "Initiated", "true"),
		ev(sysmon, "XmlWinEventLog", "EventCode", "13", "TargetObject", `HKLM\Software\Run\x`, "EventType", "SetValue",
			"Details", "DWORD (0x00000001)"),
		ev(sysmon, "XmlWinEventLog", "EventCode", "7", "Image", `C:\a.exe`, "ImageLoaded", `C:\b.dll`),
		ev("XmlWinEventLog:Security", "XmlWinEventLog", "EventCode", "4624", "TargetUserName", "bob",
			"SubjectUserName", "-", "Keywords", "0x8020000000000000", "LogonType", "3"),
		ev("XmlWinEventLog:Security", "XmlWinEventLog", "EventCode", "4688", "NewProcessName", `C:\w\cmd.exe`,
			"ParentProcessName", `C:\w\explorer.exe`, "CommandLine", "cmd"),
		ev("XmlWinEventLog:System", "XmlWinEventLog", "EventCode", "7036", "param1", "Spooler", "param2", "Running"),
		ev("/var/log/sysmon.log", "sysmon:linux", "EventID", "1", "Image", "/usr/bin/curl"),
	}
	sh, err := newShaper(b)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, row := range rows {
		st, source := row.Get("sourcetype").String(), strings.ToLower(row.Get("source").String())
		var sel []*compiledKnowledge
		for _, k := range sh.knowledge[strings.ToLower(st)] {
			if k.selects(source, row) {
				sel = append(sel, k)
			}
		}
		if !onePass(sel) {
			continue
		}
		checked++
		two, one := row.Clone(), row.Clone()
		applyKnowledge(sel, false, &two, nil)
		applyKnowledge(sel, true, &one, nil)
		if d := cmp.Diff(fieldsText(two), fieldsText(one)); d != "" {
			t.Errorf("%s %s: (-two passes +one):\n%s", st, row.Get("EventCode"), d)
		}
	}
	if checked < len(rows)/2 {
		t.Errorf("only %d of %d rows' knowledge may take one pass: the test checks little", checked, len(rows))
	}
}

// TestOnePass tells selections whose calculated fields read none that
// they set from those where one reads another's.
func TestOnePass(t *testing.T) {
	compile := func(evals ...string) *compiledKnowledge {
		var calcs Calcs
		for i := 0; i+1 < len(evals); i += 2 {
			calcs = append(calcs, Calc{Field: evals[i], Expr: evals[i+1]})
		}
		ck, err := compileKnowledge(&Knowledge{Name: "t", Sourcetype: "t", Evals: calcs})
		if err != nil {
			t.Fatal(err)
		}
		return ck
	}
	for _, tc := range []struct {
		name string
		sel  []*compiledKnowledge
		want bool
	}{
		{"copies and constants", []*compiledKnowledge{compile("a", "x", "b", `"k"`), compile("c", "lower(y)")}, true},
		{"the same field twice", []*compiledKnowledge{compile("a", "x"), compile("a", "y")}, true},
		{"one reads another's", []*compiledKnowledge{compile("a", "x"), compile("b", "a . y")}, false},
		{"one reads its own", []*compiledKnowledge{compile("a", `coalesce(a, "z")`)}, false},
		{"searchmatch reads any", []*compiledKnowledge{compile("a", `if(searchmatch("x=1"), 1, 0)`)}, false},
		{"none", nil, true},
	} {
		if got := onePass(tc.sel); got != tc.want {
			t.Errorf("%s: onePass %v, want %v", tc.name, got, tc.want)
		}
	}
}

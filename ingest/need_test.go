package ingest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/value"
)

// mayHold says false only when the record's text lacks a piece (ignoring
// ASCII case) and nothing in it could spell the piece another way.
func TestMayHold(t *testing.T) {
	cases := []struct {
		name   string
		pieces []string
		rec    string
		json   bool
		want   bool
	}{
		{"present", []string{"wermgr.exe"}, `<Data Name='ParentImage'>C:\x\wermgr.exe</Data>`, false, true},
		{"other case", []string{"wermgr.exe"}, `<Data>C:\X\WerMgr.EXE</Data>`, false, true},
		{"absent", []string{"wermgr.exe"}, `<Data>C:\x\wermgr.ex</Data>`, false, false},
		{"every piece needed", []string{"wer", "exe"}, `<Data>wer.com</Data>`, false, false},
		{"pieces anywhere", []string{"exe", "wer"}, `<Data>wer.exe</Data>`, false, true},
		{"at the very start and end", []string{"ab", "yz"}, `abcxyz`, false, true},
		{"xml character reference", []string{"wermgr.exe"}, `<Data>&#119;ermgr.exe</Data>`, false, true},
		{"xml named entity cannot spell letters", []string{"wermgr.exe"}, `<Data>&amp;ermgr.exe</Data>`, false, false},
		{"piece an xml entity spells", []string{"a&b"}, `<Data>a&amp;b</Data>`, false, true},
		{"json unicode escape", []string{"wermgr.exe"}, `{"p":"\u0077ermgr.exe"}`, true, true},
		{"json escaped backslash before u", []string{"wermgr.exe"}, `{"p":"C:\\updater.exe"}`, true, false},
		{"json escaped backslash then escape", []string{"wermgr.exe"}, `{"p":"C:\\\u0077ermgr.exe"}`, true, true},
		{"piece a json escape spells", []string{`a"b`}, `{"p":"a\"b"}`, true, true},
		{"xml escape in json is text", []string{"wermgr.exe"}, `{"p":"&#119;ermgr.exe"}`, true, false},
		{"kelvin sign", []string{"kb"}, "<Data>\u212Ab</Data>", false, true},
		{"long s", []string{"sys"}, "<Data>\u017Fys</Data>", false, true},
		{"dotted capital i", []string{"if"}, "<Data>\u0130f</Data>", false, true},
		{"other non-ascii", []string{"kb"}, "<Data>éb</Data>", false, false},
		{"short record", []string{"wermgr.exe"}, `wermgr`, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := newNeed(c.pieces).mayHold([]byte(c.rec), c.json); got != c.want {
				t.Errorf("mayHold(%q) = %v, want %v", c.rec, got, c.want)
			}
		})
	}
}

// Records passed over are counted, never delivered; the others are read as
// without Need.
func TestReadWithNeed(t *testing.T) {
	rec := func(parent string) string {
		return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><EventID>1</EventID><Computer>h</Computer></System><EventData><Data Name='ParentImage'>` + parent + `</Data></EventData></Event>`
	}
	xml := strings.Join([]string{rec(`C:\a\cmd.exe`), rec(`C:\a\WERMGR.exe`), rec(`C:\a\x.exe`) + rec(`C:\a\y.exe`), rec(`C:\a\wermgr.exe`), ""}, "\n")
	json := `{"p":"cmd.exe"}` + "\n" + `{"p":"wermgr.exe"}` + "\n" + `{"p":` + "\n" + `"wermgr.exe"}` + "\n" +
		`{"p":["cmd.exe"]}` + "\n" + `{"a":` + "\n" + `{"p":"WERMGR.EXE"}` + "\n" + `{"p":"x.exe"}{"p":"y"}` + "\n" + `{"p":"z"}`
	for _, c := range []struct {
		name, input string
		want        []string // ParentImage or p of the events delivered
		unparsed    int
	}{
		{"x.xml", xml, []string{`C:\a\WERMGR.exe`, `C:\a\wermgr.exe`}, 2},
		// The object cut short by a line starting with "{" is a bad
		// record read in full, and passed over unread with Need.
		{"x.json", json, []string{"wermgr.exe", "wermgr.exe", "WERMGR.EXE"}, 5},
	} {
		t.Run(c.name, func(t *testing.T) {
			all, allSt, err := readString(t, c.input, c.name, Options{})
			if err != nil {
				t.Fatal(err)
			}
			evs, st, err := readString(t, c.input, c.name, Options{Need: []string{"wermgr.exe"}})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ev := range evs {
				v := ev.Fields.Get("ParentImage")
				if v.IsNull() {
					v = ev.Fields.Get("p")
				}
				got = append(got, v.String())
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("delivered (-want +got):\n%s", diff)
			}
			if st.Unparsed != c.unparsed || st.Events != len(c.want) || allSt.Events != len(all) {
				t.Errorf("stats %+v, want %d unparsed and %d events", st, c.unparsed, len(c.want))
			}
		})
	}
}

// FuzzNeed checks the readers' side of Options.Need: a record passed over
// gives, read in full, no field whose value holds the piece, however the
// value is cased (the engine folds with strings.ToLower; upper() then
// folding is the other way a value's letters can change).
func FuzzNeed(f *testing.F) {
	f.Add(`<Event><System><EventID>1</EventID></System><EventData><Data Name='a'>wermgr.exe</Data></EventData></Event>`, "wermgr.exe", false)
	f.Add(`{"a":"\u0077ermgr.exe","b":["x","WERMGR.EXE"]}`, "wermgr.exe", true)
	f.Add("{\"a\":\"\u212Ab\"}", "kb", true)
	f.Fuzz(func(t *testing.T, rec, piece string, json bool) {
		folded, ok := foldForTest(piece)
		if !ok || folded == "" {
			return
		}
		name := "f.xml"
		if json {
			name = "f.json"
		}
		evs, _, _ := readString(t, rec, name, Options{Sourcetype: map[bool]string{false: "XmlWinEventLog", true: "_json"}[json]})
		skipped, st, _ := readString(t, rec, name, Options{Sourcetype: map[bool]string{false: "XmlWinEventLog", true: "_json"}[json], Need: []string{folded}})
		if st.Unparsed == 0 {
			return
		}
		// Something was passed over: no event it would have given may
		// hold the piece.
		kept := map[string]bool{}
		all := map[string]bool{}
		for _, ev := range evs {
			all[ev.Raw] = true
		}
		for _, ev := range skipped {
			kept[ev.Raw] = true
			if !all[ev.Raw] {
				t.Fatalf("with Need, a record read in full gives an event it does not give without: %q", ev.Raw)
			}
		}
		for _, ev := range evs {
			if kept[ev.Raw] {
				continue
			}
			for _, fl := range ev.Fields {
				for _, v := range fl.Value.Values() {
					if holdsFolded(v, folded) {
						t.Fatalf("record passed over, but its field %s=%q holds %q", fl.Name, v.String(), folded)
					}
				}
			}
			if holdsFolded(value.Str(ev.Raw), folded) {
				t.Fatalf("record passed over, but its text holds %q", folded)
			}
		}
	})
}

func holdsFolded(v value.Value, piece string) bool {
	s := v.String()
	return strings.Contains(strings.ToLower(s), piece) || strings.Contains(strings.ToLower(strings.ToUpper(s)), piece)
}

// foldForTest is the engine's piece folding (engine.mustContain): printable
// ASCII, lower-cased.
func foldForTest(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return "", false
		}
	}
	return strings.ToLower(s), true
}

// Lines passed over unparsed are still counted: the events and problems
// after them have the line numbers a full read gives them.
func TestNeedKeepsLineNumbers(t *testing.T) {
	var in strings.Builder
	for i := range 60 {
		ev := strings.Replace(exampleSysmon1, "<EventRecordID>4522<", fmt.Sprintf("<EventRecordID>%d<", i), 1)
		switch i % 7 {
		case 3:
			ev = strings.Replace(ev, `cmd.exe</Data>`, `wermgr.exe</Data>`, 1)
		case 5:
			ev = "junk " + ev[:40]
		}
		in.WriteString(ev + "\n")
		if i%9 == 0 {
			in.WriteString("\n")
		}
	}
	lines := func(evs []*Event) map[string]int {
		out := map[string]int{}
		for _, ev := range evs {
			out[ev.Raw] = ev.Line
		}
		return out
	}
	all, allSt, err := readString(t, in.String(), "f.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	kept, keptSt, err := readString(t, in.String(), "f.xml", Options{Need: []string{"wermgr.exe"}})
	if err != nil {
		t.Fatal(err)
	}
	if keptSt.Unparsed == 0 || len(kept) == 0 {
		t.Fatalf("%d passed over, %d kept: the case does not test what it should", keptSt.Unparsed, len(kept))
	}
	want := lines(all)
	for _, ev := range kept {
		if want[ev.Raw] != ev.Line {
			t.Errorf("event at line %d with Need, %d without", ev.Line, want[ev.Raw])
		}
	}
	if diff := cmp.Diff(allSt.Problems, keptSt.Problems); diff != "" {
		t.Errorf("problems (-without Need +with):\n%s", diff)
	}
}

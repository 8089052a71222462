package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// checkRead reads data whole and one byte per Read call, and checks that
// both give the same events and problems (so no record boundary depends on
// where reads end) and that every event is well-formed.
func checkRead(t *testing.T, data []byte, opt Options, first, last string) {
	t.Helper()
	read := func(whole bool) ([]*Event, Stats, error) {
		var evs []*Event
		r := iotest.OneByteReader(bytes.NewReader(data))
		if whole {
			r = bytes.NewReader(data)
		}
		st, err := Read(r, "fuzz", opt, func(ev *Event) error {
			evs = append(evs, ev)
			return nil
		})
		return evs, st, err
	}
	evs, st, err := read(true)
	lines := 1 + bytes.Count(data, newline)
	for _, ev := range evs {
		if ev.Raw == "" || ev.Line < 1 || ev.Line > lines {
			t.Fatalf("bad event: line %d of %d, raw %q", ev.Line, lines, ev.Raw)
		}
		utf16 := bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff})
		if !strings.HasPrefix(ev.Raw, first) || !strings.HasSuffix(ev.Raw, last) || (!utf16 && !bytes.Contains(data, []byte(ev.Raw))) {
			t.Fatalf("line %d: raw %q is not a record of the input", ev.Line, ev.Raw)
		}
		for _, f := range ev.Fields {
			if f.Name == "" || f.Value.IsNull() {
				t.Fatalf("line %d: bad field %q=%#v", ev.Line, f.Name, f.Value)
			}
		}
	}
	if st.Events != len(evs) || len(st.Problems) > maxProblems || len(st.Problems) > st.Bad {
		t.Fatalf("stats %+v for %d events", st, len(evs))
	}
	for _, p := range st.Problems {
		if p.Line < 1 || p.Line > lines || p.Reason == "" {
			t.Fatalf("bad problem %v (input has %d lines)", p, lines)
		}
	}
	evs1, st1, err1 := read(false)
	if fmt.Sprint(err) != fmt.Sprint(err1) {
		t.Fatalf("error %v reading whole, %v reading bytewise", err, err1)
	}
	if diff := cmp.Diff(evs, evs1, cmpValues, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("events differ when read bytewise (-whole +bytewise):\n%s", diff)
	}
	if diff := cmp.Diff(st, st1, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("stats differ when read bytewise (-whole +bytewise):\n%s", diff)
	}
}

func FuzzXML(f *testing.F) {
	for _, s := range []string{
		exampleSysmon1, exampleSecurity4688, exampleSecurity1102, exampleSystem7045, system7045,
		multiLine, evtxDump,
		exampleSystem7045 + "\n" + exampleSecurity4688 + "\n",
		"garbage\n" + exampleSecurity4688 + "\n\x00\x01binary\n" + exampleSysmon1,
		"\xff\xfe<\x00E\x00v\x00e\x00n\x00t\x00>\x00<\x00/\x00E\x00v\x00e\x00n\x00t\x00>\x00\x00\xd8",
		xmlns + `<System><Execution ProcessID='4'/></System><EventData><Data Name='ProcessID'>1</Data><Data Name='Product Name'/><Data>x</Data></EventData><UserData><A><B>c</B></A></UserData><RenderingInfo><Level>x</Level></RenderingInfo></Event>`,
		"<Event", "<Event>", "<Event/><Event></Event>", "<EventData></Event>", "<Events></Events>", "<?xml <Event a='1'></Event>",
		xmlns + `<System><Provider Name='x' Guid="y" bad = 'z' q=unquoted /><EventID Qualifiers='1'>2</EventID>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, Options{Sourcetype: "xmlwineventlog"}, "<Event", "</Event>")
		checkRead(t, data, Options{}, "", "")
	})
}

func FuzzJSON(f *testing.F) {
	for _, s := range []string{
		exampleCrowdStrikePR2,
		`{"time":"2021-01-12T14:03:17Z","user":{"tags":["a","b"]},"r":[{"a":1},{"a":null}],"m":[[1],[2]]}`,
		"[\n  {\"a\": 1},\n  {\n    \"b\": {\"c\": [true]}\n  }\n]\n",
		"{\"ok\":1}\nnot json\n{\"s\": \"unterminated\n{\"a\":1,\n{\"ok\":2}\n{\"x\":1,}\n{\"ok\":3} trailing\n{\"u\": [1,",
		`{"a":"\\"}`, `{"a":"\"}`, `{}`, `[]`, `[{}`, `{"a":1}{"b":2}`, "{\n}\n{", `{"_time":1e999}`, `{"timestamp":"-1500"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, Options{Sourcetype: "_json"}, "{", "}")
		checkRead(t, data, Options{}, "", "")
	})
}

// FuzzJSONFlatten checks that the fast JSON scanner agrees with
// encoding/json: the same fields for what encoding/json accepts, and a
// refusal for what it rejects.
func FuzzJSONFlatten(f *testing.F) {
	for _, s := range jsonFlattenSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		checkFlattenAgree(t, raw, true)
	})
}

// FuzzJSONFlattenValue is FuzzJSONFlatten for any top-level JSON value,
// as FlattenJSON (spath's auto-extraction) reads it.
func FuzzJSONFlattenValue(f *testing.F) {
	for _, s := range append(jsonFlattenSeeds, `[{"a":1},{"a":[2,3]}]`, `[]`, `[[1],[2]]`, `"text"`, `12`, `null`, ` [1,]`, `[1] x`) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		checkFlattenAgree(t, raw, false)
	})
}

var jsonFlattenSeeds = []string{
	exampleCrowdStrikePR2,
	`{"a":{"b":[1,{"c":[[true,false,null]]}],"d":-0.5e+10},"a":"x"}`,
	`{"esc":"a\"b\\c\/d\b\f\n\r\t\u00e9\u20AC"}`, `{"pair":"\ud83d\ude00","lone":"\ud800x","lone2":"\udc00","bad":"\ud800\u0041"}`,
	"{\"utf8\":\"caf\xc3\xa9\",\"invalid\":\"a\xffb\xc3\"}", "{\"ctl\":\"a\x01b\"}", `{"u":"\u00zz"}`, `{"x":"\q"}`,
	`{"n":01}`, `{"n":1.}`, `{"n":.5}`, `{"n":-}`, `{"n":1e}`, `{"n":1E+2}`, `{"n":-0}`, `{"n":1 2}`,
	`{"t":tru}`, `{"t":truex}`, `{"t":nul}`, `{"a":1,}`, `{,}`, `{"a" 1}`, `{"a":1 "b":2}`, `{"a":[1,]}`, `{"a":[,1]}`,
	`{} `, "{}\t\r\n", `{}x`, `{"a":{}}`, `{"a":[]}`, `{"":1}`, `{"a.b":{"c":1}}`, `{"a":"\u0000"}`,
	strings.Repeat(`{"a":[`, 300) + "1" + strings.Repeat("]}", 300),
}

// checkFlattenAgree flattens raw with the fast scanner and with
// encoding/json (an object only, or any value) and requires the same
// fields or the same refusal.
func checkFlattenAgree(t *testing.T, raw string, object bool) {
	var fast, std fieldBuilder
	fast.reset()
	std.reset()
	errFast := scanJSONValue(raw, &fast, object)
	errStd := flattenJSONStdValue(raw, &std, object)
	switch {
	case errStd != nil && errFast == nil:
		t.Fatalf("fast scanner accepts what encoding/json rejects (%v): %q", errStd, raw)
	case errStd == nil && errFast != nil:
		// Correct (the encoding/json path then reads it) but slow.
		t.Fatalf("fast scanner rejects valid JSON: %.200q", raw)
	case errStd == nil:
		if diff := cmp.Diff(std.take(), fast.take(), cmpValues); diff != "" {
			t.Fatalf("%q: (-encoding/json +fast):\n%s", raw, diff)
		}
	}
}

// checkReadSame reads data whole and bytewise and requires the same events,
// problems and error, for formats whose _raw is not a slice of the input
// (CSV cells, rendered EVTX records).
func checkReadSame(t *testing.T, data []byte, opt Options) {
	t.Helper()
	read := func(whole bool) ([]*Event, Stats, error) {
		var evs []*Event
		r := iotest.OneByteReader(bytes.NewReader(data))
		if whole {
			r = bytes.NewReader(data)
		}
		st, err := Read(r, "fuzz", opt, func(ev *Event) error {
			evs = append(evs, ev)
			return nil
		})
		return evs, st, err
	}
	evs, st, err := read(true)
	evs1, st1, err1 := read(false)
	if fmt.Sprint(err) != fmt.Sprint(err1) {
		t.Fatalf("error %v reading whole, %v reading bytewise", err, err1)
	}
	if diff := cmp.Diff(evs, evs1, cmpValues, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("events differ when read bytewise (-whole +bytewise):\n%s", diff)
	}
	if diff := cmp.Diff(st, st1, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("stats differ when read bytewise (-whole +bytewise):\n%s", diff)
	}
	for _, ev := range evs {
		for _, f := range ev.Fields {
			if f.Name == "" || f.Value.IsNull() {
				t.Fatalf("bad field %q=%#v", f.Name, f.Value)
			}
		}
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{
		exampleAuditAddUser + "\n" + exampleNginx + "\n", exampleClassic4624 + exampleClassic4624,
		"type=SYSCALL msg=audit(1.2:3): a='b c=d' e=\"f\" g= h=''\n\x00bin\nx",
		"01/02/2024 03:04:05 PM\nLogName=Security\nMessage=a\n\tKey:\tv\n01/02/2024 03:04:06 PM\n",
		"\"_time\",_raw,sourcetype\n1,\"a=1\",x\n2,\"{\"\"a\"\":1}\",_json\n3,\"bad\n",
		"_raw,_time\n\"<Event><System><EventID>1</EventID></System></Event>\",x\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, Options{Sourcetype: "linux:audit"}, "", "")
		checkRead(t, data, Options{Sourcetype: "WinEventLog"}, "", "")
		checkRead(t, data, Options{Sourcetype: "my:custom"}, "", "")
		checkReadSame(t, data, Options{Sourcetype: "csv"})
		checkReadSame(t, data, Options{})
	})
}

func FuzzEVTX(f *testing.F) {
	good := writeEVTX(sampleEvents(), 5)
	f.Add(good)
	f.Add(good[:4096+600])
	cut := append([]byte(nil), good...)
	cut[4096+512+30] ^= 0xff // inside the first record's binary XML
	f.Add(cut)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkReadSame(t, data, Options{})
	})
}

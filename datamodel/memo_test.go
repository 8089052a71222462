package datamodel

import (
	"fmt"
	"slices"
	"testing"
	"unsafe"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// memoRows are inputs a memo must tell apart: absent, present and null,
// empty, strings, numbers and multivalues.
func memoRows(field string) []value.Fields {
	rows := []value.Fields{
		{},
		{{Name: field, Value: value.Null}},
		{{Name: field, Value: value.Str("")}},
		{{Name: field, Value: value.Str(`C:\Windows\System32\wermgr.exe`)}},
		{{Name: field, Value: value.Str(`"C:\Program Files\x.exe" -a`)}},
		{{Name: field, Value: value.Str("wermgr.exe")}},
		{{Name: field, Value: value.Num(12)}},
		{{Name: field, Value: value.Str("12")}},
		{{Name: field, Value: value.Strs(`C:\a\b.exe`, `D:\c.exe`)}},
		{{Name: field, Value: value.Strs("", "x")}},
		{{Name: "other", Value: value.Str("y")}},
	}
	// Twice, so the second pass reads the memo.
	return append(rows, rows...)
}

func compileExprT(t *testing.T, text string) (spl.Expr, func(value.Fields) value.Value) {
	t.Helper()
	x, err := spl.ParseExpr(text)
	if err != nil {
		t.Fatal(err)
	}
	f, err := engine.CompileExpr(x, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return x, f
}

func sameValue(a, b value.Value) bool {
	if a.Kind() != b.Kind() || a.Len() != b.Len() {
		return false
	}
	av, bv := a.Values(), b.Values()
	for i := range av {
		if av[i].Kind() != bv[i].Kind() || av[i].String() != bv[i].String() {
			return false
		}
	}
	return true
}

func TestMemoCalcMatchesCompiled(t *testing.T) {
	for _, text := range []string{
		`replace(Image, "^.*\\\\", "")`,
		cimProcessName,
		`if(match(Image, "exe$"), split(Image, "\\"), null())`,
		`mvindex(split(Image, "\\"), -1)`,
	} {
		x, plain := compileExprT(t, text)
		_, f := compileExprT(t, text)
		memoized := memoCalc(x, f)
		field := "Image"
		if text == cimProcessName {
			field = "process"
		}
		for i, row := range memoRows(field) {
			if got, want := memoized(row), plain(row); !sameValue(got, want) {
				t.Errorf("%s on row %d %v: memo %v (%s), compiled %v (%s)", text, i, row, got, got.Kind(), want, want.Kind())
			}
		}
	}
}

const cimProcessName = `case(isnotnull(process_name) AND process_name!="", process_name, isnotnull(process) AND process!="" AND match(process, "^\s*(?:\"..*\\\\([^\"]+)\").*"), replace(process, "^\s*(?:\"..*\\\\([^\"]+)\").*", "\\1"), true(), "unknown")`

func TestMemoFields(t *testing.T) {
	for text, want := range map[string]int{
		`replace(Image, "^.*\\\\", "")`:            1,
		cimProcessName:                             2,
		`Image`:                                    0, // nothing worth remembering
		`lower(Image)`:                             0,
		`if(match(Image, "x"), now(), 0)`:          0, // not a function of Image alone
		`if(match(Image, "x"), random(), 0)`:       0,
		`replace(a, b, c) . replace(d, e, "") . x`: 0, // too many fields
	} {
		x, err := spl.ParseExpr(text)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(memoFields(x)); got != want {
			t.Errorf("memoFields(%s) = %d fields, want %d", text, got, want)
		}
	}
}

// After its bound the memo still answers from what it holds and computes
// the rest; a memo that rarely hits turns itself off. Both stay exact.
func TestMemoBoundAndOff(t *testing.T) {
	text := `replace(Image, "^.*\\\\", "")`
	x, plain := compileExprT(t, text)
	_, f := compileExprT(t, text)
	memoized := memoCalc(x, f)
	for i := range 3 * memoBound {
		// Unique values first (the memo fills, then gives up), then
		// repeats.
		img := fmt.Sprintf(`C:\dir%d\img%d.exe`, i, i%(2*memoBound))
		row := value.Fields{{Name: "Image", Value: value.Str(img)}}
		if got, want := memoized(row), plain(row); !sameValue(got, want) {
			t.Fatalf("row %d: memo %v, compiled %v", i, got, want)
		}
	}
	m := newMemo[value.Value]([]string{"Image"})
	for i := range 2 * memoCheck {
		row := value.Fields{{Name: "Image", Value: value.Str(fmt.Sprint(i))}}
		m.get(row, plain, keepAny)
	}
	if !m.off {
		t.Errorf("a memo that never hits stays on")
	}
}

func TestFillUnknownMatchesCompiled(t *testing.T) {
	text := fillUnknownExpr("dest")
	_, plain := compileExprT(t, text)
	fast := fillUnknown("dest", plain)
	for i, row := range memoRows("dest") {
		if got, want := fast(row), plain(row); !sameValue(got, want) {
			t.Errorf("row %d %v: fast %v, compiled %v", i, row, got, want)
		}
	}
}

func TestSearchMemoMatchesSearch(t *testing.T) {
	for _, text := range []string{
		`(source="XmlWinEventLog:Microsoft-Windows-Sysmon/Operational" OR source="Syslog:Linux-Sysmon/Operational") EventCode=1`,
		`Image=*.exe NOT Image=""`,
		`Image IN (12, "wermgr*")`,
	} {
		p, rd, err := compileSearchReads("test", text)
		if err != nil {
			t.Fatal(err)
		}
		m := searchMemo(rd)
		if m == nil {
			t.Fatalf("%s: no memo", text)
		}
		var rows []value.Fields
		for _, r := range memoRows("Image") {
			rows = append(rows, append(r, value.Field{Name: "EventCode", Value: value.Str("1")},
				value.Field{Name: "source", Value: value.Str("XmlWinEventLog:Microsoft-Windows-Sysmon/Operational")}))
			rows = append(rows, append(r, value.Field{Name: "EventCode", Value: value.Num(1)}))
		}
		for i, row := range rows {
			if got, want := m.get(row, p, keepAny), p(row); got != want {
				t.Errorf("%s on row %d %v: memo %v, search %v", text, i, row, got, want)
			}
		}
	}
	if searchMemo(reads{fields: []string{"_raw"}}) != nil || searchMemo(reads{all: true}) != nil {
		t.Errorf("a search over _raw or any field is memoized")
	}
}

// The sieve's memo gives each row the eventtypes and tags the searches
// give it one by one, in the same order, also when the row has some
// already and when rows repeat.
func TestSieveMemoMatchesEventtypes(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	sh, err := newShaper(b)
	if err != nil {
		t.Fatal(err)
	}
	sysmon := "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"
	base := func(source, code string) value.Fields {
		return value.Fields{
			{Name: "index", Value: value.Str("main")},
			{Name: "sourcetype", Value: value.Str("XmlWinEventLog")},
			{Name: "source", Value: value.Str(source)},
			{Name: "EventCode", Value: value.Str(code)},
		}
	}
	var rows []value.Fields
	for _, code := range []string{"1", "3", "11", "22", "4688", "7"} {
		for _, source := range []string{sysmon, "XmlWinEventLog:Security"} {
			rows = append(rows, base(source, code))
			rows = append(rows, append(base(source, code), value.Field{Name: "tag", Value: value.Str("process")}))
			rows = append(rows, append(base(source, code), value.Field{Name: "eventtype", Value: value.Strs("x", "ms-sysmon-process")},
				value.Field{Name: "tag", Value: value.Null}))
		}
	}
	rows = append(rows, rows...)
	var sv eventtypeSieve
	for i, row := range rows {
		want := row.Clone()
		applyEventtypes(sh.eventtypes, &want)
		got := row.Clone()
		sv.apply(sh.eventtypes, &got)
		if !sameFields(got, want) {
			t.Errorf("row %d: sieve %v, eventtypes %v", i, got, want)
		}
	}
}

func sameFields(a, b value.Fields) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || !sameValue(a[i].Value, b[i].Value) {
			return false
		}
	}
	return true
}

// An entry's own eventtypes and tags land as addUnique one by one puts
// them, whichever entries give which and whatever the row has already.
func TestOwnEventtypesMatchAddUnique(t *testing.T) {
	k := func(ets, tags []string) *compiledKnowledge {
		ck, err := compileKnowledge(&Knowledge{Name: "test", Sourcetype: "test", Eventtypes: ets, Tags: tags})
		if err != nil {
			t.Fatal(err)
		}
		return ck
	}
	entries := []*compiledKnowledge{
		k(nil, nil), k([]string{"a"}, nil), k(nil, []string{"process", "report"}),
		k([]string{"b", "a"}, []string{"report", "start"}), k([]string{"c"}, []string{"x"}),
	}
	rows := []value.Fields{
		{{Name: "f", Value: value.Str("1")}},
		{{Name: "tag", Value: value.Str("report")}},
		{{Name: "eventtype", Value: value.Strs("a", "z")}, {Name: "f", Value: value.Str("1")}},
		{{Name: "tag", Value: value.Null}},
	}
	for mask := range 1 << len(entries) {
		var sel []*compiledKnowledge
		for i, e := range entries {
			if mask&(1<<i) != 0 {
				sel = append(sel, e)
			}
		}
		for order := range 2 {
			if order == 1 {
				slices.Reverse(sel)
			}
			for i, row := range rows {
				want := row.Clone()
				for _, ck := range sel {
					for _, et := range ck.k.Eventtypes {
						addUnique(&want, "eventtype", et)
					}
					for _, t := range ck.k.Tags {
						addUnique(&want, "tag", t)
					}
				}
				got := row.Clone()
				applyOwnEventtypes(sel, &got)
				if !sameFields(got, want) {
					t.Errorf("entries %b (reversed %d), row %d: got %v, want %v", mask, order, i, got, want)
				}
			}
		}
	}
}

// CIM's process_name takes the add-on's value as it is when there is one,
// and its vendor_product the field when it is not null; the shortcuts give
// what the expressions give on every kind of input, and take no other
// expression for one of theirs.
func TestShortcutsMatchCompiled(t *testing.T) {
	for _, tc := range []struct {
		text, field, other string
		find               func(spl.Expr) string
		others             []string
	}{
		{cimProcessName, "process_name", "process", presentField,
			[]string{`case(isnotnull(a) AND b!="", a, true(), "x")`, `case(isnotnull(a) AND a!="x", a)`, `if(isnotnull(a) AND a!="", a, "x")`}},
		{`case(isnotnull(vendor_product), vendor_product, isnotnull(vendor) AND vendor!="unknown", vendor . " unknown", true(), "unknown")`,
			"vendor_product", "vendor", notNullField,
			[]string{`case(isnotnull(a), b, true(), "x")`, `case(isnull(a), a)`, `if(isnotnull(a), a, "x")`, `case(isnotnull(a) AND a!="", a)`}},
	} {
		x, plain := compileExprT(t, tc.text)
		if got := tc.find(x); got != tc.field {
			t.Fatalf("%s: shortcut field %q, want %s", tc.text, got, tc.field)
		}
		_, f := compileExprT(t, tc.text)
		fast := presentShortcut(x, f)
		for _, a := range memoRows(tc.field) {
			for _, b := range memoRows(tc.other) {
				row := append(a.Clone(), b...)
				if got, want := fast(row), plain(row); !sameValue(got, want) {
					t.Errorf("row %v: shortcut %v (%s), compiled %v (%s)", row, got, got.Kind(), want, want.Kind())
				}
			}
		}
		for _, text := range tc.others {
			x, err := spl.ParseExpr(text)
			if err != nil {
				t.Fatal(err)
			}
			if got := tc.find(x); got != "" {
				t.Errorf("%s: shortcut field %q, want none", text, got)
			}
		}
	}
}

// The knowledge entries a sourcetype's events select are remembered by
// the values of the fields the entries' conditions read: the remembered
// list is the one asking each entry gives, for EventCode absent, null,
// empty, text, a number, multivalue, and for several sources.
func TestSelectionMemoMatchesEntries(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	sh, err := newShaper(b)
	if err != nil {
		t.Fatal(err)
	}
	memoized := 0
	for st, list := range sh.knowledge {
		for _, source := range []string{"xmlwineventlog:microsoft-windows-sysmon/operational", "xmlwineventlog:security", "wineventlog:security", "other"} {
			sel := sh.selectionFor(source, st, list)
			if sel.memo == nil {
				continue
			}
			memoized++
			var rows []value.Fields
			for _, code := range []string{"1", "3", "4", "8", "10", "11", "22", "4688", "4624", "1102"} {
				rows = append(rows, value.Fields{{Name: "EventCode", Value: value.Str(code)}})
			}
			rows = append(rows, memoRows("EventCode")...)
			rows = append(rows, rows...) // the second pass reads the memo
			for i, row := range rows {
				var want []*compiledKnowledge
				for _, k := range list {
					if k.selects(source, row) {
						want = append(want, k)
					}
				}
				got := sel.memo.get(row, sel.compute, keepAny)
				if !slices.Equal(got, want) {
					t.Errorf("%s, %s, row %d %v: memo selects %d entries, the entries %d", st, source, i, row, len(got), len(want))
				}
			}
		}
	}
	if memoized == 0 {
		t.Error("no sourcetype's selection was memoized")
	}
}

// The memo's and the plan's last input is a copy: rows whose text is a
// view of one buffer rewritten for each event (as a reader reusing its
// buffer gives them) get their own results, repeats or not.
func TestLastInputCopied(t *testing.T) {
	texts := []string{`C:\a\cmd.exe`, `C:\a\cmd.exe`, `C:\b\cmd.exe`, `C:\b\cmd.exe`, `C:\a\cmd.exe`, `C:\a\net.exe`, ``, `C:\a\net.exe`}
	for _, text := range []string{`replace(Image, "^.*\\\\", "")`, `if(Image = "-", null(), lower(Image))`} {
		x, plain := compileExprT(t, text)
		_, f := compileExprT(t, text)
		memoized := memoCalc(x, f)
		ck, err := compileKnowledge(&Knowledge{Name: "t", Sourcetype: "t", Evals: Calcs{{Field: "out", Expr: text}}})
		if err != nil {
			t.Fatal(err)
		}
		plan := newPassPlan([]*compiledKnowledge{ck})
		buf := make([]byte, 64)
		for i, img := range texts {
			n := copy(buf, img)
			view := unsafe.String(unsafe.SliceData(buf), n)
			row := value.Fields{{Name: "Image", Value: value.Str(view)}}
			want := plain(value.Fields{{Name: "Image", Value: value.Str(img)}})
			if got := memoized(row); !sameValue(got, want) {
				t.Errorf("%s, row %d (%s): memo %v, compiled %v", text, i, img, got, want)
			}
			planned := row.Clone()
			plan.apply(&planned)
			if got := planned.Get("out"); !sameValue(got, want) {
				t.Errorf("%s, row %d (%s): plan %v, compiled %v", text, i, img, got, want)
			}
		}
	}
}

// A memo of several fields compares the row's inputs with its last key
// before building a key: rows repeating their predecessor's inputs, or
// changing one, absent, null, empty or of the same length, texts views of
// one reused buffer, get the compiled expression's results.
func TestMemoLastKeyMatchesCompiled(t *testing.T) {
	text := `case(match(a, "^x") AND b="1", replace(a, "^x", "y"), match(b, "2"), b, true(), "z")`
	x, plain := compileExprT(t, text)
	if len(memoFields(x)) != 2 {
		t.Fatalf("memoFields(%s) = %v, want two fields", text, memoFields(x))
	}
	_, f := compileExprT(t, text)
	memoized := memoCalc(x, f)
	buf := make([]byte, 64)
	view := func(at int, s string) value.Value {
		copy(buf[at:], s)
		return value.Str(unsafe.String(&buf[at], len(s)+1)[:len(s)])
	}
	inputs := []string{"absent", "null", "", "xab", "xcd", "1", "2"}
	for _, a := range inputs {
		for _, b := range inputs {
			for range 2 {
				var row value.Fields
				for _, in := range []struct {
					name, text string
					at         int
				}{{"a", a, 0}, {"b", b, 32}} {
					switch in.text {
					case "absent":
					case "null":
						row = append(row, value.Field{Name: in.name, Value: value.Null})
					default:
						row = append(row, value.Field{Name: in.name, Value: view(in.at, in.text)})
					}
				}
				want := plain(row)
				if got := memoized(row); !sameValue(got, want) {
					t.Errorf("a=%s b=%s: memo %v, compiled %v", a, b, got, want)
				}
			}
		}
	}
}

// cutValueKey finds a value's key at the front of a key exactly when the
// value's key is the same as the one there.
func TestCutValueKey(t *testing.T) {
	vals := []value.Value{value.Null, value.Str(""), value.Str("a"), value.Str("ab"), value.Str("a\x01"),
		value.Num(12), value.Str("12"), value.Strs("a", "b"), value.Strs("a"), value.Strs("ab", "")}
	for _, key := range vals {
		for _, v := range vals {
			b := append(AppendValueKey(nil, key), "tail"...)
			rest, ok := cutValueKey(b, v)
			want := string(AppendValueKey(nil, key)) == string(AppendValueKey(nil, v))
			if ok != want || (ok && string(rest) != "tail") {
				t.Errorf("key of %v, value %v: cut %q, %v; want %v", key, v, rest, ok, want)
			}
		}
	}
}

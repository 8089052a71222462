package hunt

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/lookups"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// needsCases are pipelines and the fields of the events they can read,
// by the commands' definitions (Search Reference): nil with all for the
// pipelines that may read any field or output the events themselves.
var needsCases = []struct {
	name, search string
	fields       []string
	all          bool
}{
	{"stats reads its functions' and by fields, and _time", `search EventCode=7 Signed=false | stats count dc(ImageLoaded) as n by Image user`,
		[]string{"EventCode", "Signed", "_time", "ImageLoaded", "Image", "user"}, false},
	{"a bare term reads _raw", `search EventCode=1 whoami | stats count by host`,
		[]string{"EventCode", "_raw", "_time", "host"}, false},
	{"table of names", `search EventCode=1 | table _time Image CommandLine`,
		[]string{"EventCode", "_time", "Image", "CommandLine"}, false},
	{"rex reads its field, where and eval their references", `search EventCode=7 | rex field=Image "(?<folder>.+\\\\)" | where folder!="x" | eval l=lower(user) | stats count by folder l`,
		[]string{"EventCode", "Image", "folder", "l", "user", "_time"}, false},
	{"rex and regex without field read _raw", `search EventCode=1 | regex "a+" | rex "user=(?<u>\\w+)" | stats count by u`,
		[]string{"EventCode", "_raw", "u", "_time"}, false},
	{"rename reads both names", `search EventCode=1 | rename Computer as dest | stats count by dest`,
		[]string{"EventCode", "Computer", "dest", "_time"}, false},
	{"spath without input reads _raw", `search EventCode=1 | spath path=a.b output=ab | stats count by ab`,
		[]string{"EventCode", "_raw", "ab", "_time"}, false},
	{"nothing after the first stats", `search EventCode=1 | stats count by host | eval x=Image | table x`,
		[]string{"EventCode", "_time", "host"}, false},
	{"streaming commands on the way", `search EventCode=1 | bin _time span=1h | fillnull value=x user | dedup user | sort - dest | eventstats count as c by parent | convert ctime(when) | head 3 | stats values(c) by _time user`,
		[]string{"EventCode", "_time", "user", "dest", "parent", "c", "when"}, false},
	{"lookup reads its input and output fields", `search EventCode=7 | lookup hijack.csv library AS ImageLoaded OUTPUT islibrary | stats count by islibrary`,
		[]string{"EventCode", "ImageLoaded", "islibrary", "_time"}, false},
	{"addtotals of named fields", `search EventCode=1 | eval a=1, b=2 | addtotals fieldname=Score a b | stats sum(Score) by host`,
		[]string{"EventCode", "a", "b", "Score", "host", "_time"}, false},
	{"xmlkv reads _raw, iplocation its field", `search EventCode=1 | xmlkv | iplocation dest | eval c=coalesce(Country, "none") | stats count by k c`,
		[]string{"EventCode", "_raw", "dest", "k", "c", "Country", "_time"}, false},
	{"a search without terms", `search | stats count`, []string{"_time"}, false},
	{"the events themselves", `search EventCode=1`, nil, true},
	{"the events, sorted", `search EventCode=1 | sort _time | head 5`, nil, true},
	{"fields keeps _raw and _time", `search EventCode=1 | fields host`, nil, true},
	{"table *", `search EventCode=1 | table *`, nil, true},
	{"a wildcard field", `search EventCode=1 | table Image*`, nil, true},
	{"fields -", `search EventCode=1 | fields - _raw | stats count by host`, nil, true},
	{"searchmatch", `search EventCode=1 | eval x=searchmatch("foo") | stats count by x`, nil, true},
	{"a command not known here", `search EventCode=1 | kv | stats count by foo`, nil, true},
	{"transaction", `search EventCode=1 | transaction host | table host`, nil, true},
	{"addtotals of every field", `search EventCode=1 | addtotals | stats count by Total`, nil, true},
	{"fillnull of every field", `search EventCode=1 | fillnull | stats count by host`, nil, true},
	{"values(*)", `search EventCode=1 | stats values(*) as * by host`, nil, true},
	{"a dynamic eval target", `search EventCode=1 | eval {name}=1 | stats count by host`, nil, true},
	{"a subsearch in the search", `search EventCode=1 [| inputlookup x.csv | fields host] | stats count by host`, nil, true},
	{"a field's tags", `search tag::host=dc | stats count by host`, nil, true},
	{"a wildcard in the search", `search Image*=x | stats count by host`, nil, true},
	{"not a search", `| makeresults | eval a=1`, nil, true},
}

func TestPipelineNeeds(t *testing.T) {
	for _, tc := range needsCases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := spl.Parse(tc.search)
			if err != nil {
				t.Fatal(err)
			}
			fields, all := pipelineNeeds(p)
			slices.Sort(fields)
			want := slices.Clone(tc.fields)
			slices.Sort(want)
			if diff := cmp.Diff(struct {
				Fields []string
				All    bool
			}{want, tc.all}, struct {
				Fields []string
				All    bool
			}{fields, all}); diff != "" {
				t.Errorf("%s: -want +got\n%s", tc.search, diff)
			}
		})
	}
}

// TestPipelineNeedsDifferential runs each pipeline whose needs are known
// over events whole and over the same events with only those fields (and
// those starting with "_" but _raw, as the sieve holds them): the results
// must be the same.
func TestPipelineNeedsDifferential(t *testing.T) {
	events := needsEvents()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "hijack.csv"), []byte("library,islibrary\n"+`C:\x\a.exe.dll`+",yes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	reg := lookups.NewRegistry()
	if err := reg.Load(dir); err != nil {
		t.Fatal(err)
	}
	opt := engine.Options{Lookups: reg}
	for _, tc := range needsCases {
		if tc.all {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			p, err := spl.Parse(tc.search)
			if err != nil {
				t.Fatal(err)
			}
			fields, _ := pipelineNeeds(p)
			var reduced []value.Fields
			for _, ev := range events {
				var r value.Fields
				for _, f := range ev {
					if slices.Contains(fields, f.Name) || f.Name != "_raw" && strings.HasPrefix(f.Name, "_") {
						r = append(r, f)
					}
				}
				reduced = append(reduced, r)
			}
			whole, err := engine.Run(context.Background(), p, rowsSource(events), opt)
			if err != nil {
				t.Fatal(err)
			}
			part, err := engine.Run(context.Background(), p, rowsSource(reduced), opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(whole.Rows) == 0 {
				t.Fatalf("%s: no result over the events: the case tests nothing", tc.search)
			}
			if diff := cmp.Diff(whole.Columns, part.Columns); diff != "" {
				t.Errorf("%s: columns -whole +reduced\n%s", tc.search, diff)
			}
			if diff := cmp.Diff(rowTexts(whole.Rows), rowTexts(part.Rows)); diff != "" {
				t.Errorf("%s: rows -whole +reduced\n%s", tc.search, diff)
			}
		})
	}
}

// needsEvents are Sysmon-like events with more fields than the
// pipelines read.
func needsEvents() []value.Fields {
	var out []value.Fields
	for i, img := range []string{`C:\x\a.exe`, `C:\y\b.exe`, `C:\x\c.exe`, `C:\x\a.exe`} {
		code := []string{"7", "1"}[i%2]
		out = append(out, value.Fields{
			{Name: "_time", Value: value.Num(float64(1700000000 + 3600*i))},
			{Name: "_raw", Value: value.Str(`{"a":{"b":"v` + code + `"},"m":"user=u` + code + ` whoami aaa <k>x` + code + `</k>"}`)},
			{Name: "host", Value: value.Str("h" + code)},
			{Name: "sourcetype", Value: value.Str("sysmon")},
			{Name: "EventCode", Value: value.Str(code)},
			{Name: "Signed", Value: value.Str("false")},
			{Name: "Image", Value: value.Str(img)},
			{Name: "ImageLoaded", Value: value.Str(img + ".dll")},
			{Name: "CommandLine", Value: value.Str(img + " /c whoami")},
			{Name: "Computer", Value: value.Str("pc" + code)},
			{Name: "dest", Value: value.Str("d" + code)},
			{Name: "user", Value: value.Str("u" + code)},
			{Name: "parent", Value: value.Str("p")},
			{Name: "when", Value: value.Num(1700000000)},
		})
	}
	return out
}

func rowTexts(rows []value.Fields) []string {
	var out []string
	for _, r := range rows {
		var b strings.Builder
		for _, f := range r {
			b.WriteString(f.Name + "=" + f.Value.String() + ";")
		}
		out = append(out, b.String())
	}
	return out
}

// rowsSource is an engine.Source of rows, newest first as given.
type rowsSource []value.Fields

func (s rowsSource) Scan(ctx context.Context, req engine.EventScan, fn func(value.Fields) error) error {
	keep := func(value.Fields) bool { return true }
	if req.NewKeep != nil {
		keep = req.NewKeep()
	}
	for i := len(s) - 1; i >= 0; i-- {
		if r := s[i].Clone(); keep(r) {
			if err := fn(r); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s rowsSource) Dataset(name string) (engine.Dataset, error) {
	return nil, errors.New("no dataset " + name)
}

// TestHeldRowsMatchFull sieves the bundled logs with scans whose
// pipelines read a few fields (and one that reads any), and compares each
// held row with the event's full row: every field held has the full
// row's value, every field the passed scans' pipelines read that the full
// row has is held, and _raw is held only for a scan that reads it or
// any field.
// With the needs left out of the sets, the comparison must fail.
func TestHeldRowsMatchFull(t *testing.T) {
	kb, err := datamodel.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	needOf := map[string][]string{
		`EventCode=1`:                {"process_name", "parent_process_name", "user", "dest", "tag"},
		`process_name=*`:             {"process_path", "eventtype", "CommandLine"},
		`EventCode=4688 OR wermgr`:   {"process", "signature", "action"},
		`sourcetype=XmlWinEventLog*`: nil, // any field
	}
	for _, blind := range []bool{false, true} {
		rd := reads{name: "held", needs: map[string]fieldNeed{}}
		var texts []string
		for text, need := range needOf {
			x, pre := prefilterOf(t, text)
			rd.pres = append(rd.pres, pre)
			rd.noteExpr(pre.Text, x)
			rd.noteNeed(pre.Text, need, need == nil)
			texts = append(texts, pre.Text)
		}
		sv := newSieve([]reads{rd}, kb, 1)
		if blind {
			for i := range sv.scans {
				sv.scans[i].need = nil
			}
		}
		full, err := datamodel.NewEventShaper(kb)
		if err != nil {
			t.Fatal(err)
		}
		var problems []string
		reduced, n := 0, 0
		// The logs eight times over: a key's events are shaped at once to
		// what any of its scans may hold once most are held.
		var paths []string
		for range 8 {
			paths = append(paths, bundledData()...)
		}
		_, err = ingest.ReadPaths(paths, ingest.Options{}, func(ev *ingest.Event) error {
			n++
			hold, _, err := sv.keep(0, 0, int64(n), ev)
			if err != nil || hold == nil {
				return err
			}
			whole := full.Row(ev)
			any := false
			var need []string
			for _, sc := range sv.workers[0].passed {
				s := &sv.scans[sc]
				// A bare term of its search reads _raw.
				any = any || s.needAll || slices.Contains(s.fields, "_raw")
				need = append(need, needOf[texts[slices.IndexFunc(texts, func(x string) bool { return x == s.pre.Text })]]...)
			}
			if _, ok := hold.Lookup("_raw"); ok != any {
				problems = append(problems, fmt.Sprintf("event %d: _raw held %v, a scan reading it passed %v", n, ok, any))
			}
			if !any {
				reduced++
			}
			for _, f := range hold {
				if v, ok := whole.Lookup(f.Name); !ok || !value.Equal(v, f.Value) {
					problems = append(problems, fmt.Sprintf("event %d: %s=%v held, %v in full", n, f.Name, f.Value, v))
				}
			}
			for _, name := range need {
				_, inFull := whole.Lookup(name)
				if _, held := hold.Lookup(name); inFull && !held {
					problems = append(problems, fmt.Sprintf("event %d: %s is read but not held", n, name))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if reduced == 0 {
			t.Fatal("no event held with some of its fields: the test shows nothing")
		}
		t.Logf("blind %v: %d of %d events held with some of their fields, %d problems", blind, reduced, n, len(problems))
		if !blind && len(problems) > 0 {
			t.Errorf("%d problems, the first: %s", len(problems), strings.Join(problems[:min(5, len(problems))], "\n"))
		}
		if blind && len(problems) == 0 {
			t.Error("rows held without the fields the pipelines read passed: the comparison cannot fail")
		}
	}
}

// prefilterOf parses a search expression and makes its prefilter.
func prefilterOf(t *testing.T, text string) (spl.SearchExpr, engine.Prefilter) {
	t.Helper()
	x, err := spl.ParseSearch(text)
	if err != nil {
		t.Fatal(err)
	}
	pre, err := engine.SearchPrefilter(x, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return x, pre
}

package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spelunk-dev/spelunk/lsp/lsptest"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/spelunk-dev/spelunk/attackdata"
	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/spl"
)

// at is the position of the first occurrence of sub in text, moved by
// delta bytes.
func at(t testing.TB, text, sub string, delta int) protocol.Position {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q is not in the text", sub)
	}
	return posOf(text, i+delta)
}

type hoverResult struct {
	Contents struct {
		Kind  string `json:"kind"`
		Value string `json:"value"`
	} `json:"contents"`
	Range *protocol.Range `json:"range"`
}

func TestHover(t *testing.T) {
	_, uri, det := fixture(t, detectionFixture)
	where, _ := spl.LookupCommand("where")
	length, _ := engine.LookupFunction("len")
	minAgg, _ := engine.LookupAggregation("min")
	minEval, _ := engine.LookupFunction("min")
	cases := []struct {
		name   string
		at     protocol.Position
		want   []string // in this order
		absent bool
	}{
		{"command", at(t, det, "| where", 3), []string{"**where** (command)", where.Syntax, where.Doc}, false},
		{"eval function", at(t, det, "len(dest)", 1), []string{length.Usage, length.Doc}, false},
		// min is both; in tstats the statistical function comes first.
		{"statistical function first in tstats", at(t, det, "min(_time)", 1), []string{minAgg.Usage, minEval.Usage}, false},
		// The expansion is the definition of testdata/repo/macros/ctime.yml
		// with $field$ replaced by hand.
		{"macro call", at(t, det, "`ctime(firstTime)`", 3), []string{"**macro** `ctime(1)`", "macros/ctime.yml",
			`convert timeformat="%Y-%m-%d %H:%M:%S" ctime($field$)`, "Expands to:", `convert timeformat="%Y-%m-%d %H:%M:%S" ctime(firstTime)`}, false},
		{"data model field", at(t, det, "Processes.dest", 12), []string{"**Processes.dest** (field of the Endpoint.Processes dataset)", "Type:"}, false},
		{"dataset", at(t, det, "Endpoint.Processes", 3), []string{"**Endpoint.Processes** (data model dataset)", "Constraint:"}, false},
		{"lookup", at(t, det, "lookup web_servers", 9), []string{"**lookup** `web_servers`", "web_servers.yml"}, false},
		{"outside the search", at(t, det, "known_false_positives", 2), nil, true},
	}
	c := startServer(t, repoRootAbs(t), Options{})
	c.Open(uri, det)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got *hoverResult
			c.Request("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": tc.at}, &got)
			if tc.absent {
				if got != nil {
					t.Errorf("hover %q, want none", got.Contents.Value)
				}
				return
			}
			if got == nil {
				t.Fatal("no hover")
			}
			rest := got.Contents.Value
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("hover lacks %q (in order) in:\n%s", w, got.Contents.Value)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

type completionList struct {
	Items []struct {
		Label    string `json:"label"`
		Detail   string `json:"detail"`
		TextEdit *struct {
			Range   protocol.Range `json:"range"`
			NewText string         `json:"newText"`
		} `json:"textEdit"`
	} `json:"items"`
}

func (l completionList) labels() []string {
	var out []string
	for _, it := range l.Items {
		out = append(out, it.Label)
	}
	return out
}

func TestCompletion(t *testing.T) {
	cim, err := datamodel.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var commands []string
	for _, s := range spl.Commands() {
		commands = append(commands, s.Name)
	}
	lower, _ := engine.LookupFunction("lower")
	app, err := filepath.Abs("testdata/app")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, text string
		want       []string
		first      string // the first item, if set
		detail     map[string]string
		replace    string // the typed text the items replace, at the end
	}{
		{name: "commands after a pipe", text: "index=main | ", want: commands},
		{name: "datasets after datamodel=", text: "| tstats count from datamodel=", want: cim.DatasetNames()},
		{name: "fields after the dataset's prefix", text: "| tstats count from datamodel=Endpoint.Processes by Processes.",
			want: []string{"Processes.process_name", "Processes.dest", "Processes.parent_process_name"}, replace: "Processes."},
		{name: "a command begun", text: "index=main | sta", want: []string{"stats", "streamstats"}, replace: "sta"},
		{name: "macros inside backticks", text: "index=main | `", want: []string{"web_process", "by_host(host)"}},
		{name: "eval functions with their signature", text: "| makeresults | eval x=", want: []string{"lower", "len", "if"},
			detail: map[string]string{"lower": lower.Usage}},
		// tstats' syntax line says only [options]; its parser lists them.
		{name: "tstats options", text: "| tstats ", want: []string{"summariesonly=", "allow_old_summaries=", "prestats=", "count"}},
		{name: "stats options and functions", text: "| makeresults | stats ", want: []string{"allnum=", "count", "dc", "lower"}, first: "allnum="},
	}
	c := startServer(t, app, Options{})
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			uri := pathToURI(filepath.Join(app, fmt.Sprintf("new%d.spl", i)))
			c.Open(uri, tc.text)
			var got completionList
			c.Request("textDocument/completion", lsptest.DocPos(uri, posOf(tc.text, len(tc.text))), &got)
			labels := got.labels()
			for _, w := range tc.want {
				if !slices.Contains(labels, w) {
					t.Errorf("no %q among %d items", w, len(labels))
				}
			}
			if tc.first != "" && (len(labels) == 0 || labels[0] != tc.first) {
				t.Errorf("first item %v, want %q", labels[:min(3, len(labels))], tc.first)
			}
			if tc.replace != "" {
				want := protocol.Range{Start: posOf(tc.text, len(tc.text)-len(tc.replace)), End: posOf(tc.text, len(tc.text))}
				for _, it := range got.Items {
					if it.TextEdit == nil || it.TextEdit.Range != want {
						t.Fatalf("%s: text edit %+v, want one over %q", it.Label, it.TextEdit, tc.replace)
					}
				}
			}
			for label, want := range tc.detail {
				for _, it := range got.Items {
					if it.Label == label && it.Detail != want {
						t.Errorf("%s: detail %q, want %q", label, it.Detail, want)
					}
				}
			}
		})
	}
}

// loc is a location as the test compares it: the file relative to the
// fixtures and the range.
type loc struct {
	File  string
	Range protocol.Range
}

func locs(t *testing.T, base string, raw json.RawMessage) []loc {
	t.Helper()
	var ls []protocol.Location
	if err := json.Unmarshal(raw, &ls); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	var out []loc
	for _, l := range ls {
		rel, err := filepath.Rel(base, uriToPath(l.URI))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, loc{filepath.ToSlash(rel), l.Range})
	}
	return out
}

func TestDefinition(t *testing.T) {
	base, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	_, detURI, det := fixture(t, detectionFixture)
	_, _, ctime := fixture(t, "testdata/repo/macros/ctime.yml")
	_, _, lookup := fixture(t, "testdata/repo/lookups/web_servers.yml")
	_, splURI, splText := fixture(t, "testdata/app/whoami.spl")
	_, _, conf := fixture(t, "testdata/app/default/macros.conf")
	escURI := pathToURI(filepath.Join(base, "repo/detections/escape.spl"))
	escText := "| inputlookup escape"
	_, _, escape := fixture(t, "testdata/repo/lookups/escape.yml")
	confLine := "definition = parent_process_name IN (\"w3wp.exe\", \"httpd.exe\")"
	cases := []struct {
		name string
		uri  string
		pos  protocol.Position
		want []loc
	}{
		{"macro to its YAML", detURI, at(t, det, "`ctime(firstTime)`", 2),
			[]loc{{"repo/macros/ctime.yml", spanOf(t, ctime, `'convert timeformat="%Y-%m-%d %H:%M:%S" ctime($field$)'`)}}},
		{"lookup to its YAML and file", detURI, at(t, det, "web_servers", 2),
			[]loc{{"repo/lookups/web_servers.yml", spanOf(t, lookup, "web_servers")}, {"repo/lookups/web_servers.csv", protocol.Range{}}}},
		// Its file name leads out of lookups/: only the YAML is given.
		{"lookup whose file is outside lookups/", escURI, posOf(escText, len(escText)-2),
			[]loc{{"repo/lookups/escape.yml", spanOf(t, escape, "escape")}}},
		{"macro to its stanza", splURI, at(t, splText, "`web_process`", 3),
			[]loc{{"app/default/macros.conf", spanOf(t, conf, confLine)}}},
	}
	c := startServer(t, filepath.Join(base, "repo"), Options{})
	c.Open(detURI, det)
	c.Open(splURI, splText)
	c.Open(escURI, escText)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var raw json.RawMessage
			c.Request("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": tc.uri}, "position": tc.pos}, &raw)
			if diff := cmp.Diff(tc.want, locs(t, base, raw)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestReferences: a macro's calls across the workspace are found by an
// independent scan of the fixture files for its backtick call.
func TestReferences(t *testing.T) {
	root := repoRootAbs(t)
	_, detURI, det := fixture(t, detectionFixture)
	var want []loc
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yml") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		text := string(b)
		for off := 0; ; {
			i := strings.Index(text[off:], "`ctime(")
			if i < 0 {
				break
			}
			rel, _ := filepath.Rel(filepath.Dir(root), p)
			want = append(want, loc{filepath.ToSlash(rel), protocol.Range{Start: posOf(text, off+i+1), End: posOf(text, off+i+1+len("ctime"))}})
			off += i + 1
		}
		return nil
	})
	if err != nil || len(want) == 0 {
		t.Fatalf("no call of ctime in the fixtures: %v", err)
	}
	_, _, ctime := fixture(t, "testdata/repo/macros/ctime.yml")
	decl := loc{"repo/macros/ctime.yml", spanOf(t, ctime, `'convert timeformat="%Y-%m-%d %H:%M:%S" ctime($field$)'`)}
	c := startServer(t, root, Options{})
	c.Open(detURI, det)
	for _, include := range []bool{false, true} {
		var raw json.RawMessage
		p := lsptest.DocPos(detURI, protocol.Position{})
		p["position"] = at(t, det, "`ctime(", 2)
		p["context"] = map[string]any{"includeDeclaration": include}
		c.Request("textDocument/references", p, &raw)
		w := want
		if include {
			w = append([]loc{decl}, want...)
		}
		if diff := cmp.Diff(w, locs(t, filepath.Dir(root), raw)); diff != "" {
			t.Errorf("includeDeclaration=%v (-want +got):\n%s", include, diff)
		}
	}
}

// TestCodeLens: a detection with tests has two lenses; running them calls
// spelunk with the detection (a stand-in records the call and prints).
func TestCodeLens(t *testing.T) {
	path, uri, det := fixture(t, detectionFixture)
	var calls [][]string
	exec := func(ctx context.Context, args []string, out io.Writer) error {
		calls = append(calls, args)
		fmt.Fprintf(out, "running %s\n1 passed, 0 failed\n", args[0])
		return nil
	}
	c := startServer(t, repoRootAbs(t), Options{Exec: exec})
	c.Open(uri, det)
	var lenses []protocol.CodeLens
	c.Request("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": uri}}, &lenses)
	searchLine := protocol.UInteger(strings.Count(det[:strings.Index(det, "\nsearch:")+1], "\n"))
	var titles, commands []string
	for _, l := range lenses {
		if l.Range.Start.Line != searchLine {
			t.Errorf("lens at line %d, want the search's line %d", l.Range.Start.Line, searchLine)
		}
		titles = append(titles, l.Command.Title)
		commands = append(commands, l.Command.Command)
	}
	if diff := cmp.Diff([]string{"▶ run tests (1)", "explain on its test data"}, titles); diff != "" {
		t.Errorf("titles (-want +got):\n%s", diff)
	}
	for _, cmd := range commands {
		var out string
		c.Request("workspace/executeCommand", map[string]any{"command": cmd, "arguments": []any{uri}}, &out)
		if !strings.Contains(out, "1 passed, 0 failed") {
			t.Errorf("%s: result %q", cmd, out)
		}
		var msg protocol.ShowMessageParams
		if err := json.Unmarshal(c.WaitNote("window/showMessage"), &msg); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(msg.Message, "1 passed, 0 failed") {
			t.Errorf("%s: message %q", cmd, msg.Message)
		}
	}
	data := filepath.Join(filepath.Dir(path), "../../data/sysmon.log")
	want := [][]string{{"test", path},
		{"explain", "--detection", path, "--data", data, "--sourcetype", "xmlwineventlog", "--source", "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"}}
	if diff := cmp.Diff(want, calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

// TestLookupFileStaysInFolder: a lookup's file name is followed only to a
// file in lookups/: not through .., an absolute path or a symbolic link
// leading out.
func TestLookupFileStaysInFolder(t *testing.T) {
	dir := t.TempDir()
	lookups := filepath.Join(dir, "lookups")
	outside := filepath.Join(dir, "outside.csv")
	for _, p := range []string{lookups, filepath.Join(dir, "detections")} {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(outside, "a\n1\n")
	write(filepath.Join(lookups, "inside.csv"), "a\n1\n")
	if err := os.Symlink(outside, filepath.Join(lookups, "link.csv")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	files := map[string]string{"good": "inside.csv", "dotdot": "../outside.csv", "absolute": outside, "symlink": "link.csv"}
	for name, file := range files {
		write(filepath.Join(lookups, name+".yml"), "name: "+name+"\nfilename: "+file+"\n")
	}
	w := loadWorkspace(dir, "")
	for name := range files {
		var got []string
		for _, l := range w.lookupDefs(name) {
			got = append(got, filepath.Base(l.path))
		}
		want := []string{name + ".yml"}
		if name == "good" {
			want = append(want, "inside.csv")
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}

// TestExplainData: explain runs on the test's data where a test run would
// read it: an attack_data URL in the data folder (--data-dir), else in
// the cache; with neither, on the search alone.
func TestExplainData(t *testing.T) {
	dir := t.TempDir()
	det := filepath.Join(dir, "detections", "x.yml")
	data := filepath.Join(dir, "attack_data", "datasets", "x", "sysmon.log")
	for _, p := range []string{filepath.Dir(det), filepath.Dir(data)} {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	yml := "name: X\nsearch: index=main\ntests:\n- name: t\n  attack_data:\n" +
		"  - data: https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/x/sysmon.log\n" +
		"    sourcetype: xmlwineventlog\n"
	if err := os.WriteFile(det, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(data, []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A test run's download, served by a stand-in for the network.
	cacheDir := t.TempDir()
	url := "https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/x/sysmon.log"
	cache := attackdata.Cache{Dir: cacheDir, Client: &http.Client{Transport: serveBody("x\n")}}
	got, errs := cache.Fetch(context.Background(), []string{url}, 1)
	if len(errs) > 0 || got[url] == "" {
		t.Fatalf("filling the cache: %v", errs)
	}
	cases := []struct {
		name string
		opt  Options
		want []string
	}{
		{"in the cache", Options{CacheDir: cacheDir},
			[]string{"explain", "--detection", det, "--data", got[url], "--sourcetype", "xmlwineventlog"}},
		{"in the data folder", Options{DataDir: filepath.Join(dir, "attack_data"), CacheDir: t.TempDir()},
			[]string{"explain", "--detection", det, "--data", data, "--sourcetype", "xmlwineventlog"}},
		{"nowhere", Options{CacheDir: t.TempDir()}, []string{"explain", "--detection", det}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := New(tc.opt).explainArgs(det)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// serveBody is an http.RoundTripper answering every request with body.
type serveBody string

func (b serveBody) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{}, Body: io.NopCloser(strings.NewReader(string(b))), ContentLength: int64(len(b)), Request: req}, nil
}

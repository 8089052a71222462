package lsp

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spelunk-dev/spelunk/lsp/lsptest"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// The expected positions here are found in the fixture's text with
// strings.Index, independently of the server's mapping from the SPL back
// to the file; the expected help comes from the registries themselves.

const detectionFixture = "testdata/repo/detections/endpoint/whoami_by_web_server.yml"

// fixture reads a file under testdata and returns its path, URI and text.
func fixture(t testing.TB, rel string) (string, string, string) {
	t.Helper()
	p, err := filepath.Abs(rel)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return p, pathToURI(p), string(b)
}

// posOf is the LSP position of byte offset off of text, counted by hand:
// lines before it, and UTF-16 units since the line's start.
func posOf(text string, off int) protocol.Position {
	line := strings.Count(text[:off], "\n")
	start := strings.LastIndexByte(text[:off], '\n') + 1
	units := 0
	for _, r := range text[start:off] {
		units++
		if r >= 0x10000 {
			units++
		}
	}
	return protocol.Position{Line: protocol.UInteger(line), Character: protocol.UInteger(units)}
}

// spanOf is the range of the first occurrence of sub in text.
func spanOf(t testing.TB, text, sub string) protocol.Range {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q is not in the text", sub)
	}
	return protocol.Range{Start: posOf(text, i), End: posOf(text, i+len(sub))}
}

func repoRootAbs(t testing.TB) string {
	root, err := filepath.Abs("testdata/repo")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// wantDiag is a diagnostic a case expects: its range covers span, its
// code and severity, and its message holds each of msg.
type wantDiag struct {
	span     string
	code     string
	severity protocol.DiagnosticSeverity
	msg      []string
}

// diagCase is a text to open and the diagnostics it must get; clean
// means no spl, datamodel or notice diagnostic at all.
type diagCase struct {
	name  string
	uri   string
	text  string
	want  []wantDiag
	clean bool
}

func TestDiagnostics(t *testing.T) {
	_, detURI, det := fixture(t, detectionFixture)
	cases := []diagCase{
		{name: "clean detection", uri: detURI, text: det, clean: true},
		{name: "misspelled command", uri: detURI, text: strings.Replace(det, "| where", "| wehre", 1),
			want: []wantDiag{{"wehre", "spl", protocol.DiagnosticSeverityError, []string{`unknown command "wehre"`, `did you mean "where"?`}}}},
		{name: "undefined macro", uri: detURI, text: strings.Replace(det, "`summaries`", "`summaires`", 1),
			want: []wantDiag{{"`summaires`", "spl", protocol.DiagnosticSeverityError, []string{`undefined macro "summaires"`}}}},
		{name: "unknown function", uri: detURI, text: strings.Replace(det, "len(dest)", "lenn(dest)", 1),
			want: []wantDiag{{"lenn", "spl", protocol.DiagnosticSeverityError, []string{`unknown function "lenn"`, `did you mean "len"?`}}}},
		{name: "unknown dataset", uri: detURI, text: strings.Replace(det, "Endpoint.Processes", "Endpoint.Procesess", 1),
			want: []wantDiag{{"Endpoint.Procesess", "datamodel", protocol.DiagnosticSeverityWarning, []string{`"Endpoint.Procesess" does not exist`, `did you mean "Endpoint.Processes"?`}}}},
		{name: "unknown field", uri: detURI, text: strings.Replace(det, "by Processes.dest", "by Processes.dset", 1),
			want: []wantDiag{{"Processes.dset", "datamodel", protocol.DiagnosticSeverityWarning, []string{`no field "dset"`, `did you mean "Processes.dest"?`}}}},
		{name: "validate rule", uri: detURI, text: strings.Replace(det, "id: 6f1c2d4e-8a3b-4c5d-9e7f-0a1b2c3d4e5f", "id: not-a-uuid", 1),
			want: []wantDiag{{"not-a-uuid", "id", protocol.DiagnosticSeverityError, []string{`id "not-a-uuid" is not a UUID`}}}},
		{name: "literal block scalar", uri: detURI, text: blockSearch(t, det, "|\n  | tstats count from datamodel=Endpoint.Processes by Processes.dest\n  | rename Processes.* as *\n  | stast count by dest\n"),
			want: []wantDiag{{"stast", "spl", protocol.DiagnosticSeverityError, []string{`unknown command "stast"`}}}},
		{name: "double-quoted scalar with escapes", uri: detURI, text: blockSearch(t, det, `"| makeresults | eval x=\"a\tb\", y=\"\u00e9t\u00e9\" | stast count"`+"\n"),
			want: []wantDiag{{"stast", "spl", protocol.DiagnosticSeverityError, []string{`unknown command "stast"`}}}},
	}
	other, err := filepath.Abs("testdata/app/workflow.yml")
	if err != nil {
		t.Fatal(err)
	}
	cases = append(cases, diagCase{name: "YAML that is not a detection", uri: pathToURI(other), text: "on: push\nsearch: '| stast'\n", clean: true})
	for _, rel := range []string{"testdata/app/default/savedsearches.conf", "testdata/app/default/macros.conf", "testdata/app/whoami.spl", "testdata/repo/macros/bad_def.yml"} {
		_, uri, text := fixture(t, rel)
		c := diagCase{name: filepath.Base(rel), uri: uri, text: text}
		switch filepath.Base(rel) {
		case "savedsearches.conf":
			c.want = []wantDiag{{"statz", "spl", protocol.DiagnosticSeverityError, []string{`unknown command "statz"`, `did you mean "stats"?`}}}
		case "macros.conf":
			c.want = []wantDiag{{"`missing_in_conf`", "spl", protocol.DiagnosticSeverityError, []string{`undefined macro "missing_in_conf"`}}}
		case "whoami.spl":
			c.want = []wantDiag{{"lenn", "spl", protocol.DiagnosticSeverityError, []string{`unknown function "lenn"`}}}
		case "bad_def.yml":
			c.want = []wantDiag{{"`no_such_inner`", "spl", protocol.DiagnosticSeverityError, []string{`undefined macro "no_such_inner"`}}}
		}
		cases = append(cases, c)
	}
	c := startServer(t, repoRootAbs(t), Options{Today: "2026-12-01"})
	version := 1
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			version++
			got := c.Open(tc.uri, tc.text)
			if tc.clean {
				for _, d := range got {
					if d.Code == "spl" || d.Code == "datamodel" || d.Code == "notice" {
						t.Errorf("unexpected %s diagnostic: %s", d.Code, d.Message)
					}
				}
			}
			for _, w := range tc.want {
				wantRange := spanOf(t, tc.text, w.span)
				found := false
				for _, d := range got {
					if d.Code != w.code {
						continue
					}
					ok := true
					for _, m := range w.msg {
						ok = ok && strings.Contains(d.Message, m)
					}
					if !ok {
						continue
					}
					found = true
					if diff := cmp.Diff(wantRange, d.Range); diff != "" {
						t.Errorf("%s: range (-want +got):\n%s", w.msg[0], diff)
					}
					if d.Severity != int(w.severity) {
						t.Errorf("%s: severity %d, want %d", w.msg[0], d.Severity, w.severity)
					}
				}
				if !found {
					t.Errorf("no %s diagnostic with %q; got %+v", w.code, w.msg, got)
				}
			}
		})
	}
}

// blockSearch replaces the fixture's search: value with another
// (written from its indicator or quote on).
func blockSearch(t *testing.T, det, value string) string {
	t.Helper()
	start := strings.Index(det, "search: '")
	end := strings.Index(det, "\nhow_to_implement:")
	if start < 0 || end < 0 {
		t.Fatal("the fixture has no single-quoted search")
	}
	return det[:start] + "search: " + value + det[end+1:]
}

// startServer runs a server with opt over pipes, with root as the
// client's workspace folder.
func startServer(t testing.TB, root string, opt Options) *lsptest.Client {
	t.Helper()
	return lsptest.Start(t, root, func(in io.Reader, out io.Writer) error { return Serve(in, out, opt) })
}

// TestMacroEditRefreshes: defining, in an open macro file, a macro that a
// detection calls clears the detection's undefined-macro error.
func TestMacroEditRefreshes(t *testing.T) {
	_, detURI, det := fixture(t, detectionFixture)
	c := startServer(t, repoRootAbs(t), Options{})
	typo := strings.Replace(det, "`summaries`", "`summaires`", 1)
	undefined := func(ds []lsptest.Diag) bool {
		for _, d := range ds {
			if strings.Contains(d.Message, `undefined macro "summaires"`) {
				return true
			}
		}
		return false
	}
	if !undefined(c.Open(detURI, typo)) {
		t.Fatal("no undefined-macro error to start with")
	}
	macroURI := pathToURI(filepath.Join(repoRootAbs(t), "macros", "summaires.yml"))
	c.Open(macroURI, "name: summaires\ndefinition: summariesonly=false\ndescription: the misspelling, defined\n")
	if undefined(c.Diagnostics(detURI)) {
		t.Error("the detection still has the undefined-macro error")
	}
}

package lsp

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spelunk-dev/spelunk/lsp/lsptest"
	protocol "github.com/tliron/glsp/protocol_3_16"
	"go.yaml.in/yaml/v3"
)

// corpusRoot is the security_content checkout of SPELUNK_CORPUS; tests
// skip, saying so, without it.
func corpusRoot(t testing.TB) string {
	root := os.Getenv("SPELUNK_CORPUS")
	if root == "" {
		t.Skip("SPELUNK_CORPUS is not set: no security_content checkout to open")
	}
	return root
}

const corpusDetection = "detections/endpoint/cmdline_tool_not_executed_in_cmd_shell.yml"

// TestCorpusDetection drives each feature on a real detection of the
// corpus, with the whole corpus as the workspace.
func TestCorpusDetection(t *testing.T) {
	root := corpusRoot(t)
	path := filepath.Join(root, corpusDetection)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	det, uri := string(b), pathToURI(path)
	calls := &[][]string{}
	record := func(ctx context.Context, args []string, out io.Writer) error {
		*calls = append(*calls, args)
		return nil
	}
	// An empty cache: the user's may hold the test's data.
	cacheDir := t.TempDir()
	c := startServer(t, root, Options{Exec: record, CacheDir: cacheDir})

	t.Run("no SPL errors as written", func(t *testing.T) {
		for _, d := range c.Open(uri, det) {
			if d.Code == "spl" || d.Code == "datamodel" {
				t.Errorf("%+v", d)
			}
		}
	})
	t.Run("misspelled command", func(t *testing.T) {
		typo := strings.Replace(det, "| `cmdline_tool_not_executed_in_cmd_shell_filter`", "| stast count | `cmdline_tool_not_executed_in_cmd_shell_filter`", 1)
		want := spanOf(t, typo, "stast")
		found := false
		for _, d := range c.Change(uri, typo, 2) {
			if d.Code == "spl" && strings.Contains(d.Message, `unknown command "stast"`) {
				found = true
				if diff := cmp.Diff(want, d.Range); diff != "" {
					t.Errorf("range (-want +got):\n%s", diff)
				}
			}
		}
		if !found {
			t.Error("no diagnostic for stast")
		}
		c.Change(uri, det, 3)
	})

	// The macro's definition, read here with yaml, with $field$ replaced.
	var ctime struct {
		Definition string `yaml:"definition"`
	}
	macroPath := filepath.Join(root, "macros/security_content_ctime.yml")
	mb, err := os.ReadFile(macroPath)
	if err != nil || yaml.Unmarshal(mb, &ctime) != nil {
		t.Fatalf("macros/security_content_ctime.yml: %v", err)
	}
	call := "`security_content_ctime(firstTime)`"
	t.Run("hover on a macro call", func(t *testing.T) {
		var got hoverResult
		c.Request("textDocument/hover", lsptest.DocPos(uri, at(t, det, call, 3)), &got)
		want := strings.ReplaceAll(ctime.Definition, "$field$", "firstTime")
		if !strings.Contains(got.Contents.Value, want) {
			t.Errorf("hover lacks the expansion %q:\n%s", want, got.Contents.Value)
		}
	})
	t.Run("completion of fields", func(t *testing.T) {
		var got completionList
		c.Request("textDocument/completion", lsptest.DocPos(uri, at(t, det, "by Processes.parent_process_name", len("by Processes."))), &got)
		if labels := got.labels(); !containsAll(labels, "Processes.process_name", "Processes.parent_process_name") {
			t.Errorf("%d items, without the process fields", len(labels))
		}
	})
	t.Run("definition of a macro", func(t *testing.T) {
		var raw json.RawMessage
		c.Request("textDocument/definition", lsptest.DocPos(uri, at(t, det, call, 3)), &raw)
		got := locs(t, root, raw)
		if len(got) != 1 || got[0].File != "macros/security_content_ctime.yml" {
			t.Errorf("definition %+v", got)
		}
	})
	t.Run("references of a macro across the corpus", func(t *testing.T) {
		want := countCalls(t, root, "`security_content_ctime(")
		var raw json.RawMessage
		p := lsptest.DocPos(uri, at(t, det, call, 3))
		p["context"] = map[string]any{"includeDeclaration": false}
		c.Request("textDocument/references", p, &raw)
		if got := len(locs(t, root, raw)); got != want || want < 100 {
			t.Errorf("%d references, want %d (counted in the files)", got, want)
		}
	})
	t.Run("code lenses", func(t *testing.T) {
		var lenses []protocol.CodeLens
		c.Request("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": uri}}, &lenses)
		var got []string
		for _, l := range lenses {
			got = append(got, l.Command.Command)
		}
		if diff := cmp.Diff([]string{"spelunk.runTests", "spelunk.explain"}, got); diff != "" {
			t.Errorf("lenses (-want +got):\n%s", diff)
		}
		// The test's data is an attack_data URL, not on this machine:
		// explain runs on the search alone.
		for _, cmd := range got {
			var out string
			c.Request("workspace/executeCommand", map[string]any{"command": cmd, "arguments": []any{uri}}, &out)
		}
		want := [][]string{{"test", "--cache-dir", cacheDir, path}, {"explain", "--detection", path}}
		if diff := cmp.Diff(want, *calls); diff != "" {
			t.Errorf("calls (-want +got):\n%s", diff)
		}
	})
}

func containsAll(list []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, l := range list {
			found = found || l == w
		}
		if !found {
			return false
		}
	}
	return true
}

// countCalls counts a string in the YAML of detections/ and macros/.
func countCalls(t testing.TB, root, s string) int {
	n := 0
	for _, dir := range []string{"detections", "macros"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yml") || strings.Contains(d.Name(), ".spelunk.") {
				return err
			}
			b, err := os.ReadFile(p)
			n += strings.Count(string(b), s)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// BenchmarkDiagnosticsCorpus measures the time from a change of a
// detection to its diagnostics, over pipes, with the whole corpus as the
// workspace (loaded before the timer starts).
func BenchmarkDiagnosticsCorpus(b *testing.B) {
	root := corpusRoot(b)
	path := filepath.Join(root, corpusDetection)
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	det, uri := string(raw), pathToURI(path)
	typo := strings.Replace(det, "| `cmdline_tool_not_executed_in_cmd_shell_filter`", "| stast count | `cmdline_tool_not_executed_in_cmd_shell_filter`", 1)
	c := startServer(b, root, Options{})
	c.Open(uri, det)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text := det
		if i%2 == 0 {
			text = typo
		}
		c.Change(uri, text, i+2)
	}
}

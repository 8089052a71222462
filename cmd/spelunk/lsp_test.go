package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/lsp"
	"github.com/spelunk-dev/spelunk/lsp/lsptest"
)

const seedDetection = "../../testdata/seed/detections/windows_process_injection_wermgr_child_process.yml"

// inProcess runs spelunk's commands in this process, for the lenses.
func inProcess(ctx context.Context, args []string, out io.Writer) error {
	if code := run(args, out, out); code != 0 {
		return fmt.Errorf("exit status %d", code)
	}
	return nil
}

// TestLSPCodeLens runs the seed detection's lenses through
// workspace/executeCommand: its tests pass (the README's main command),
// one PASS line for each test the YAML names, and explain shows its
// stages and the plan on the first test's data.
func TestLSPCodeLens(t *testing.T) {
	path, err := filepath.Abs(seedDetection)
	if err != nil {
		t.Fatal(err)
	}
	det, err := content.LoadDetection(path)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c := lsptest.Start(t, filepath.Dir(filepath.Dir(path)), func(in io.Reader, out io.Writer) error {
		return lsp.Serve(in, out, lsp.Options{Exec: inProcess})
	})
	uri := lsptest.URI(path)
	c.Open(uri, string(raw))
	var tests string
	c.Request("workspace/executeCommand", map[string]any{"command": "spelunk.runTests", "arguments": []any{uri}}, &tests)
	for _, tc := range det.Tests {
		if want := "PASS  " + det.Name + " / " + tc.Name; !strings.Contains(tests, want) {
			t.Errorf("no %q in:\n%s", want, tests)
		}
	}
	if want := fmt.Sprintf("%d passed, 0 failed", len(det.Tests)); !strings.Contains(tests, want) {
		t.Errorf("no %q in:\n%s", want, tests)
	}
	var explained string
	c.Request("workspace/executeCommand", map[string]any{"command": "spelunk.explain", "arguments": []any{uri}}, &explained)
	for _, want := range []string{"Search as written:", "Macros expanded:", "Pipeline:", "Plan:"} {
		if !strings.Contains(explained, want) {
			t.Errorf("explain lacks %q:\n%s", want, explained)
		}
	}
}

// nvimConfig starts spelunk lsp from Neovim's built-in client (0.7 has
// start_client, not vim.lsp.start), opens the detection, waits for its
// diagnostics and writes them as line:col:message, 0-based as Neovim
// keeps them.
const nvimConfig = `
local spelunk, detection, out = os.getenv("SPELUNK_BIN"), os.getenv("DETECTION"), os.getenv("OUT")
vim.cmd("edit " .. vim.fn.fnameescape(detection))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({ name = "spelunk", cmd = { spelunk, "lsp" }, root_dir = vim.fn.fnamemodify(detection, ":h") })
vim.lsp.buf_attach_client(buf, id)
vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local f = io.open(out, "w")
for _, d in ipairs(vim.diagnostic.get(buf)) do
  f:write(string.format("%d:%d:%s\n", d.lnum, d.col, (d.message:gsub("\n", " "))))
end
f:close()
vim.cmd("qa!")
`

// TestLSPNeovim: Debian's Neovim, headless, opens a detection with a
// misspelled command through spelunk lsp and receives the diagnostic at
// the misspelling's line and column (found in the file with
// strings.Index).
func TestLSPNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim is not installed (.ci/run installs Debian's neovim): the real-client test does not run")
	}
	if testing.Short() {
		t.Skip("-short: the Neovim test builds spelunk")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "spelunk")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	raw, err := os.ReadFile(seedDetection)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(raw), "| `drop_dm_object_name(Processes)`", "| stast count | `drop_dm_object_name(Processes)`", 1)
	off := strings.Index(text, "stast")
	if off < 0 {
		t.Fatal("the seed detection changed: no place for the misspelling")
	}
	wantLine := strings.Count(text[:off], "\n")
	wantCol := off - (strings.LastIndexByte(text[:off], '\n') + 1)
	// The detection goes in a repository of its own, beside the seed's
	// macros, so the server reads them as it would the author's.
	repo := filepath.Join(dir, "repo")
	detection := filepath.Join(repo, "detections", "typo.yml")
	if err := os.MkdirAll(filepath.Dir(detection), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(detection, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(repo, "macros"), os.DirFS("../../testdata/seed/macros")); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, "init.lua")
	if err := os.WriteFile(config, []byte(nvimConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	outFile := filepath.Join(dir, "diagnostics.txt")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-u", config)
	cmd.Env = append(os.Environ(), "SPELUNK_BIN="+bin, "DETECTION="+detection, "OUT="+outFile, "HOME="+dir, "XDG_STATE_HOME="+dir, "XDG_DATA_HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, out)
	}
	got, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatalf("Neovim wrote no diagnostics: %v", err)
	}
	want := fmt.Sprintf("%d:%d:unknown command \"stast\"", wantLine, wantCol)
	if !strings.Contains(string(got), want) {
		t.Errorf("no diagnostic %q among:\n%s", want, got)
	}
}

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/lsp"
)

const lspUsage = `Usage: spelunk lsp [flags]

Runs spelunk's language server on standard input and output (the Language
Server Protocol, 3.16), for editors: diagnostics, hover, completion, go to
definition and references for the SPL in detection and macro YAML, .spl
files, macros.conf and savedsearches.conf, and code lenses that run a
detection's tests or explain it on its test data. docs/EDITORS.md tells how
to set up VS Code, Neovim and Helix.

Flags:
`

func cmdLSP(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("lsp", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, lspUsage+fs.FlagUsages()) }
	today := fs.String("today", "", "the date a content date may not be after, YYYY-MM-DD (default: today)")
	dataDir := fs.String("data-dir", "", "local copy of splunk/attack_data, for the lenses' test runs (as spelunk test --data-dir)")
	cacheDir := fs.String("cache-dir", cacheDirDefault(), "folder of downloaded attack data, for the lenses (as spelunk test --cache-dir)")
	fs.Bool("stdio", true, "serve on standard input and output (the only transport; editors pass it)")
	if done, err := parseFlags(fs, args); done {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("lsp takes no arguments")
	}
	self, err := os.Executable()
	if err != nil {
		return usageErr("%v", err)
	}
	opt := lsp.Options{Today: *today, Exec: execSelf(self), Version: versionString(debug.ReadBuildInfo()),
		DataDir: *dataDir, CacheDir: *cacheDir}
	return lsp.Serve(stdin, stdout, opt)
}

// execSelf runs the lenses' commands in a process of their own: a test
// run has its own memory budget and cannot disturb the server.
func execSelf(self string) func(ctx context.Context, args []string, out io.Writer) error {
	return func(ctx context.Context, args []string, out io.Writer) error {
		cmd := exec.CommandContext(ctx, self, args...)
		cmd.Stdout, cmd.Stderr = out, out
		return cmd.Run()
	}
}

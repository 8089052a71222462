// Command spelunk runs Splunk SPL searches and security_content detections
// offline, over raw log files.
//
//	spelunk run   [flags] [QUERY]        run a search (or --detection FILE)
//	spelunk test  [flags] DETECTION...   run detections' tests on their attack data
//	spelunk parse [flags] QUERY|FILE|DIR expand macros and parse, reporting errors
//
// Exit status: 0 on success (also with zero rows), 1 when a search or test
// fails, 2 on bad usage or unreadable input, 3 when --strict finds bad
// records in the data, 4 when the memory budget (--max-memory) is used up.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spelunk-dev/spelunk/spl"
)

// exitError carries an exit status; its message (if any) was already
// printed or is printed by main.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// usageErr is exit status 2: bad usage, or input that cannot be read.
func usageErr(format string, args ...any) error {
	return &exitError{code: 2, msg: fmt.Sprintf(format, args...)}
}

// searchFailed reports a search error already printed.
var searchFailed = &exitError{code: 1}

const usage = `spelunk runs Splunk SPL searches and security_content detections offline.

Usage:
  spelunk run   [flags] [QUERY]          run a search over --data files (or --detection FILE)
  spelunk test  [flags] DETECTION|DIR... run detections' tests against their attack data
  spelunk parse [flags] QUERY|FILE|DIR   expand macros and parse; report errors with positions
  spelunk explain [flags] QUERY          show a search stage by stage, with row counts on --data
  spelunk sql   [flags] QUERY            print a search as SQL for DuckDB, ClickHouse, Spark or Trino
  spelunk hunt  --data PATH... [flags]   run every detection of a repository over a pile of logs
  spelunk index --data PATH... --out DIR index logs once into Parquet files that --data can read
  spelunk drilldown --detection FILE ... run a detection's drilldown searches for one result row
  spelunk validate [PATH...]             check a content repository as contentctl validate does
  spelunk lsp                            serve SPL help to editors (Language Server Protocol over stdio)
  spelunk serve [--addr HOST:PORT]       serve the SPL playground (spelunk in the browser, for learners)
  spelunk help  [FUNCTION|COMMAND]       describe an eval or stats function or a command, with examples
  spelunk version                        print spelunk's version and source revision

Run "spelunk <command> --help" for the flags of a command.
`

func main() {
	hardExit = func(err error) {
		fmt.Fprintf(os.Stderr, "spelunk: %v\n", err)
		os.Exit(4)
	}
	stop := startProfiles()
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is main without the process: tests call it. Data named "-" is read
// from the process's standard input.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	// Every command runs under the default memory budget; --max-memory
	// changes it once the command's flags are read.
	budget = startBudget(defaultMemoryMB()<<20, hardExit)
	defer func() {
		budget.Stop()
		budget = nil
	}()
	var err error
	switch args[0] {
	case "run":
		err = cmdRun(args[1:], stdout, stderr)
	case "test":
		err = cmdTest(args[1:], stdout, stderr)
	case "parse":
		err = cmdParse(args[1:], stdout, stderr)
	case "explain":
		err = cmdExplain(args[1:], stdout, stderr)
	case "sql":
		err = cmdSQL(args[1:], stdout, stderr)
	case "hunt":
		err = cmdHunt(args[1:], stdout, stderr)
	case "index":
		err = cmdIndex(args[1:], stdout, stderr)
	case "drilldown":
		err = cmdDrilldown(args[1:], stdout, stderr)
	case "validate":
		err = cmdValidate(args[1:], stdout, stderr)
	case "serve":
		err = cmdServe(args[1:], stdout, stderr)
	case "help":
		err = cmdHelp(args[1:], stdout, stderr)
	case "lsp":
		err = cmdLSP(args[1:], os.Stdin, stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, versionString(debug.ReadBuildInfo()))
		return 0
	case "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		msg := fmt.Sprintf("unknown command %q", args[0])
		if s := spl.Suggest(args[0], commandNames); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		fmt.Fprintf(stderr, "spelunk: %s\n\n%s", msg, usage)
		return 2
	}
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(stderr, "spelunk: %s\n", ee.msg)
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "spelunk: %v\n", err)
	return 1
}

package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/runner"
)

// newRunner is the runner of a command: notices and the data's problems
// go to stderr (unless cfg has its own Notice), and the memory budget
// interrupts loading and searching.
func newRunner(cfg runner.Config, stderr io.Writer) *runner.Runner {
	if cfg.Notice == nil {
		cfg.Notice = func(s string) { fmt.Fprintf(stderr, "spelunk: notice: %s\n", s) }
	}
	cfg.Problems = func(st ingest.Stats) { reportProblems(stderr, st) }
	// A command's own Interrupt (a progress line ticking) is asked first;
	// the memory budget always.
	if own, mem := cfg.Interrupt, budget.err; own != nil {
		cfg.Interrupt = func() error {
			if err := own(); err != nil {
				return err
			}
			return mem()
		}
	} else {
		cfg.Interrupt = budget.err
	}
	return runner.New(cfg)
}

// failed turns a runner's error into the command's exit status, printing
// a search's errors at their positions: 4 for the memory budget, 3 for
// --strict, 1 for a search that failed, 2 for settings or data that
// cannot be read.
func failed(err error, stderr io.Writer) error {
	var (
		ie *runner.Interrupted
		st *runner.StrictError
		se *runner.SearchError
		ce *runner.ConfigError
		de *runner.DataError
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ie):
		return &exitError{code: 4, msg: ie.Error()}
	case errors.As(err, &st):
		return &exitError{code: 3, msg: st.Error()}
	case errors.As(err, &se):
		fmt.Fprint(stderr, message(se))
		return searchFailed
	case errors.As(err, &ce), errors.As(err, &de):
		return usageErr("%v", err)
	}
	return err
}

// message is an error as spelunk prints it: a search's errors rendered
// at their positions, anything else on a line of its own.
func message(err error) string {
	var se *runner.SearchError
	if errors.As(err, &se) && se.Err == nil {
		return se.Rendered()
	}
	return fmt.Sprintf("spelunk: %v\n", err)
}

// dataOptions are the ingest flags of the commands that read --data.
type dataOptions struct {
	sourcetype, source, host, index string
}

func (o dataOptions) ingest() ingest.Options {
	return ingest.Options{Sourcetype: o.sourcetype, Source: o.source, Host: o.host, Index: o.index}
}

func loadTZ(name string) (*time.Location, error) {
	if name == "" || name == "UTC" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, usageErr("--tz %s: %v (use an IANA name such as Europe/Paris)", name, err)
	}
	return loc, nil
}

// relName shortens a path for messages.
func relName(path string) string { return runner.RelName(path) }

func quantity(n int, word string) string { return runner.Quantity(n, word) }

// parseFlags parses a command's flags; done is true when the command
// should stop there: after --help (err nil) or on a bad flag (a usage
// error).
func parseFlags(fs *pflag.FlagSet, args []string) (done bool, err error) {
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return true, nil
		}
		return true, usageErr("%s", flagSuggestion(fs, err))
	}
	return false, nil
}

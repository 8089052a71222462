package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/content/validate"
)

const validateUsage = `Usage: spelunk validate [flags] [PATH...]

Checks a security_content-style repository as contentctl validate does,
offline: detections, stories, macros, lookups and data sources against
contentctl's rules, plus each search expanded with the repository's
macros and parsed, the macros and lookups it calls, and tstats required
fields against the CIM. PATH is a repository root (the default: the one
holding the current folder), a folder in it, or YAML files; the whole
repository is read, and problems of files under PATH are printed as
file:line:col: severity: message [rule].

Exit status 1 if any error is found (warnings do not fail), 2 on bad
usage or an unreadable repository.

Flags:
`

func cmdValidate(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("validate", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, validateUsage+fs.FlagUsages()) }
	format := fs.String("format", "text", "output format: text, or json (an array of {file,line,col,severity,rule,message})")
	today := fs.String("today", "", "the date a content date may not be after, YYYY-MM-DD (default: today)")
	if done, err := parseFlags(fs, args); done {
		return err
	}
	if *format != "text" && *format != "json" {
		return usageErr("--format %s: use text or json", *format)
	}
	wd, err := os.Getwd()
	if err != nil {
		return usageErr("%v", err)
	}
	rep, err := validate.Run(fs.Args(), validate.Options{Today: *today, RelTo: wd})
	if err != nil {
		return usageErr("%v", err)
	}
	if *format == "json" {
		err = rep.WriteJSON(stdout)
	} else {
		err = rep.WriteText(stdout)
	}
	if err != nil {
		return err
	}
	if *format == "text" {
		fmt.Fprintf(stderr, "%d errors, %d warnings in %d detections, %d macros, %d lookups, %d stories, %d data sources\n",
			rep.Errors(), len(rep.Problems)-rep.Errors(), rep.Files["detections"], rep.Files["macros"],
			rep.Files["lookups"], rep.Files["stories"], rep.Files["data_sources"])
	}
	if rep.Errors() > 0 {
		return searchFailed
	}
	return nil
}

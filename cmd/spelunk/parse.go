package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/content"
)

const parseUsage = `Usage: spelunk parse [flags] QUERY|FILE.yml|DIR...

Expands macros and parses each search, printing every error with its
line:col, the source line and a caret. Exit status 1 if any search fails.

Flags:
`

func cmdParse(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("parse", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, parseUsage+fs.FlagUsages()) }
	macroPaths := fs.StringArray("macros", nil, "macros: a security_content repo root, its macros/ folder, or a macros.conf (repeatable)")
	printTree := fs.Bool("print", false, "print each parsed search in canonical form")
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return nil
		}
		return usageErr("%v", err)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageErr("nothing to parse")
	}
	type item struct{ name, search, detection string }
	var items []item
	for _, a := range fs.Args() {
		st, err := os.Stat(a)
		switch {
		case err == nil:
			files := []string{a}
			if st.IsDir() {
				if files, err = content.FindDetections([]string{a}); err != nil {
					return inputErr("%v", err)
				}
			}
			for _, f := range files {
				d, err := content.LoadDetection(f)
				if err != nil {
					return inputErr("%v", err)
				}
				items = append(items, item{name: relName(f), search: d.Search, detection: f})
			}
		case strings.HasSuffix(a, ".yml") || strings.HasSuffix(a, ".yaml"):
			return inputErr("%v", err)
		default:
			items = append(items, item{search: a})
		}
	}
	failed := 0
	for _, it := range items {
		set, err := loadMacros(macrosFor(*macroPaths, it.detection))
		if err != nil {
			return err
		}
		p, err := prepare(it.name, it.search, set, stderr)
		if err != nil {
			failed++
			continue
		}
		if *printTree {
			fmt.Fprintln(stdout, p.pipe.String())
		} else if it.name != "" {
			fmt.Fprintf(stdout, "ok %s\n", it.name)
		} else {
			fmt.Fprintln(stdout, "ok")
		}
	}
	if len(items) > 1 {
		fmt.Fprintf(stdout, "%d searches, %d parsed, %d failed\n", len(items), len(items)-failed, failed)
	}
	if failed > 0 {
		return searchFailed
	}
	return nil
}

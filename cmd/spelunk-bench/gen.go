package main

import (
	"fmt"
	"os"

	"github.com/spelunk-dev/spelunk/internal/benchgen"
)

func cmdGen(args []string) error {
	fs := newFlags("gen")
	n := fs.Int("n", 200000, "events")
	seed := fs.Uint64("seed", 1, "random seed")
	format := fs.String("format", "xml", "xml (Sysmon XmlWinEventLog) or json (CrowdStrike ProcessRollup2)")
	out := fs.String("o", "-", "output file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	opt := benchgen.Options{Events: *n, Seed: *seed}
	switch *format {
	case "xml":
		opt.Format = benchgen.SysmonXML
	case "json":
		opt.Format = benchgen.CrowdStrikeJSON
	default:
		return fmt.Errorf("-format %s: use xml or json", *format)
	}
	w := os.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	return benchgen.Generate(w, opt)
}

package main

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/parsereport"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/spl"
)

// TestParseCorpus is the acceptance test over security_content: every
// detection search and every drilldown search expands and parses,
// printing and parsing again gives the same tree, and every command that does not run offline fails at run time
// with "not supported yet" at its position.
func TestParseCorpus(t *testing.T) {
	root := os.Getenv("SPELUNK_CORPUS")
	if root == "" {
		t.Skip("SPELUNK_CORPUS not set; skipping the security_content parse test")
	}
	inputs, err := parsereport.Inputs([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := parsereport.Parse(runner.New(runner.Config{}), inputs)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Unreadable) > 0 {
		t.Errorf("unreadable detection files: %v", rep.Unreadable)
	}
	counts := rep.Tallies()
	if d := counts["detection"]; d == nil || d.Searches != rep.Files {
		t.Errorf("%d files but detection searches %+v", rep.Files, d)
	}
	if counts["drilldown"] == nil {
		t.Fatalf("no drilldown searches found")
	}
	ignoreSpans := cmpopts.IgnoreTypes(spl.Loc{})
	first := map[string]spl.Command{} // one parsed node per command name
	for _, r := range rep.Results {
		if !r.OK() {
			for _, e := range r.Errors {
				t.Errorf("%s", spl.Render(r.File, r.Source, e))
			}
			continue
		}
		s1 := r.Pipe.String()
		p2, err := spl.Parse(s1)
		if err != nil {
			t.Errorf("%s: canonical form does not parse: %v\n  %s", r.Label(), err, s1)
			continue
		}
		if diff := cmp.Diff(r.Pipe, p2, ignoreSpans); diff != "" {
			t.Errorf("%s: tree changed after print and parse (-first +second):\n%s", r.Label(), diff)
			continue
		}
		if s2 := p2.String(); s2 != s1 {
			t.Errorf("%s: printing is not stable:\n  %s\n  %s", r.Label(), s1, s2)
		}
		for _, c := range spl.PipelineCommands(r.Pipe) {
			if _, ok := first[c.CommandName()]; !ok {
				first[c.CommandName()] = c
			}
		}
	}
	t.Logf("%d files; detection searches %+v; drilldown searches %+v", rep.Files, *counts["detection"], *counts["drilldown"])

	// Every command found either runs or says at run time, at its
	// position, that it is not supported yet.
	store, err := store.New()
	if err != nil {
		t.Fatal(err)
	}
	for name, cmd := range first {
		if engine.Executable(name) {
			continue
		}
		spec, _ := spl.LookupCommand(name)
		p := &spl.Pipeline{Commands: []spl.Command{&spl.SearchCommand{}, cmd}}
		if spec.Generating {
			p.Commands = p.Commands[1:]
		}
		_, err := engine.Run(t.Context(), p, store, engine.Options{})
		se, ok := err.(*spl.Error)
		if !ok || !strings.Contains(se.Msg, `command "`+name+`" is not supported yet`) || se.Pos != cmd.Span().Start {
			t.Errorf("%s does not run offline, but running it gave %v", name, err)
		}
	}
}

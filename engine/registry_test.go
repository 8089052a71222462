package engine

import (
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// TestEveryCommandRunsOrSaysSo checks the contract between the parser's
// registry and the engine's: a command either has a builder, or running
// it fails with a "not supported yet" error naming it at its position,
// never silently.
func TestEveryCommandRunsOrSaysSo(t *testing.T) {
	for _, spec := range spl.Commands() {
		if Executable(spec.Name) {
			continue
		}
		cmd := &fakeCommand{name: spec.Name, Loc: spl.Loc{Start: 4, End: 9}}
		var p *spl.Pipeline
		if spec.Generating {
			p = &spl.Pipeline{Commands: []spl.Command{cmd}}
		} else {
			p = &spl.Pipeline{Commands: []spl.Command{&spl.SearchCommand{}, cmd}}
		}
		_, err := Run(t.Context(), p, &memSource{events: []value.Fields{row("_raw", "x")}}, Options{})
		if err == nil || !strings.Contains(err.Error(), spec.Name) || !strings.Contains(err.Error(), "not supported yet") {
			t.Errorf("command %s has no builder, and running it gave %v", spec.Name, err)
			continue
		}
		if se, ok := err.(*spl.Error); !ok || se.Pos != 4 {
			t.Errorf("command %s: the error is not positioned on the command: %#v", spec.Name, err)
		}
	}
}

type fakeCommand struct {
	spl.Loc
	name string
}

func (f *fakeCommand) CommandName() string { return f.name }
func (f *fakeCommand) String() string      { return f.name }

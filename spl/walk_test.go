package spl_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/spl"
)

func TestWalk(t *testing.T) {
	p, err := spl.Parse(`a [search b | eval x=lower(y) | table x] | search c [| summary m] | where len(z) > 1 AND like(u, "%v")`)
	if err != nil {
		t.Fatal(err)
	}
	var cmds, funcs []string
	spl.Walk(p, func(n spl.Node) bool {
		switch n := n.(type) {
		case spl.Command:
			cmds = append(cmds, n.CommandName())
		case *spl.CallExpr:
			funcs = append(funcs, n.Name)
		}
		return true
	})
	wantCmds := []string{"search", "search", "eval", "table", "search", "summary", "where"}
	if diff := cmp.Diff(wantCmds, cmds); diff != "" {
		t.Errorf("commands (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"lower", "len", "like"}, funcs); diff != "" {
		t.Errorf("functions (-want +got):\n%s", diff)
	}
	var names []string
	for _, c := range spl.PipelineCommands(p) {
		names = append(names, c.CommandName())
	}
	if diff := cmp.Diff(wantCmds, names); diff != "" {
		t.Errorf("PipelineCommands (-want +got):\n%s", diff)
	}
}

// TestWalkSkip checks that returning false skips a node's children.
func TestWalkSkip(t *testing.T) {
	p, err := spl.Parse(`a [search b | table x] | table y`)
	if err != nil {
		t.Fatal(err)
	}
	var cmds []string
	spl.Walk(p, func(n spl.Node) bool {
		if c, ok := n.(spl.Command); ok {
			cmds = append(cmds, c.CommandName())
			return false
		}
		return true
	})
	if diff := cmp.Diff([]string{"search", "table"}, cmds); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

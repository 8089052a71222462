// Package spl parses Splunk's Search Processing Language into an AST.
//
// The package owns tokens, spans, the AST, parsing and the canonical printer.
// It never imports the engine: tools that only need syntax (macro
// expansion, linting, `spelunk parse`) use it alone.
//
// Every node records its span (byte offsets into the parsed text) and
// prints itself in a canonical form with String(); parsing that form again
// gives the same tree (tested as an invariant).
package spl

import (
	"strings"
)

// Loc is a node's span: byte offsets [Start, End) into the parsed text.
type Loc struct {
	Start, End int
}

// Span returns the node's location.
func (l Loc) Span() Loc { return l }

// Node is anything in the AST.
type Node interface {
	Span() Loc
	String() string
}

// Command is one stage of a pipeline. Each command type lives in its own
// file (cmd_<name>.go) with its parser and printer, and is found through
// the registry in commands.go.
type Command interface {
	Node
	// CommandName is the canonical (registry) name: "tstats", "search".
	CommandName() string
}

// Pipeline is a search: commands joined by "|".
type Pipeline struct {
	Loc
	Commands []Command
}

func (p *Pipeline) String() string {
	var b strings.Builder
	for i, c := range p.Commands {
		s := c.String()
		switch {
		case i == 0 && c.CommandName() == "search":
			// The first search is implied; print only its terms (a
			// search without terms keeps its name).
			s = strings.TrimPrefix(s, "search ")
		case i == 0:
			b.WriteString("| ")
		default:
			b.WriteString(" | ")
		}
		b.WriteString(s)
	}
	return b.String()
}

// Subsearch is a bracketed search: [search ...] or [| inputlookup ...].
type Subsearch struct {
	Loc
	Pipeline *Pipeline
}

func (s *Subsearch) String() string {
	inner := s.Pipeline.String()
	// A first search without terms already prints as "search".
	if cs := s.Pipeline.Commands; len(cs) > 0 && cs[0].CommandName() == "search" && !isBareSearch(cs[0]) {
		inner = "search " + inner
	}
	return "[" + inner + "]"
}

// Option is a key=value argument such as summariesonly=false.
type Option struct {
	Loc
	Key   string
	Value string // unquoted
}

func (o Option) String() string { return o.Key + "=" + word(o.Value) }

// optionString prints a list of options separated by spaces.
func optionsString(opts []Option) string {
	parts := make([]string, len(opts))
	for i, o := range opts {
		parts[i] = o.String()
	}
	return strings.Join(parts, " ")
}

// FieldName is a field reference in a command's argument list; it may hold
// `*` wildcards where the command allows them.
type FieldName struct {
	Loc
	Name string
}

func (f FieldName) String() string { return word(f.Name) }

func fieldNamesString(fs []FieldName, sep string) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.String()
	}
	return strings.Join(parts, sep)
}

// isBareSearch reports whether c is a search command without terms.
func isBareSearch(c Command) bool {
	sc, ok := c.(*SearchCommand)
	return ok && sc.Expr == nil
}

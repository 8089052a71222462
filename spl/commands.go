package spl

import (
	"sort"
	"strings"
)

// CommandSpec describes one SPL command: how to parse it and what it is.
// Each cmd_<name>.go registers its spec in init, so adding a command never
// touches a central switch.
type CommandSpec struct {
	Name    string
	Aliases []string
	// Generating commands produce results from nothing (tstats,
	// makeresults, inputlookup) and must come first, after a leading "|".
	Generating bool
	// Appends is true for a generating command that may also follow
	// another with append=true (tstats); its parser checks the option.
	Appends bool
	// Parse reads the command's arguments; the name is already consumed.
	Parse func(p *cmdParser) (Command, error)
	// Syntax is the one-line usage shown in help and errors.
	Syntax string
	// Doc is a one-line description.
	Doc string
}

var registry = map[string]*CommandSpec{}

// register adds a command. It panics on duplicates: a programming error.
func register(spec *CommandSpec) {
	for _, n := range append([]string{spec.Name}, spec.Aliases...) {
		k := strings.ToLower(n)
		if _, dup := registry[k]; dup {
			panic("BUG: command registered twice: " + n)
		}
		registry[k] = spec
	}
}

// lookupCommand finds a command by name or alias, ignoring case.
func lookupCommand(name string) *CommandSpec {
	return registry[strings.ToLower(name)]
}

// LookupCommand returns the spec of a command by name or alias.
func LookupCommand(name string) (*CommandSpec, bool) {
	s := lookupCommand(name)
	return s, s != nil
}

// Commands lists every registered command once, sorted by name.
func Commands() []*CommandSpec {
	seen := map[*CommandSpec]bool{}
	var out []*CommandSpec
	for _, s := range registry {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// CommandNames lists every name and alias, for suggestions.
func CommandNames() []string {
	out := make([]string, 0, len(registry))
	for k := range registry {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

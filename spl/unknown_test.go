package spl

import (
	"strings"
	"testing"
)

func TestUnknownCommandHint(t *testing.T) {
	cases := []struct{ in, hint string }{
		{`* | stast count by host`, `did you mean "stats"?`},
		{`* | evl x=1`, `did you mean "eval"?`},
		{`* | tabel a b`, `did you mean "table"?`},
		{`* | tranpose`, `did you mean "transpose"?`},
		{`* | eventstat count`, `did you mean "eventstats"?`},
		{`* | inputlokup x`, `did you mean "inputlookup"?`},
		{`* | xyseres a b c`, `did you mean "xyseries"?`},
		// Far from every name: no guess.
		{`* | foobar x`, ``},
		{`* | frobnicate x`, ``},
		{`* | tables a`, `did you mean "table"?`},
	}
	// Documented by Splunk, not implemented here: said so, no guess (a
	// command none registers, written with a capital).
	if name := unregisteredSplunkCommand(); name != "" {
		cases = append(cases, struct{ in, hint string }{`* | ` + strings.ToUpper(name[:1]) + name[1:] + ` x`,
			name + ` is a Splunk command that spelunk does not implement yet (Search Reference: ` + searchReference + name + `)`})
	}
	for _, tc := range cases {
		_, err := Parse(tc.in)
		errs := AsErrors(err)
		if len(errs) != 1 || !strings.HasPrefix(errs[0].Msg, "unknown command ") {
			t.Errorf("Parse(%q) = %v, want an unknown command error", tc.in, err)
			continue
		}
		if errs[0].Hint != tc.hint {
			t.Errorf("Parse(%q) hint = %q, want %q", tc.in, errs[0].Hint, tc.hint)
		}
	}
}

func TestSuggestCommandThreshold(t *testing.T) {
	names := []string{"table", "stats", "tstats", "eval", "head", "sort"}
	cases := []struct{ word, want string }{
		{"untable", ""}, // two edits from table: a different word, not a typo
		{"stast", "stats"},
		{"tstast", "tstats"},
		{"hed", "head"},
		{"st", ""},
		{"sorted", ""},
	}
	for _, tc := range cases {
		if got := suggestCommand(tc.word, names); got != tc.want {
			t.Errorf("suggestCommand(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

// TestLiveCommandsKnown checks that the commands needing a live Splunk
// are registered (so they are never "unknown") and are Search Reference
// commands.
func TestLiveCommandsKnown(t *testing.T) {
	for _, lc := range liveCommands {
		for _, n := range append([]string{lc.name}, lc.aliases...) {
			if lookupCommand(n) == nil {
				t.Errorf("%s is not registered", n)
			}
			if !splunkCommands[n] {
				t.Errorf("%s is not in the Search Reference list", n)
			}
		}
	}
	for _, n := range []string{"rest", "dbinspect", "loadjob", "savedsearch", "sendemail", "mcollect", "mpreview", "walklex", "history", "audit", "datamodelsimple", "runshellscript", "script", "sendalert"} {
		if _, err := Parse("| makeresults | append [| " + n + " x=1]"); err != nil && strings.Contains(err.Error(), "unknown command") {
			t.Errorf("%s: %v", n, err)
		}
	}
}

// unregisteredSplunkCommand is the first Search Reference command, in
// name order, that is not registered; "" when all are.
func unregisteredSplunkCommand() string {
	var names []string
	for n := range splunkCommands {
		if lookupCommand(n) == nil {
			names = append(names, n)
		}
	}
	sortStrings(names)
	if len(names) == 0 {
		return ""
	}
	return names[0]
}

//go:build extcorpus

package spl_test

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/spl"
)

// TestExternalParseRate measures the share of a local set of public SPL
// queries, written by others, that spelunk parses, and lists the most
// frequent failures. The set is not part of the repository: point
// SPELUNK_EXTCORPUS at a JSON array of {"source","query"} objects and run
//
//	go test -tags extcorpus -run TestExternalParseRate -v ./spl
//
// Macros are unknown here: a `macro` after a pipe becomes "search *", and
// elsewhere "*", so that only the SPL around them is judged. Queries whose
// only errors are unknown commands that Splunk does not document either
// (custom commands of add-ons) are counted apart, as not SPL of Splunk's.
func TestExternalParseRate(t *testing.T) {
	path := os.Getenv("SPELUNK_EXTCORPUS")
	if path == "" {
		t.Skip("SPELUNK_EXTCORPUS is not set")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var qs []struct{ Source, Query string }
	if err := json.Unmarshal(data, &qs); err != nil {
		t.Fatal(err)
	}
	pipeMacro := regexp.MustCompile("\\|\\s*`[^`]*`")
	macro := regexp.MustCompile("`[^`]*`")
	unknown := regexp.MustCompile(`^unknown command "([^"]*)"`)
	type tally struct{ ok, custom, total int }
	bySource := map[string]*tally{}
	failures := map[string][]string{}
	var all tally
	for _, q := range qs {
		src := strings.SplitN(q.Source, "/", 2)[0]
		if bySource[src] == nil {
			bySource[src] = &tally{}
		}
		s := placeMacros(q.Query, pipeMacro, macro)
		_, err := spl.Parse(s)
		tl := bySource[src]
		tl.total++
		all.total++
		if err == nil {
			tl.ok++
			all.ok++
			continue
		}
		custom := true
		var keys []string
		for _, e := range spl.AsErrors(err) {
			m := unknown.FindStringSubmatch(e.Msg)
			if m == nil || strings.Contains(e.Hint, "Splunk command") {
				custom = false
			}
			keys = append(keys, failureKey(e))
			if show := os.Getenv("SPELUNK_EXTCORPUS_SHOW"); show != "" && strings.Contains(e.Msg, show) {
				t.Logf("%s: ...%s<<<HERE>>>%s...", e.Msg, s[max(0, e.Pos-80):e.Pos], s[e.Pos:min(len(s), e.Pos+40)])
			}
		}
		if custom {
			tl.custom++
			all.custom++
			continue
		}
		for _, k := range keys {
			failures[k] = append(failures[k], s)
		}
	}
	report := func(name string, tl *tally) {
		valid := tl.total - tl.custom
		t.Logf("%-20s %4d/%4d parsed (%.1f%%), %d with custom commands only", name, tl.ok, valid, 100*float64(tl.ok)/float64(max(valid, 1)), tl.custom)
	}
	var srcs []string
	for s := range bySource {
		srcs = append(srcs, s)
	}
	sort.Strings(srcs)
	for _, s := range srcs {
		report(s, bySource[s])
	}
	report("ALL", &all)
	var keys []string
	for k := range failures {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(failures[keys[i]]) != len(failures[keys[j]]) {
			return len(failures[keys[i]]) > len(failures[keys[j]])
		}
		return keys[i] < keys[j]
	})
	for i, k := range keys {
		if i == 60 {
			break
		}
		ex := failures[k][0]
		if len(ex) > 160 {
			ex = ex[:160] + "..."
		}
		t.Logf("%4d  %s\n        e.g. %s", len(failures[k]), k, strings.ReplaceAll(ex, "\n", " "))
	}
}

// failureKey groups errors by message with quoted values kept short.
func failureKey(e *spl.Error) string {
	msg := e.Error()
	if len(msg) > 140 {
		msg = msg[:140]
	}
	return fmt.Sprint(msg)
}

// placeMacros replaces macro calls outside ```comments```: after a pipe
// by "search *", inside eval by a string, inside where by nothing (a
// filter macro there adds conditions), elsewhere by "*".
func placeMacros(q string, pipeMacro, macro *regexp.Regexp) string {
	parts := strings.Split(q, "```")
	for i := 0; i < len(parts); i += 2 {
		s := pipeMacro.ReplaceAllString(parts[i], "| search *")
		var b strings.Builder
		last := 0
		for _, m := range macro.FindAllStringIndex(s, -1) {
			b.WriteString(s[last:m[0]])
			cmd := s[:m[0]]
			if k := strings.LastIndexByte(cmd, '|'); k >= 0 {
				cmd = cmd[k+1:]
			}
			switch f := strings.Fields(cmd); {
			case len(f) > 0 && f[0] == "eval":
				b.WriteString(`"macro"`)
			case len(f) > 0 && f[0] == "where":
			default:
				b.WriteString("*")
			}
			last = m[1]
		}
		b.WriteString(s[last:])
		parts[i] = b.String()
	}
	return strings.Join(parts, "```")
}

package pcre

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"
)

// FuzzRegex compiles arbitrary patterns and runs every matching method on
// arbitrary subjects: compiling may fail and a backtracking match may time
// out, but nothing panics, offsets stay inside the subject, each group's
// text is the subject between its offsets, and the methods agree on
// whether there is a match. Seeds are in testdata/fuzz/FuzzRegex and below.
func FuzzRegex(f *testing.F) {
	for _, s := range []struct{ pattern, subject string }{
		{`^\d+`, "123abc"},
		{`^\d+$`, "42\n"},
		{`(?<user>\w+)@(?<dom>\S+)`, "mail alice@example.com now"},
		{`^(?:..*\\)?([^\s"]+)(?=\s|$).*`, `C:\Windows\cmd.exe /c whoami`},
		{`(a)\1`, "xaay"},
		{`\x{202E}`, "a\u202eb"},
		{`a++b`, "aaab"},
		{`(?i)(?<![a-z])powershell(?:\.exe)?\s+-enc`, "PowerShell.exe -enc AAA"},
		{`(a+)+$`, strings.Repeat("a", 25) + "b"},
		{`(?m)^x$`, "a\nx\nb"},
		{`[[:alpha:]]+\Q.*\E`, "abc.*"},
		{`(?=(\w))`, "ab"},
		{`\b`, ""},
		{`(?:)`, "\xff\xfe"},
		{`(x)?y`, "y"},
		{`\K`, "a"},
		{`(?P<a>.)(?P=a)`, "bb"},
	} {
		f.Add(s.pattern, s.subject)
	}
	f.Fuzz(func(t *testing.T, pattern, subject string) {
		if fuzzing() {
			// A hang is a failure too: crash the worker so the fuzzer
			// keeps the input. Only while fuzzing, never in go test.
			w := time.AfterFunc(20*time.Second, func() { panic(fmt.Sprintf("hang: pattern %q, subject %q", pattern, subject)) })
			defer w.Stop()
		}
		r, err := CompileTimeout(pattern, 50*time.Millisecond)
		if err != nil {
			return
		}
		if r.String() != pattern {
			t.Fatalf("String() = %q, want %q", r.String(), pattern)
		}
		ok, err := r.MatchString(subject)
		if err != nil {
			checkTimeout(t, err)
			return
		}
		ms, err := r.Matches(subject, 0)
		if err != nil {
			checkTimeout(t, err)
			return
		}
		if ok != (len(ms) > 0) {
			t.Fatalf("%q on %q: MatchString %v but %d matches", pattern, subject, ok, len(ms))
		}
		for _, m := range ms {
			if len(m.Texts) != len(r.Names()) || len(m.Present) != len(m.Texts) || len(m.Index) != 2*len(m.Texts) {
				t.Fatalf("%q: match %+v does not have %d groups", pattern, m, len(r.Names()))
			}
			for g := range m.Texts {
				lo, hi := m.Index[2*g], m.Index[2*g+1]
				if !m.Present[g] {
					continue
				}
				if lo < 0 || lo > hi || hi > len(subject) {
					t.Fatalf("%q on %q: group %d at [%d,%d)", pattern, subject, g, lo, hi)
				}
				if subject[lo:hi] != m.Texts[g] {
					t.Fatalf("%q on %q: group %d text %q, subject has %q there", pattern, subject, g, m.Texts[g], subject[lo:hi])
				}
			}
		}
		texts, _, err := r.Submatches(subject)
		if err != nil {
			checkTimeout(t, err)
			return
		}
		if (texts != nil) != ok {
			t.Fatalf("%q on %q: Submatches %q but MatchString %v", pattern, subject, texts, ok)
		}
		all, _, err := r.AllSubmatches(subject, 3)
		if err != nil {
			checkTimeout(t, err)
			return
		}
		if len(all) > 3 || len(all) > len(ms) {
			t.Fatalf("%q on %q: %d matches with n=3, %d in all", pattern, subject, len(all), len(ms))
		}
		out, err := r.ReplaceAll(subject, `<\1>`)
		if err != nil {
			checkTimeout(t, err)
			return
		}
		if !ok && out != subject {
			t.Fatalf("%q on %q: no match, but ReplaceAll gave %q", pattern, subject, out)
		}
		if _, err := r.Replace(subject, `\0\\`, 2); err != nil {
			checkTimeout(t, err)
		}
	})
}

// fuzzing reports whether the test binary runs the fuzzer (-test.fuzz).
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}

func checkTimeout(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("unexpected match error %v (only timeouts may fail a match)", err)
	}
}

package pcre

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEngines(t *testing.T) {
	cases := []struct {
		pattern  string
		fallback bool // needs the backtracking engine
	}{
		{`^\d+`, false},
		{`^\d+$`, true}, // PCRE's $ also matches before a final newline
		{`(?<user>\w+)@(?<dom>\S+)`, false},
		{`^(?:..*\\)?([^\s"]+)(?=\s|$).*`, true}, // lookahead
		{`(a)\1`, true},                          // back reference
		{`\x{202E}`, false},
		{`a++`, true},
	}
	for _, tc := range cases {
		r, err := Compile(tc.pattern)
		if err != nil {
			t.Fatalf("Compile(%q): %v", tc.pattern, err)
		}
		if got := r.re == nil; got != tc.fallback {
			t.Errorf("%q: fallback = %v, want %v", tc.pattern, got, tc.fallback)
		}
	}
}

func TestPCRESemantics(t *testing.T) {
	m := func(p, s string) bool {
		r, err := Compile(p)
		if err != nil {
			t.Fatalf("Compile(%q): %v", p, err)
		}
		ok, err := r.MatchString(s)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !m(`foo$`, "foo\n") {
		t.Error(`PCRE "foo$" should match before a final newline`)
	}
	if !m(`\x{202E}`, "a\u202Eb") {
		t.Error(`\x{202E} should match U+202E`)
	}
	if m(`^(?:..*\\)?([^\s"]+)(?=\s|$)`, `"cmd.exe" /c`) {
		t.Error("lookahead pattern matched a quoted program")
	}
}

func TestReplaceAll(t *testing.T) {
	cases := []struct{ pattern, in, repl, want string }{
		// Search Reference, replace(): swap month and day.
		{`^(\d{1,2})/(\d{1,2})/`, "4/30/2021", `\2/\1/`, "30/4/2021"},
		{`^.*\\`, `C:\Windows\System32\cmd.exe`, "", "cmd.exe"},
		{`(?<=a)b`, "abab", "X", "aXaX"}, // fallback engine
		{`o`, "foo", `\\`, `f\\`},
	}
	for _, tc := range cases {
		r, err := Compile(tc.pattern)
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.ReplaceAll(tc.in, tc.repl)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("replace(%q, %q, %q) = %q, want %q", tc.in, tc.pattern, tc.repl, got, tc.want)
		}
	}
}

func TestSubmatches(t *testing.T) {
	for _, p := range []string{`(?<a>x)|(?<b>y)`, `(?<a>x)|(?<b>y)(?=z)`} {
		r := MustCompile(p)
		texts, present, err := r.Submatches("yz")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"", "a", "b"}, r.Names()); diff != "" {
			t.Errorf("%s names (-want +got):\n%s", p, diff)
		}
		if diff := cmp.Diff([]bool{true, false, true}, present); diff != "" {
			t.Errorf("%s present (-want +got):\n%s", p, diff)
		}
		if texts[2] != "y" {
			t.Errorf("%s: group b = %q", p, texts[2])
		}
	}
}

// TestPCREOnFallback checks the fallback engine's PCRE behaviour: ASCII
// character classes, (?P<name>) groups, $ before a final newline, and the
// \x{...} escape of the corpus's RTLO detection.
func TestPCREOnFallback(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{`(?<=a)\d`, "a٣", false}, // Arabic-Indic digit: \d is ASCII in PCRE
		{`(?<=a)\d`, "a3", true},
		{`(?<=x)(?P<n>\w+)$`, "xabc\n", true},
		{`(?<=x)abc$`, "xabc\nd", false},
		{`(?m)(?<=x)abc$`, "xabc\nd", true},
		{`(?<!\/)\b\w+(\.\w+)?:\w+(\.\w+)?$`, `C:\temp\file.txt:stream.exe`, true},
		{`\x{202E}(?=.)`, "a\u202Eb", true},
		{`[$](?=1)`, "$1", true},
	}
	for _, tc := range cases {
		r, err := Compile(tc.pattern)
		if err != nil {
			t.Fatalf("Compile(%q): %v", tc.pattern, err)
		}
		got, err := r.MatchString(tc.s)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%q on %q = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

func TestReplaceNth(t *testing.T) {
	r := MustCompile(`o`)
	got, err := r.Replace("foo boo", "0", 2)
	if err != nil || got != "fo0 boo" {
		t.Errorf("Replace nth 2 = %q, %v", got, err)
	}
}

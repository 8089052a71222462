package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spelunk-dev/spelunk/spl"
)

// oldFoldMatch is the path the in-place matching replaced: the value
// lower-cased by strings.ToLower, then compared with the folded parts.
func oldFoldMatch(p *pattern, s string) bool {
	return p.matchesFolded(strings.ToLower(s))
}

// foldCases are patterns and values whose answers follow from Splunk's
// case-insensitive field=value matching with * as any run of characters
// (Search Reference, search; docs/SEMANTICS.md).
var foldCases = []struct {
	pat, val string
	want     bool
}{
	{"cmd.exe", "CMD.EXE", true},
	{"cmd.exe", "cmd.exe", true},
	{"cmd.exe", "cmd.ex", false},
	{"CmD.eXe", "cMd.ExE", true},
	{`*\cmlua.dll`, `C:\Windows\System32\CMLUA.DLL`, true},
	{`*\cmlua.dll`, `C:\Windows\System32\CMLUA.DLX`, false},
	{"powershell*", "PowerShell.exe -enc AAAA", true},
	{"powershell*", "xPowerShell.exe", false},
	{"*-EncodedCommand*", "powershell -encodedcommand ZQBj", true},
	{"*-EncodedCommand*", "powershell -encoded command", false},
	{"*a*b*", "xAyBz", true},
	{"*a*b*", "xByAz", false},
	{"a*b", "AB", true},
	{"a*b", "AxxB", true},
	{"a*b", "ABx", false},
	{"*", "", true},
	{"*", "ANYTHING", true},
	{"", "", true},
	{"", "a", false},
	{"a", "", false},
	{"*x", "", false},
	{"é*", "ÉCOLE", true}, // Unicode case rules, as strings.ToLower has them
	{"*école", "L'ÉCOLE", true},
	{"k", "\u212a", true}, // KELVIN SIGN lower-cases to k
	{"straße", "STRASSE", false},
	{"*\xff*", "a\xffb", true},
}

// TestFoldMatchAgainstOldPath checks each way a case-insensitive value is
// matched (a pattern, an IN list folded once, in place for long ASCII)
// against the documented answer and the old lower-cased copy's.
func TestFoldMatchAgainstOldPath(t *testing.T) {
	// A long filler keeps the answer: it sits where a * matches it, or
	// makes both sides of a value and pattern longer by the same text.
	filler := strings.Repeat("Ab-", foldBuf/3+10)
	for _, c := range foldCases {
		vals := []struct {
			pat, val string
		}{{c.pat, c.val}, {filler + c.pat, filler + c.val}, {c.pat + filler, c.val + filler}}
		for _, v := range vals {
			p := compilePattern(spl.SearchValue{Text: v.pat})
			set := newPatternSet([]*pattern{compilePattern(spl.SearchValue{Text: "\x00never"}), p})
			got := map[string]bool{
				"old":     oldFoldMatch(p, v.val),
				"matches": p.matches(v.val),
				"set":     set.matches(v.val),
			}
			if isASCII(v.val) {
				got["inplace"] = p.matchesFoldASCII(v.val)
			}
			want := map[string]bool{}
			for k := range got {
				want[k] = c.want
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("%q on %q (%d bytes) (-want +got):\n%s", c.pat, c.val, len(v.val), d)
			}
		}
	}
}

// TestIndexFoldASCII checks the in-place search against strings.Index on
// a lower-cased copy.
func TestIndexFoldASCII(t *testing.T) {
	cases := []struct{ s, lower string }{
		{"", ""}, {"", "a"}, {"abc", ""}, {"ABC", "abc"}, {"xAbC", "bc"},
		{"eeeeeeeeeeX", "ex"}, {"EEEEEEEEEEx", "ex"}, {"eEeEeEx", "eex"},
		{"aaaa", "aaaaa"}, {"-.-.-", ".-"}, {"zzzZ", "z"}, {"12a3", "3"},
		{strings.Repeat("Ee", 600) + "X", "eex"}, {strings.Repeat("e", 600), "ex"},
	}
	for _, c := range cases {
		if got, want := IndexFoldASCII(c.s, c.lower), strings.Index(strings.ToLower(c.s), c.lower); got != want {
			t.Errorf("IndexFoldASCII(%.20q, %q) = %d, strings.Index on the folded copy %d", c.s, c.lower, got, want)
		}
	}
}

// FuzzFoldMatch compares the matching of a case-insensitive pattern
// against the lower-cased copy's, for short and long values.
func FuzzFoldMatch(f *testing.F) {
	for _, c := range foldCases {
		f.Add(c.pat, c.val, false)
		f.Add(c.pat, c.val, true)
	}
	f.Fuzz(func(t *testing.T, pat, val string, long bool) {
		p := compilePattern(spl.SearchValue{Text: pat})
		if p.hasPrefix {
			return // a CIDR block matches addresses, not text
		}
		if long {
			val = strings.Repeat("aB", foldBuf) + val
			pat = "*" + pat
			p = compilePattern(spl.SearchValue{Text: pat})
		}
		want := oldFoldMatch(p, val)
		other := compilePattern(spl.SearchValue{Text: "\x00"})
		set := newPatternSet([]*pattern{other, p})
		if got := p.matches(val); got != want {
			t.Fatalf("%q on %q: matches %v, old path %v", pat, val, got, want)
		}
		if got, want := set.matches(val), want || oldFoldMatch(other, val); got != want {
			t.Fatalf("%q on %q: IN list %v, old path %v", pat, val, got, want)
		}
		if isASCII(val) {
			if got := p.matchesFoldASCII(val); got != want {
				t.Fatalf("%q on %q: in place %v, old path %v", pat, val, got, want)
			}
			lower := strings.ToLower(pat)
			if got, want := IndexFoldASCII(val, lower), strings.Index(strings.ToLower(val), lower); isASCII(pat) && got != want {
				t.Fatalf("IndexFoldASCII(%q, %q) = %d, want %d", val, lower, got, want)
			}
		}
	})
}

// BenchmarkFoldINList matches a long command line against an IN list of
// wildcards ignoring case: in place, and by the lower-cased copy before.
func BenchmarkFoldINList(b *testing.B) {
	var pats []*pattern
	for _, t := range []string{`*\cmlua.dll`, `*\cmstplua.dll`, "*-EncodedCommand*", "*Invoke-Mimikatz*", "*rundll32*", "*DownloadString*", "*bypass*", "*hidden*"} {
		pats = append(pats, compilePattern(spl.SearchValue{Text: t}))
	}
	set := newPatternSet(pats)
	s := `"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe" -NoProfile -ExecutionPolicy Unrestricted -Command ` + strings.Repeat("$Env:Path += ';C:\\ProgramData\\Tools'; ", 20)
	b.Run("inplace", func(b *testing.B) {
		for b.Loop() {
			set.matches(s)
		}
	})
	b.Run("copy", func(b *testing.B) {
		for b.Loop() {
			f := foldString(s)
			for _, p := range pats {
				if p.matchesFolded(f) {
					break
				}
			}
		}
	})
}

package pcre

import (
	"strings"
	"testing"
)

// Replace without groups in the replacement takes a shorter way; it must
// give what replacing each of Matches' matches gives, empty matches
// included.
func TestReplaceLiteralMatchesMatches(t *testing.T) {
	patterns := []string{`^.*\\`, `a*`, `x?`, `\b`, `[0-9]+`, `(?i)exe$`, `^`, `$`, `.`}
	inputs := []string{``, `C:\Windows\System32\cmd.exe`, `aaa bab`, `no digits`, `a1b22c333`, "multi\nline\\x"}
	for _, pat := range patterns {
		r := MustCompile(pat)
		for _, in := range inputs {
			for _, nth := range []int{0, 1, 2} {
				got, err := r.Replace(in, "<>", nth)
				if err != nil {
					t.Fatal(err)
				}
				ms, _ := r.Matches(in, nth)
				var b strings.Builder
				last := 0
				for k, m := range ms {
					if nth > 0 && k != nth-1 {
						continue
					}
					b.WriteString(in[last:m.Index[0]])
					b.WriteString("<>")
					last = m.Index[1]
				}
				b.WriteString(in[last:])
				if got != b.String() {
					t.Errorf("Replace(%q, %q, %d) = %q, want %q", pat, in, nth, got, b.String())
				}
			}
		}
	}
}

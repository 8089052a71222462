package engine

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/spl"
)

// TestPatternLongValues checks the wildcard matching of values too long
// to fold on the stack (compared in place, ignoring ASCII case) against
// an independent path: the pattern as a case-insensitive regular
// expression anchored at both ends, each * as (?s:.*).
func TestPatternLongValues(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "B", "ab", "AB", "ba", "x", "-", " ", "*"}
	words := []string{"a", "b", "ab", "ba", "aab", "-x"}
	hits, runs := 0, 0
	for range 400 {
		var pb strings.Builder
		for range 1 + r.IntN(5) {
			if r.IntN(2) == 0 {
				pb.WriteString("*")
			}
			pb.WriteString(words[r.IntN(len(words))])
		}
		if r.IntN(2) == 0 {
			pb.WriteString("*")
		}
		text := pb.String()
		var rb strings.Builder
		for i, part := range strings.Split(text, "*") {
			if i > 0 {
				rb.WriteString("(?s:.*)")
			}
			rb.WriteString(regexp.QuoteMeta(part))
		}
		re := regexp.MustCompile(`(?i)\A(?:` + rb.String() + `)\z`)
		p := compilePattern(spl.SearchValue{Text: text})
		for range 30 {
			var sb strings.Builder
			for sb.Len() <= foldBuf || r.IntN(8) > 0 {
				sb.WriteString(alphabet[r.IntN(len(alphabet)-1)])
				if sb.Len() > 4*foldBuf {
					break
				}
			}
			s := sb.String()
			if r.IntN(3) == 0 {
				// Make a match likely: the pattern's words around noise.
				s = strings.ReplaceAll(text, "*", s[:len(s)/2])
				if len(s) <= foldBuf {
					s += strings.Repeat("a", foldBuf)
				}
			}
			if got, want := p.matches(s), re.MatchString(s); got != want {
				t.Fatalf("pattern %q on %d bytes %q...: matches %v, regexp %v", text, len(s), s[:40], got, want)
			}
			if runs++; re.MatchString(s) {
				hits++
			}
		}
	}
	t.Logf("%d of %d values match", hits, runs)
	if hits == 0 || hits == runs {
		t.Errorf("%d of %d values match: the values do not test both answers", hits, runs)
	}
}

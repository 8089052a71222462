package engine

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/spl"
)

// termCases are terms and texts where the search for a term's text and
// the term's regular expression (spl.TermPattern, the independent path)
// must agree: breakers on either side or none, case, CASE() and TERM(),
// overlapping and repeated occurrences, and the Unicode letters that
// (?i) folds to k and s.
var termCases = []struct {
	term, modifier string
	texts          []string
}{
	{"whoami", "", []string{"whoami", "c:\\whoami.exe /all", "WHOAMI", "xwhoami", "whoamix", "a whoamiwhoami whoami", "", "who ami"}},
	{"4104", "", []string{"EventID=4104", "41044104", "x4104 4104", "<EventID>4104</EventID>", "41045"}},
	{"ImageLoaded", "", []string{"<Data Name='ImageLoaded'>", "ImageLoadedX ImageLoaded", "imageloaded", "IMAGELOADED_"}},
	{"sekurlsa", "", []string{"sekurlsa::pth", "\u212aSEKURLSA", "se\u212aurl\u017fa", "seKurlsa", "xsekurlsa"}},
	{"kerberos", "CASE", []string{"kerberos", "Kerberos", "kerberos.", ".kerberos"}},
	{"Mimikatz", "CASE", []string{"Mimikatz", "mimikatz", " Mimikatz "}},
	{"10.0.0.1", "TERM", []string{"from 10.0.0.1 to", "10.0.0.12", "x.10.0.0.1", "=10.0.0.1", "10.0.0.1"}},
	{"a.b", "", []string{"a.b", "xa.b", "a.b.", "a-b", "A.B"}},
	{"-enc", "", []string{"powershell -enc", "x-enc", "-encx", "-enc"}},
	{"abab", "", []string{"ababab", "xababab ", "abab"}},
	{"é", "", []string{"é", "É", "café"}},
	{"user", "", []string{"\xffuser\xff", "user\x00", "us\xc3er"}},
}

func TestTermMatcherAgreesWithRegexp(t *testing.T) {
	for _, tc := range termCases {
		v := spl.SearchValue{Text: tc.term, Modifier: tc.modifier}
		m := newTermMatcher(v)
		re := termRegexp(v)
		for _, s := range tc.texts {
			if got, want := m.match(s), re.MatchString(s); got != want {
				t.Errorf("%s(%q) in %q: matcher %v, regexp %v", tc.modifier, tc.term, s, got, want)
			}
		}
	}
}

// The same over random texts of the terms' letters, their other cases,
// breakers and non-ASCII text.
func TestTermMatcherRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", "A", "B", "k", "K", "s", "S", "\u212a", "\u017f", " ", ".", "-", "_", "=", "'", "\xff", "é", "1", "0"}
	terms := []string{"ab", "ba", "kas", "a.b", "k", "aab", "-a", "b-", "sk", "10"}
	for _, term := range terms {
		for _, mod := range []string{"", "CASE", "TERM"} {
			v := spl.SearchValue{Text: term, Modifier: mod}
			m, re := newTermMatcher(v), termRegexp(v)
			for range 3000 {
				var b strings.Builder
				for range r.IntN(12) {
					b.WriteString(alphabet[r.IntN(len(alphabet))])
				}
				s := b.String()
				if got, want := m.match(s), re.MatchString(s); got != want {
					t.Fatalf("%s(%q) in %q: matcher %v, regexp %v", mod, term, s, got, want)
				}
			}
		}
	}
}

func FuzzTermMatch(f *testing.F) {
	for _, tc := range termCases {
		for _, s := range tc.texts {
			f.Add(tc.term, tc.modifier, s)
		}
	}
	f.Fuzz(func(t *testing.T, term, mod, s string) {
		if strings.Trim(term, "*") == "" || len(term) > 64 {
			return
		}
		switch mod {
		case "", "CASE", "TERM":
		default:
			return
		}
		v := spl.SearchValue{Text: term, Modifier: mod}
		if got, want := newTermMatcher(v).match(s), termRegexp(v).MatchString(s); got != want {
			t.Errorf("%s(%q) in %q: matcher %v, regexp %v", mod, term, s, got, want)
		}
	})
}

package pcre

import (
	"math/rand"
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestExact pins the literal sets the analysis finds: the strings each
// pattern matches, worked out by hand from Go's regexp syntax (the
// parser's factoring of alternatives must not change them).
func TestExact(t *testing.T) {
	cases := []struct {
		pattern string
		want    []string // nil: no exact set
		fold    bool
	}{
		{`abc`, []string{"abc"}, false},
		{`(?i)AbC`, []string{"abc"}, true},
		{`(?i)Get-System|Get-Screenshot`, []string{"get-screenshot", "get-system"}, true},
		{`(?i)(Computer|User)Property`, []string{"computerproperty", "userproperty"}, true},
		{`web(client|request)`, []string{"webclient", "webrequest"}, false},
		{`a[bc]d?`, []string{"ab", "abd", "ac", "acd"}, false},
		{`(?i)[a-c]x`, []string{"ax", "bx", "cx"}, true},
		{`(?i)k`, []string{"k"}, true},
		{`[kK]`, []string{"K", "k"}, false}, // without U+212A: not folded
		{`x{2,3}`, []string{"xx", "xxx"}, false},
		{`::Decompress`, []string{"::Decompress"}, false},
		{`(?i)::`, []string{"::"}, false},
		{`a(?i)b|c`, nil, false}, // a is case-sensitive, b folded
		{`a+`, nil, false},
		{`^a`, nil, false},
		{`\ba`, nil, false},
		{`é`, nil, false},
		{`[^a]`, nil, false},
		{`x{1,600}`, nil, false},
	}
	for _, tc := range cases {
		re, err := syntax.Parse(tc.pattern, syntax.Perl)
		if err != nil {
			t.Fatalf("%q: %v", tc.pattern, err)
		}
		set, ok := exact(re)
		var got []string
		if ok {
			got = append(got, set.strs...)
			sort.Strings(got)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("exact(%q) (-want +got):\n%s", tc.pattern, diff)
		}
		if ok && !set.noLetters && set.fold != tc.fold {
			t.Errorf("exact(%q).fold = %v, want %v", tc.pattern, set.fold, tc.fold)
		}
	}
}

// TestNeed checks the conditions on texts each pattern must pass to
// match: a text lacking the required literal or run is refused.
func TestNeed(t *testing.T) {
	cases := []struct {
		pattern string
		refused []string
		passed  []string
	}{
		{`(?i)get-\S+(credent|password)`, []string{"get-item", "Password"}, []string{"GET-x password"}},
		{`[A-Za-z0-9+/]{44,}==`, []string{strings.Repeat("A", 43) + "==", "=="}, []string{strings.Repeat("A", 44) + "=="}},
		{`Kerberos.*(policy|ticket)`, []string{"kerberos ticket", "Kerberos"}, []string{"Kerberos ticket"}},
		{`(?i)kerberos`, []string{"kerbero"}, []string{"\u212Aerberos", "KERBEROS"}},
		{`(?i)(a|b)c\d{8,}`, []string{"ac1234567", "xc12345678"}, []string{"Bc12345678"}},
	}
	for _, tc := range cases {
		re, err := syntax.Parse(tc.pattern, syntax.Perl)
		if err != nil {
			t.Fatalf("%q: %v", tc.pattern, err)
		}
		c := need(re)
		if c == nil {
			t.Errorf("need(%q) = nil", tc.pattern)
			continue
		}
		for _, s := range tc.refused {
			if c.may(s) {
				t.Errorf("need(%q) passes %q", tc.pattern, s)
			}
		}
		for _, s := range tc.passed {
			if !c.may(s) {
				t.Errorf("need(%q) refuses %q", tc.pattern, s)
			}
		}
	}
	for _, p := range []string{`a*`, `x?`, `^`, `(?i)a|b*`, `\b`} {
		parsed, _ := syntax.Parse(p, syntax.Perl)
		if c := need(parsed); c != nil {
			t.Errorf("need(%q) = %T, want none: the pattern matches the empty string", p, c)
		}
	}
}

// planPatterns are the patterns the differential tests run: the kinds of
// match() the corpus uses (PowerShell 4104 Hunting's among them), and
// the corners of folding, anchors and classes.
var planPatterns = []string{
	`(?i)Add-Exfiltration|Add-Persistence|Get-System|NEEEEWWW|(Computer|User)Property|CachedRDPConnection|get-net\S+|invoke-\S+hunter|Install-Service|get-\S+(credent|password)|remoteps|Kerberos.*(policy|ticket)|netfirewall|Verb\s+Runas|Invoke-ShellCommand`,
	`(?i)(bitstransfer|mimik|metasp|AssemblyBuilderAccess|Reflection\.Assembly|shellcode|brute.?force|Port.?Scan|beacon)`,
	`(?i)GZipStream|::Decompress|IO.Compression|write-zip|(expand|compress)-Archive`,
	`[A-Za-z0-9+\/]{44,}([A-Za-z0-9+\/]{4}|[A-Za-z0-9+\/]{3}=|[A-Za-z0-9+\/]{2}==)`,
	`(?i)[-]e(nc*o*d*e*d*c*o*m*m*a*n*d*)*\s+[^-]`,
	`(?i)([-]ve*r*s*i*o*n*\s+2)`,
	`(?i)iex|invoke-expression`,
	`(?i)(\$doit)`,
	`web(client|request)`,
	`credui.dll`,
	`(?i)ks|sk`,
	`(?i)^cmd|powershell\b|\bwscript`,
	`(?m)^a|b\z|c`,
	`(?i)[a-c]{8,}x|yz`,
	`(?s)a.{8,}b|c`,
	`a|b*`,
	`(?i)x(?-i:Y)z|q`,
	`\x{212A}|s`,
	`(?U)a+?b|c`,
	`(?:^|,)MD5=(?<MD5>[0-9A-Fa-f]+)`,
	`(?i)(?<g>kerb)(eros|x)|(?P<h>ſ)`,
	`[^\x00-\x7f]{8,}|z`,
	`(?i)ab|AB|cd`,
	`(?i)(?:^|[;,])\s?user=(?P<u>[^,]*)`,
	`[éx]{0,2}MD5=(a|b)`,
	`(?:\A|.)kerb(?:eros)?`,
	`(?i)(?:^|,)(sha1|md5)=(?P<h>[0-9A-F]+)`,
	`.?(?:ab|cd)(x)?`,
}

// planSubjects builds texts for pattern p: pieces of its own literals in
// random case, the characters that fold to k and s, other non-ASCII and
// invalid UTF-8, and noise.
func planSubjects(p string, rng *rand.Rand, n int) []string {
	words := regexp.MustCompile(`[A-Za-z0-9:.=$+/-]+`).FindAllString(p, -1)
	extra := []string{"\u212A", "\u017F", "é", "\xff", "\n", " ", "\t", "-", "=", "==", "aGVsbG8gd29ybGQ", "AAAAAAAA", "-Version 2", "-e AA", ",md5=0A"}
	out := []string{""}
	for len(out) < n {
		var b strings.Builder
		for k := rng.Intn(8); k >= 0; k-- {
			var w string
			if len(words) > 0 && rng.Intn(3) > 0 {
				w = words[rng.Intn(len(words))]
				if i, j := rng.Intn(len(w)+1), rng.Intn(len(w)+1); i < j && rng.Intn(2) == 0 {
					w = w[i:j]
				}
			} else {
				w = extra[rng.Intn(len(extra))]
			}
			var c []byte
			for i := 0; i < len(w); i++ {
				ch := w[i]
				if rng.Intn(3) == 0 && (ch|0x20) >= 'a' && (ch|0x20) <= 'z' {
					ch ^= 0x20
				}
				c = append(c, ch)
			}
			s := string(c)
			if rng.Intn(4) == 0 {
				s = strings.Repeat(s, 1+rng.Intn(12))
			}
			b.WriteString(s)
		}
		out = append(out, b.String())
	}
	return out
}

// TestPlanAgreesWithRegexp runs each optimized path against Go's regexp
// alone on the same texts: MatchString, and the other methods' refusal
// of texts the pattern cannot match.
func TestPlanAgreesWithRegexp(t *testing.T) {
	rng := rand.New(rand.NewSource(17))
	for _, p := range planPatterns {
		r, err := Compile(p)
		if err != nil {
			t.Fatalf("Compile(%q): %v", p, err)
		}
		if r.re == nil {
			t.Fatalf("%q runs on the backtracking engine", p)
		}
		hits := 0
		subjects := planSubjects(p, rng, 500)
		for _, s := range subjects {
			checkPlan(t, r, s)
			if r.re.MatchString(s) {
				hits++
			}
		}
		if !r.re.MatchString("") && (hits == 0 || hits == len(subjects)) {
			t.Errorf("%q: %d of %d texts match: the texts do not test both answers", p, hits, len(subjects))
		}
	}
}

// checkPlan compares r's answers on s with those of its regexp alone
// (the same Regex without its plan), method by method.
func checkPlan(t *testing.T, r *Regex, s string) {
	t.Helper()
	plain := &Regex{src: r.src, re: r.re, names: r.names}
	want := r.re.MatchString(s)
	got, err := r.MatchString(s)
	if err != nil || got != want {
		t.Fatalf("%q on %q: MatchString = %v, %v; the regexp says %v", r.src, s, got, err, want)
	}
	if r.plan.cannot(s) && want {
		t.Fatalf("%q on %q: the plan says it cannot match, the regexp matches", r.src, s)
	}
	same := func(method string, want, got any) {
		t.Helper()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%q on %q: %s (-regexp alone +plan):\n%s", r.src, s, method, diff)
		}
	}
	wantMs, _ := plain.Matches(s, 0)
	gotMs, _ := r.Matches(s, 0)
	same("Matches", wantMs, gotMs)
	wantMs, _ = plain.Matches(s, 2)
	gotMs, _ = r.Matches(s, 2)
	same("Matches(2)", wantMs, gotMs)
	wt, wp, _ := plain.Submatches(s)
	gt, gp, _ := r.Submatches(s)
	same("Submatches", [2]any{wt, wp}, [2]any{gt, gp})
	wat, wap, _ := plain.AllSubmatches(s, 0)
	gat, gap, _ := r.AllSubmatches(s, 0)
	same("AllSubmatches", [2]any{wat, wap}, [2]any{gat, gap})
	for _, repl := range []string{"<>", `<\1>`} {
		w, _ := plain.Replace(s, repl, 0)
		g, _ := r.Replace(s, repl, 0)
		same("Replace "+repl, w, g)
		w, _ = plain.Replace(s, repl, 2)
		g, _ = r.Replace(s, repl, 2)
		same("Replace 2nd "+repl, w, g)
	}
}

// TestPlanSplits checks that the patterns meant to avoid the regexp do:
// 4104 Hunting's word list is one scan plus a regexp per branch that is
// not a literal.
func TestPlanSplits(t *testing.T) {
	r := MustCompile(planPatterns[0])
	if r.plan == nil || len(r.plan.lits) != 1 || len(r.plan.branches) != 5 {
		t.Fatalf("plan of the word list: %+v, want one scan and 5 branches", r.plan)
	}
	for _, b := range r.plan.branches {
		if b.need == nil {
			t.Errorf("branch %s has no condition", b.re)
		}
	}
	hashes := MustCompile(`(?:^|,)MD5=(?<MD5>[0-9A-Fa-f]+)`)
	if l := hashes.plan.lead; l == nil || l.width != 1 || l.onCut == hashes.re {
		t.Errorf("lead of the hashes pattern: %+v, want width 1 and a regexp without ^", l)
	} else if off, re := hashes.from("SHA1=AB,MD5=CD"); off != 7 || re != l.onCut {
		t.Errorf("hashes pattern starts at %d, want 7 (the comma)", off)
	}
	for _, p := range []string{`\bMD5=`, `(?m)^x?MD5`, `\w+MD5=`, `MD5=\d`} {
		if r := MustCompile(p); r.plan != nil && r.plan.lead != nil {
			t.Errorf("%q has a lead: %+v", p, r.plan.lead)
		}
	}
	if r := MustCompile(`\d+`); r.plan != nil {
		t.Errorf(`\d+ has a plan: %+v`, r.plan)
	}
}

// FuzzPlan compiles arbitrary patterns Go's regexp takes and compares the
// plan's answers with the regexp's on arbitrary texts.
func FuzzPlan(f *testing.F) {
	for i, p := range planPatterns {
		f.Add(p, planSubjects(p, rand.New(rand.NewSource(int64(i))), 2)[1])
	}
	f.Fuzz(func(t *testing.T, pattern, subject string) {
		r, err := Compile(pattern)
		if err != nil || r.re == nil || len(subject) > 1<<12 {
			return
		}
		checkPlan(t, r, subject)
	})
}

package engine

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// erex learns a regular expression from the example values and extracts
// the field with it, from fromfield (default _raw), as rex would. The
// page does not say how Splunk learns; spelunk's way [UNCONFIRMED,
// docs/SEMANTICS.md, "erex"]:
//
//   - The training texts are the first maxtrainers results whose
//     fromfield holds an example as a whole token.
//   - The regex is the text every example is preceded by (the longest
//     common suffix of up to 20 characters before each, within its line),
//     a named group of the narrowest of \d+, [\d.]+, [a-zA-Z]+, \w+,
//     [\w.-]+ and [^\s,;"']+ that spans every example, then the first
//     character every example is followed by, if they share one.
//   - A candidate is kept when, in every training text, its first match
//     is an example and never a counterexample; with none kept, erex
//     fails saying so.
//
// The learned regex is given as a notice, as Splunk's "Consider using"
// message gives it.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/erex
func init() {
	registerStream("erex", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.ErexCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			var texts []string
			for _, r := range rows {
				if len(texts) == c.MaxTrainers {
					break
				}
				if s := r.Get(c.FromField).String(); holdsExample(s, c.Examples) {
					texts = append(texts, s)
				}
			}
			pattern, err := learnErex(texts, c.Examples, c.Counterexamples, c.Field)
			if err != nil {
				return nil, errAt(c, "erex: %v", err)
			}
			re, err := rc.compileRegex(pattern)
			if err != nil {
				return nil, errAt(c, "erex: the learned regex %q does not compile: %v", pattern, err)
			}
			rc.warn("erex learned the regex %s; to reuse it: | rex field=%s %s", pattern, c.FromField, spl.QuoteString(pattern))
			for i, r := range rows {
				subs, ok, err := re.Submatches(r.Get(c.FromField).String())
				if err != nil {
					return nil, errAt(c, "erex: %v", err)
				}
				if len(subs) > 1 && ok[1] {
					rows[i].Set(c.Field, value.Str(subs[1]))
				}
			}
			return rows, nil
		}}, nil
	})
}

// erexClasses are the value patterns erex tries, narrowest first.
var erexClasses = []string{`\d+`, `[\d.]+`, `[a-zA-Z]+`, `\w+`, `[\w.-]+`, `[^\s,;"']+`}

func learnErex(texts, examples, counter []string, field string) (string, error) {
	if len(texts) == 0 {
		return "", fmt.Errorf("no result holds one of the examples as a whole value")
	}
	var lefts, rights []string
	for _, t := range texts {
		for _, ex := range examples {
			for _, at := range tokenIndexes(t, ex) {
				l := t[max(0, at-20):at]
				if k := strings.LastIndexByte(l, '\n'); k >= 0 {
					l = l[k+1:]
				}
				lefts = append(lefts, l)
				rights = append(rights, t[at+len(ex):min(len(t), at+len(ex)+1)])
			}
		}
	}
	left := regexp.QuoteMeta(commonSuffix(lefts))
	right := ""
	if r := commonPrefix(rights); r != "" {
		right = regexp.QuoteMeta(r)
	}
	group := "(?<" + field + ">"
	if !regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`).MatchString(field) {
		group = "("
	}
	for _, class := range erexClasses {
		whole := regexp.MustCompile(`^(?:` + class + `)$`)
		spans := true
		for _, ex := range examples {
			spans = spans && whole.MatchString(ex)
		}
		if !spans {
			continue
		}
		pattern := left + group + class + ")" + right
		if erexFits(regexp.MustCompile(strings.Replace(pattern, "(?<", "(?P<", 1)), texts, examples, counter) {
			return pattern, nil
		}
	}
	return "", fmt.Errorf("could not learn a regex that extracts the examples and none of the counterexamples; give more examples or use rex")
}

// erexFits checks a candidate on the training texts.
func erexFits(re *regexp.Regexp, texts, examples, counter []string) bool {
	for _, t := range texts {
		m := re.FindStringSubmatch(t)
		if m == nil || !contains(examples, m[1]) || contains(counter, m[1]) {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func holdsExample(s string, examples []string) bool {
	for _, ex := range examples {
		if len(tokenIndexes(s, ex)) > 0 {
			return true
		}
	}
	return false
}

// tokenIndexes finds ex in s where it is not part of a longer word.
func tokenIndexes(s, ex string) []int {
	var out []int
	for from := 0; ; {
		i := strings.Index(s[from:], ex)
		if i < 0 {
			return out
		}
		at := from + i
		end := at + len(ex)
		if (at == 0 || !isWordByte(s[at-1]) || !isWordByte(ex[0])) && (end == len(s) || !isWordByte(s[end]) || !isWordByte(ex[len(ex)-1])) {
			out = append(out, at)
		}
		from = at + 1
	}
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

func commonSuffix(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	suf := ss[0]
	for _, s := range ss[1:] {
		n := 0
		for n < len(suf) && n < len(s) && suf[len(suf)-1-n] == s[len(s)-1-n] {
			n++
		}
		suf = suf[len(suf)-n:]
	}
	return suf
}

func commonPrefix(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	pre := ss[0]
	for _, s := range ss[1:] {
		n := 0
		for n < len(pre) && n < len(s) && pre[n] == s[n] {
			n++
		}
		pre = pre[:n]
	}
	return pre
}

package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// xmlunescape replaces the XML entity references of _raw with their
// characters: &amp; &lt; &gt; &quot; &apos;, and numeric references
// (&#60; &#x3c;) [UNCONFIRMED: the page names &, < and >]. maxinputs
// limits a script's input in Splunk and changes nothing here.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/xmlunescape
func init() {
	registerStream("xmlunescape", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		return &mapStage{next: next, f: func(r *value.Fields) error {
			raw, ok := r.Lookup("_raw")
			if !ok || raw.IsNull() || !strings.Contains(raw.String(), "&") {
				return nil
			}
			r.Set("_raw", value.Str(xmlUnescape(raw.String())))
			return nil
		}}, nil
	})
}

var xmlEntities = map[string]string{"amp": "&", "lt": "<", "gt": ">", "quot": `"`, "apos": "'"}

// xmlUnescape replaces entity references, leaving unknown ones as they
// are.
func xmlUnescape(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		j := strings.IndexByte(s, ';')
		if j < 0 || j > 12 {
			b.WriteByte('&')
			s = s[1:]
			continue
		}
		name := s[1:j]
		if rep, ok := xmlEntities[name]; ok {
			b.WriteString(rep)
		} else if r, ok := charRef(name); ok {
			b.WriteRune(r)
		} else {
			b.WriteString(s[:j+1])
		}
		s = s[j+1:]
	}
}

// charRef reads #60 or #x3c.
func charRef(name string) (rune, bool) {
	if len(name) < 2 || name[0] != '#' {
		return 0, false
	}
	base, digits := 10, name[1:]
	if digits[0] == 'x' || digits[0] == 'X' {
		base, digits = 16, digits[1:]
	}
	n := 0
	for _, c := range digits {
		d := strings.IndexRune("0123456789abcdef", c|0x20)
		if d < 0 || d >= base || n > 0x10FFFF {
			return 0, false
		}
		n = n*base + d
	}
	return rune(n), digits != "" && n <= 0x10FFFF
}

package engine

import (
	"html"
	"regexp"
	"sync"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// xmlkvDefaultMax is xmlkv's default maxinputs.
const xmlkvDefaultMax = 50000

// xmlLeaf finds <name ...>text</name> elements that hold only text.
var xmlLeaf = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`<([A-Za-z_][\w:.-]*)(?:\s[^<>]*)?>([^<]*)</([A-Za-z_][\w:.-]*)>`)
})

// xmlkv extracts a field from each element of the XML in a field (default
// _raw) that holds only text: <name>X</name> gives name=X. A name seen
// twice keeps every value, as a multivalue field; empty elements give
// nothing. Only the first maxinputs results (default 50000) are read.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.3/search-commands/xmlkv
func init() {
	registerStream("xmlkv", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.XmlkvCommand)
		field := c.Field
		if field == "" {
			field = "_raw"
		}
		max := c.MaxInputs
		if max == 0 {
			max = xmlkvDefaultMax
		}
		seen := 0
		return &mapStage{next: next, f: func(r *value.Fields) error {
			seen++
			if seen > max {
				return nil
			}
			s, ok := str(r.Get(field))
			if !ok {
				return nil
			}
			var names []string
			vals := map[string][]string{}
			for _, m := range xmlLeaf().FindAllStringSubmatch(s, -1) {
				if m[1] != m[3] || m[2] == "" {
					continue
				}
				if _, ok := vals[m[1]]; !ok {
					names = append(names, m[1])
				}
				vals[m[1]] = append(vals[m[1]], html.UnescapeString(m[2]))
			}
			for _, n := range names {
				r.Set(n, value.Strs(vals[n]...))
			}
			return nil
		}}, nil
	})
}

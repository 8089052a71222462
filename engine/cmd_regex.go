package engine

import (
	"fmt"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// regex keeps the results whose field (default _raw) matches, any value of
// a multivalue field counting; field!= keeps the others. A result without
// the field does not match, so = drops it and != keeps it [docs/SEMANTICS.md
// §10 UNCONFIRMED; chosen as the plain reading of "remove results that
// match"].
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/regex
func init() {
	registerStream("regex", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.RegexCommand)
		re, err := rc.compileRegex(c.Pattern)
		if err != nil {
			return nil, errAt(c, "regex: %v", err)
		}
		field := c.Field
		if field == "" {
			field = "_raw"
		}
		st := &filterStage{next: next}
		if field != "_raw" {
			// A regex that cannot be told in time keeps the row here;
			// the stage itself counts the timeout.
			st.pushed = &pushFilter{reads: []string{field}, keep: func(r value.Fields) bool {
				for _, v := range r.Get(field).Values() {
					if ok, err := re.MatchString(v.String()); err != nil || ok {
						return err != nil || !c.Negate
					}
				}
				return c.Negate
			}}
		}
		st.keep = func(r value.Fields) (bool, error) {
			matched := false
			for _, v := range r.Get(field).Values() {
				ok, err := re.MatchString(v.String())
				if err != nil {
					if err := rc.regexFailed(fmt.Sprintf("regex %q", c.Pattern), err); err != nil {
						return false, err
					}
					break
				}
				if ok {
					matched = true
					break
				}
			}
			return matched != c.Negate, nil
		}
		return st, nil
	})
}

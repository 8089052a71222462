package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// typer sets each result's eventtype to the eventtypes whose searches
// match it, computed again from the knowledge over the result as it is
// (after stats, over its BY fields), so that it gives events the
// eventtypes search time gave them. The searches see the first maxlen
// characters of _raw ("the typer command looks at the first 10000
// characters of an event"). eventtypes= keeps only the eventtypes it
// lists (wildcards allowed); "If all of the event types listed for
// eventtypes are invalid, or if no event types are listed, typer is
// turned off": results then pass unchanged. A result that matches none
// loses eventtype. tag is left as it is (tags adds tags).
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/typer
func init() {
	registerStream("typer", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.TyperCommand)
		kn, err := knowledgeOf(rc)
		if err != nil {
			return nil, errAt(c, "typer: %v", err)
		}
		keep := func(string) bool { return true }
		if c.Eventtypes != nil {
			keep = func(name string) bool {
				for _, p := range c.Eventtypes {
					if _, ok := wildcardCaptures(name, strings.Split(p, "*")); ok {
						return true
					}
				}
				return false
			}
			valid := false
			for _, n := range kn.EventtypeNames() {
				valid = valid || keep(n)
			}
			if !valid {
				return &mapStage{next: next, f: func(*value.Fields) error { return nil }}, nil
			}
		}
		return &mapStage{next: next, f: func(row *value.Fields) error {
			r := *row
			if raw, ok := r.Lookup("_raw"); ok && !raw.IsMulti() {
				if s := raw.String(); len(s) > c.MaxLen {
					if runes := []rune(s); len(runes) > c.MaxLen {
						r = append(value.Fields(nil), r...)
						r.Set("_raw", value.Str(string(runes[:c.MaxLen])))
					}
				}
			}
			var names []string
			for _, n := range kn.Eventtypes(r) {
				if keep(n) {
					names = append(names, n)
				}
			}
			if len(names) == 0 {
				row.Delete("eventtype")
				return nil
			}
			row.Set("eventtype", value.Strs(names...))
			return nil
		}}, nil
	})
}

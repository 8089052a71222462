package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// return replaces the results with one result holding a field search made
// of the first count results: each gives its listed fields in the order
// listed, as field="value", alias="value" (alias=field) or the bare value
// ($field), separated by spaces. One result's terms are the search as
// they are; several are joined as (...) OR (...). Quotes inside values
// are not escaped: the Search Reference says so and tells users to escape
// them with eval first. With no input the search is the empty string, so
// a search around the subsearch is not narrowed at all (the page's
// "When the input for 'return' is 0 events"). Fields a result lacks are
// skipped, a result with none of them gives nothing, and a multivalue
// field gives its first value [choice: the page does not say].
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/return
func init() {
	registerStream("return", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.ReturnCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			if len(rows) > c.Count {
				rows = rows[:c.Count]
			}
			var outs []string
			for _, r := range rows {
				if t := returnTerms(c, r); t != "" {
					outs = append(outs, t)
				}
			}
			search := strings.Join(outs, " ")
			if len(outs) > 1 {
				search = "(" + strings.Join(outs, ") OR (") + ")"
			}
			return []value.Fields{{{Name: "search", Value: value.Str(search)}}}, nil
		}}, nil
	})
}

// returnTerms writes one result's listed fields as search terms.
func returnTerms(c *spl.ReturnCommand, r value.Fields) string {
	var terms []string
	for _, it := range c.Items {
		v := r.Get(it.Field)
		if v.IsNull() {
			continue
		}
		s := v.First().String()
		switch {
		case it.Dollar:
			terms = append(terms, s)
		case it.Alias != "":
			terms = append(terms, it.Alias+`="`+s+`"`)
		default:
			terms = append(terms, it.Field+`="`+s+`"`)
		}
	}
	return strings.Join(terms, " ")
}

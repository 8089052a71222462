package engine

import (
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// format replaces the results with one result holding a field search:
//
//	( ( a="1" AND b="2" ) OR ( a="3" AND b="4" ) )
//
// each result's fields in name order (as the Search Reference's example
// shows host, source, sourcetype), joined by the column separator inside
// the column prefix and end, the results joined by the row separator
// inside the row prefix and end, each part set off by a space. A
// multivalue field becomes ( f="v1" OR f="v2" ) with mvsep between the
// values, as the page's mvsep example shows. Internal fields (names
// starting with "_") are left out; a field named search or query gives its
// value as written, as the implicit format of a subsearch does. Quotes and
// backslashes in values are escaped. No results, or none with a field,
// give emptystr (NOT ( )).
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/format
func init() {
	registerStream("format", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.FormatCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			return []value.Fields{{{Name: "search", Value: value.Str(formatResults(c, rows))}}}, nil
		}}, nil
	})
}

func formatResults(c *spl.FormatCommand, rows []value.Fields) string {
	if c.MaxResults > 0 && len(rows) > c.MaxResults {
		rows = rows[:c.MaxResults]
	}
	var alts []string
	for _, r := range rows {
		names := make([]string, 0, len(r))
		for _, f := range r {
			if !strings.HasPrefix(f.Name, "_") && !f.Value.IsNull() {
				names = append(names, f.Name)
			}
		}
		if len(names) == 0 {
			continue
		}
		sort.Strings(names)
		cols := make([]string, len(names))
		for i, n := range names {
			cols[i] = formatField(n, r.Get(n), c.MVSep)
		}
		alts = append(alts, c.ColPrefix+" "+strings.Join(cols, " "+c.ColSep+" ")+" "+c.ColEnd)
	}
	if len(alts) == 0 {
		return c.EmptyStr
	}
	return c.RowPrefix + " " + strings.Join(alts, " "+c.RowSep+" ") + " " + c.RowEnd
}

// formatField writes one field as search terms.
func formatField(name string, v value.Value, mvsep string) string {
	vals := v.Strings()
	terms := make([]string, len(vals))
	for i, s := range vals {
		if name == "search" || name == "query" {
			terms[i] = s
		} else {
			terms[i] = name + "=" + quoteTerm(s)
		}
	}
	if len(terms) == 1 {
		return terms[0]
	}
	return "( " + strings.Join(terms, " "+mvsep+" ") + " )"
}

// quoteTerm quotes a value for a search string, escaping the characters
// the search language's quoted strings escape.
func quoteTerm(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

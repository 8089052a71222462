package datamodel

import (
	"fmt"
	"strings"
)

// MappingMarkdown renders the built-in add-on knowledge and the CIM
// datasets as Markdown, so the README's mapping table is generated from
// the same data the code runs (a test keeps them equal).
func MappingMarkdown(base *Base) string {
	var b strings.Builder
	for _, k := range base.Knowledge {
		fmt.Fprintf(&b, "#### %s\n\n", k.Name)
		sel := []string{"sourcetype `" + k.Sourcetype + "`"}
		if k.Source != "" {
			sel = append(sel, "source `"+k.Source+"`")
		}
		if k.When != "" {
			sel = append(sel, "`"+k.When+"`")
		}
		fmt.Fprintf(&b, "As %s does it, for events with %s. Tags: %s.\n\n", k.Addon, strings.Join(sel, ", "), strings.Join(k.Tags, ", "))
		if k.Unverified != "" {
			fmt.Fprintf(&b, "Our choice where the add-on is not verified: %s.\n\n", k.Unverified)
		}
		b.WriteString("| field | value (eval expression over the event's fields) |\n|---|---|\n")
		for _, r := range k.Reports {
			fmt.Fprintf(&b, "| (extraction) | `%s` on %s |\n", escapeCell(r.Regex), r.Field)
		}
		for _, a := range k.Aliases {
			fmt.Fprintf(&b, "| %s | alias of %s |\n", a.Field, a.Expr)
		}
		for _, e := range k.Evals {
			fmt.Fprintf(&b, "| %s | `%s` |\n", e.Field, escapeCell(e.Expr))
		}
		b.WriteString("\n")
	}
	for _, name := range base.DatasetNames() {
		d, _ := base.LookupDataset(name)
		fmt.Fprintf(&b, "#### CIM dataset %s\n\nEvents matching `%s`; calculated fields, in order:\n\n", d.Name(), d.Constraint)
		b.WriteString("| field | calculation |\n|---|---|\n")
		for _, c := range d.AllCalcs() {
			fmt.Fprintf(&b, "| %s | `%s` |\n", c.Field, escapeCell(c.Expr))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func escapeCell(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}

package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// spathAutoLimit is how much of the input auto-extraction reads ("the
// first 5000 characters", limits.conf extraction_cutoff).
const spathAutoLimit = 5000

// spath extracts from JSON or XML in a field (default _raw). With a path
// it sets output (default: the path) to the values found, a multivalue
// field when there are several, and leaves it alone when there are none.
// Without a path it extracts every leaf, named by its path (a.b, a{}.c,
// root.el{@attr}). Text that is not well-formed gives nothing.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/spath
func init() {
	registerStream("spath", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.SpathCommand)
		input := c.Input
		if input == "" {
			input = "_raw"
		}
		output := c.Output
		if output == "" {
			output = c.Path
		}
		return &mapStage{next: next, f: func(r *value.Fields) error {
			src, ok := str(r.Get(input))
			if !ok {
				return nil
			}
			if c.Path != "" {
				var vals []string
				for _, s := range r.Get(input).Strings() {
					vals = append(vals, spathValues(s, c.Path)...)
				}
				if len(vals) > 0 {
					r.Set(output, value.Strs(vals...))
				}
				return nil
			}
			autoExtract(truncateRunes(src, spathAutoLimit), r)
			return nil
		}}, nil
	})
}

// autoExtract adds every leaf of JSON or XML text to r; repeated names
// gather into multivalue fields.
func autoExtract(s string, r *value.Fields) {
	var names []string
	vals := map[string][]string{}
	emit := func(name, val string) {
		if _, ok := vals[name]; !ok {
			names = append(names, name)
		}
		vals[name] = append(vals[name], val)
	}
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "<") {
		root, err := parseXML(t)
		if err != nil {
			return
		}
		xmlFlatten(root, "", emit)
	} else {
		// Named as the JSON reader names an event's fields (KV_MODE=json).
		fs, ok := ingest.FlattenJSON(t)
		if !ok {
			return
		}
		for _, f := range fs {
			r.Set(f.Name, f.Value)
		}
		return
	}
	for _, n := range names {
		r.Set(n, value.Strs(vals[n]...))
	}
}

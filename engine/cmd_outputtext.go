package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// outputtext copies each result's _raw into the _xml field, XML-escaped
// (&, <, >, " and ') unless usexml=false.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/outputtext
func init() {
	registerStream("outputtext", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		escape := cmd.(*spl.OutputtextCommand).UseXML
		esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")
		return &mapStage{next: next, f: func(r *value.Fields) error {
			raw, ok := r.Lookup("_raw")
			if !ok || raw.IsNull() {
				return nil
			}
			text := strings.Join(raw.Strings(), "\n")
			if escape {
				text = esc.Replace(text)
			}
			r.Set("_xml", value.Str(text))
			return nil
		}}, nil
	})
}

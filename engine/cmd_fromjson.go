package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// fromjson makes a field of each top-level key of the JSON object in a
// field, named with the prefix: strings and numbers as their text, arrays
// as multivalue fields of their elements, objects as JSON text, null as
// the text "null". A value that is not a JSON object is left alone.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.3/search-commands/fromjson
func init() {
	registerStream("fromjson", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.FromjsonCommand)
		return &mapStage{next: next, f: func(r *value.Fields) error {
			s, ok := str(r.Get(c.Field))
			if !ok {
				return nil
			}
			n, err := parseJSON(s)
			if err != nil || n.kind != jObj {
				return nil
			}
			for i, k := range n.keys {
				if v := jsonFieldValue(n.vals[i]); !v.IsNull() {
					r.Set(c.Prefix+k, v)
				}
			}
			return nil
		}}, nil
	})
}

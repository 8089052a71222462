package engine

import (
	"strconv"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// transpose turns the first Count results (0: all of them, as the Search
// Reference says for "transpose 0") into columns. Every field of those
// results, in the order the fields first appear, becomes one row: its
// name in column_name, then its value in each result under "row 1",
// "row 2", ... or under the header_field's value of that result (the
// header field itself is not a row, as the page's example 2 shows; a
// result without it keeps "row N").
// include_empty=false leaves out fields that are empty in every
// transposed result. Internal fields (_time) are transposed like the
// others [choice: the Search Reference does not single them out].
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/transpose
func init() {
	registerStream("transpose", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.TransposeCommand)
		return &transposeStage{cmd: c, next: next}, nil
	})
}

type transposeStage struct {
	cmd  *spl.TransposeCommand
	next stage
	rows []value.Fields
}

func (s *transposeStage) push(rows []value.Fields) error {
	for _, r := range rows {
		if s.cmd.Count > 0 && len(s.rows) >= s.cmd.Count {
			return nil
		}
		s.rows = append(s.rows, r)
	}
	return nil
}

func (s *transposeStage) finish() error {
	c := s.cmd
	headers := make([]string, len(s.rows))
	for i, r := range s.rows {
		headers[i] = "row " + strconv.Itoa(i+1)
		if c.HeaderField != "" {
			if v := r.Get(c.HeaderField); !v.IsNull() {
				headers[i] = v.First().String()
			}
		}
	}
	var names []string
	seen := map[string]bool{}
	for _, r := range s.rows {
		for _, f := range r {
			if !seen[f.Name] && f.Name != c.HeaderField {
				seen[f.Name] = true
				names = append(names, f.Name)
			}
		}
	}
	var out []value.Fields
	for _, name := range names {
		row := value.Fields{{Name: c.ColumnName, Value: value.Str(name)}}
		empty := true
		for i, r := range s.rows {
			v := r.Get(name)
			if v.IsNull() {
				continue
			}
			if v.String() != "" || v.IsMulti() {
				empty = false
			}
			row.Set(headers[i], v)
		}
		if empty && !c.IncludeEmpty {
			continue
		}
		out = append(out, row)
	}
	s.rows = nil
	return emitAll(s.next, out)
}

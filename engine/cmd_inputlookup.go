package engine

import (
	"github.com/spelunk-dev/spelunk/lookups"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// inputlookup returns a lookup table's rows, one result per row with a
// field per non-empty cell, in file order; WHERE filters them with
// search semantics; start= skips rows (0-based) and max= caps them.
// With append=true the rows follow the results of the commands before.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/inputlookup
func init() {
	registerGen("inputlookup", func(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
		il, err := newInputlookup(rc, cmd.(*spl.InputlookupCommand))
		if err != nil {
			return nil, err
		}
		return &inputlookupGen{il: il, next: next}, nil
	})
	registerStream("inputlookup", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		il, err := newInputlookup(rc, cmd.(*spl.InputlookupCommand))
		if err != nil {
			return nil, err
		}
		return &inputlookupAppend{il: il, next: next}, nil
	})
}

type inputlookup struct {
	table      *lookups.Table
	pred       rowPred
	start, max int
}

func newInputlookup(rc *runCtx, c *spl.InputlookupCommand) (*inputlookup, error) {
	t, err := rc.lookupTable(c, "inputlookup", c.Table)
	if err != nil {
		return nil, err
	}
	il := &inputlookup{table: t, max: -1}
	il.pred, err = (&searchCompiler{rc: rc}).compile(c.Where)
	if err != nil {
		return nil, err
	}
	il.start = c.Start
	if c.Max != nil {
		il.max = *c.Max
	}
	return il, nil
}

func (il *inputlookup) rows() []value.Fields {
	var out []value.Fields
	for i, rec := range il.table.Rows {
		if i < il.start {
			continue
		}
		if il.max >= 0 && len(out) >= il.max {
			break
		}
		r := make(value.Fields, 0, len(rec))
		for j, v := range rec {
			if v != "" && r.Index(il.table.Fields[j]) < 0 {
				r = append(r, value.Field{Name: il.table.Fields[j], Value: value.Str(v)})
			}
		}
		if il.pred(r) {
			out = append(out, r)
		}
	}
	return out
}

type inputlookupGen struct {
	il   *inputlookup
	next stage
}

func (g *inputlookupGen) generate() error { return emitAll(g.next, g.il.rows()) }

type inputlookupAppend struct {
	il   *inputlookup
	next stage
}

func (s *inputlookupAppend) push(rows []value.Fields) error { return s.next.push(rows) }
func (s *inputlookupAppend) finish() error                  { return emitAll(s.next, s.il.rows()) }

package engine

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/lookups"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// lookup adds fields from a lookup table (docs/SEMANTICS.md §11):
//
//   - Without OUTPUT/OUTPUTNEW every table field that is not matched on
//     is output under its own name.
//   - OUTPUT overwrites existing fields; OUTPUTNEW leaves a result alone
//     when all its output fields exist, and otherwise fills only the
//     missing ones.
//   - Several matching rows (up to max_matches) give multivalue fields in
//     file order; empty table cells add nothing.
//   - With fewer matches than min_matches, default_match fills in (so
//     security_content's min_matches=1 default_match=false tables give
//     "false" to results that match nothing). With no match and no
//     default, the output fields are left as they were [UNCONFIRMED,
//     docs/SEMANTICS.md §11].
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/lookup
func init() {
	registerStream("lookup", buildLookup)
}

type lookupOut struct {
	col  int
	dest string
}

type lookupStage struct {
	table   *lookups.Table
	inputs  []spl.LookupField
	outs    []lookupOut
	outNew  bool
	errNode spl.Node
}

// lookupTable finds a table for a command, with a message that says how
// to configure one.
func (rc *runCtx) lookupTable(at spl.Node, cmd, name string) (*lookups.Table, error) {
	if rc.lookups == nil {
		return nil, errAt(at, "%s %s: no lookup tables are configured; give --lookups PATH (a folder of .csv files, a security_content checkout or a Splunk app)", cmd, name)
	}
	t, err := rc.lookups.Table(name)
	if err != nil {
		e := errAt(at, "%s: %v", cmd, err)
		var nf *lookups.NotFoundError
		if errors.As(err, &nf) {
			if s := spl.Suggest(name, rc.lookups.Names()); s != "" {
				e.Hint = fmt.Sprintf("did you mean %q?", s)
			}
		}
		return nil, e
	}
	return t, nil
}

// noLookupField is the error for a field the table does not have. Header
// names are matched exactly, blanks included ([UNCONFIRMED] how Splunk
// treats "a, b" headers; several security_content tables are written so),
// and the hint points at such a near miss.
func noLookupField(at spl.Node, table, field string, fields []string) error {
	quoted := make([]string, len(fields))
	for i, f := range fields {
		quoted[i] = strconv.Quote(f)
	}
	e := errAt(at, "lookup: table %s has no field %q (its fields: %s)", table, field, strings.Join(quoted, ", "))
	for _, f := range fields {
		if f != field && strings.TrimSpace(f) == field {
			e.Hint = fmt.Sprintf("the table's header spells it %q, with blanks; field names are matched exactly", f)
		}
	}
	return e
}

func buildLookup(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
	c := cmd.(*spl.LookupTableCommand)
	t, err := rc.lookupTable(c, "lookup", c.Table)
	if err != nil {
		return nil, err
	}
	s := &lookupStage{table: t, inputs: c.Inputs, outNew: c.Mode == "OUTPUTNEW", errNode: c}
	matched := map[string]bool{}
	for _, in := range c.Inputs {
		if t.Column(in.Field) < 0 {
			return nil, noLookupField(in, c.Table, in.Field, t.Fields)
		}
		matched[in.Field] = true
	}
	if len(c.Outputs) == 0 {
		for i, f := range t.Fields {
			if !matched[f] {
				s.outs = append(s.outs, lookupOut{col: i, dest: f})
			}
		}
	}
	for _, o := range c.Outputs {
		col := t.Column(o.Field)
		if col < 0 {
			return nil, noLookupField(o, c.Table, o.Field, t.Fields)
		}
		s.outs = append(s.outs, lookupOut{col: col, dest: o.EventName()})
	}
	return &mapStage{next: next, f: s.apply}, nil
}

func (s *lookupStage) apply(r *value.Fields) error {
	if s.outNew {
		all := true
		for _, o := range s.outs {
			if r.Get(o.dest).IsNull() {
				all = false
				break
			}
		}
		if all {
			return nil
		}
	}
	ins := make([]lookups.Input, len(s.inputs))
	for i, in := range s.inputs {
		ins[i] = lookups.Input{Field: in.Field, Values: r.Get(in.EventName()).Strings()}
	}
	matches, err := s.table.Match(ins)
	if err != nil {
		return errAt(s.errNode, "lookup: %v", err)
	}
	ru := s.table.Rules
	pad := 0
	if ru.HasDefault && len(matches) < ru.MinMatches {
		pad = ru.MinMatches - len(matches)
	}
	for _, o := range s.outs {
		var vals []value.Value
		for _, m := range matches {
			if v := s.table.Rows[m][o.col]; v != "" {
				vals = append(vals, value.Str(v))
			}
		}
		for i := 0; i < pad; i++ {
			vals = append(vals, value.Str(ru.DefaultMatch))
		}
		if len(vals) == 0 {
			continue
		}
		if s.outNew && !r.Get(o.dest).IsNull() {
			continue
		}
		r.Set(o.dest, value.Multi(vals...))
	}
	return nil
}

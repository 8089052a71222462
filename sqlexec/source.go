package sqlexec

import (
	"context"
	"fmt"
	"reflect"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// rowSource hands an engine's rows to the search spelunk runs over them,
// in the engine's order; a subsearch's tstats over a dataset reads the
// dataset's whole table from the engine.
type rowSource struct {
	rows []value.Fields
	e    Engine
	base *datamodel.Base
}

func (s *rowSource) Scan(ctx context.Context, req engine.EventScan, fn func(value.Fields) error) error {
	var keep func(value.Fields) bool
	if req.NewKeep != nil {
		keep = req.NewKeep()
	}
	for _, r := range s.rows {
		if keep != nil && !keep(r) {
			continue
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

func (s *rowSource) Dataset(name string) (engine.Dataset, error) {
	def, err := s.base.LookupDataset(name)
	if err != nil {
		return nil, err
	}
	return &tableDataset{e: s.e, def: def}, nil
}

// tableDataset is a dataset's table on the engine, read whole.
type tableDataset struct {
	e   Engine
	def *datamodel.DatasetDef
}

func (d *tableDataset) Name() string   { return d.def.Name() }
func (d *tableDataset) Object() string { return d.def.Object() }

func (d *tableDataset) Scan(ctx context.Context, fn func(value.Fields) error) error {
	from := d.e.Tables().DatasetFrom(d.e.Dialect(), d.def.Model, d.def.Path)
	rows, err := d.e.Query(ctx, "SELECT * FROM "+from)
	if err != nil {
		return fmt.Errorf("dataset %s: %v", d.def.Name(), err)
	}
	for _, r := range rows.Rows {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

func (d *tableDataset) Events(ctx context.Context, fn func(event, row value.Fields) error) error {
	return fmt.Errorf("dataset %s: its events are not on the SQL engine, only its rows", d.def.Name())
}

// checkRest refuses a rest of the pipeline that would read events:
// a subsearch over events, map, from datamodel. The engine's rows stand
// for the events there, so the answer would be wrong, not slow.
func checkRest(rest []spl.Command) error {
	var bad spl.Command
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		if bad != nil || !v.IsValid() {
			return
		}
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if v.IsNil() {
				return
			}
			if sub, ok := v.Interface().(*spl.Subsearch); ok && sub.Pipeline != nil && len(sub.Pipeline.Commands) > 0 {
				if readsEvents(sub.Pipeline.Commands[0]) {
					bad = sub.Pipeline.Commands[0]
					return
				}
			}
			walk(v.Elem())
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice, reflect.Array:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		case reflect.Map:
			for _, k := range v.MapKeys() {
				walk(v.MapIndex(k))
			}
		}
	}
	for _, c := range rest {
		if readsEvents(c) && c.CommandName() != "search" {
			bad = c
			break
		}
		walk(reflect.ValueOf(c))
	}
	if bad != nil {
		return fmt.Errorf("sql: %s at offset %d reads events, which run --engine leaves in the engine; run it without --engine", bad.CommandName(), bad.Span().Start)
	}
	return nil
}

// readsEvents reports whether a command reads the source's events.
func readsEvents(c spl.Command) bool {
	switch c := c.(type) {
	case *spl.SearchCommand:
		return c.Expr != nil
	case *spl.TstatsCommand:
		return c.Datamodel == ""
	}
	switch c.CommandName() {
	case "map", "mstats", "from", "datamodel", "pivot", "metadata", "eventcount", "multisearch":
		return true
	}
	return false
}

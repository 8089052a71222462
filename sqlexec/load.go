//go:build !spelunk_noclickhouse

package sqlexec

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// loadBatch is how many rows go in one INSERT.
const loadBatch = 20000

// Load writes src's events into the table "events" and each data model
// dataset's rows (the rows tstats reads, as spelunk builds them) into
// "<model>__<dataset>", replacing tables of those names: MergeTree
// ordered by sourcetype and _time, _time as Float64 epoch seconds,
// every other field Nullable(String) (a multivalue field's values joined
// by newlines). The events keep spelunk's read order in _spelunk_seq.
func (ch *ClickHouse) Load(ctx context.Context, src engine.Source, base *datamodel.Base, progress func(TableStats)) (*LoadStats, error) {
	out := &LoadStats{}
	events := func(fn func(value.Fields) error) error {
		seq := 0
		return src.Scan(ctx, engine.AllEvents, func(r value.Fields) error {
			r = append(r, value.Field{Name: "_spelunk_seq", Value: value.Num(float64(seq))})
			seq++
			return fn(r)
		})
	}
	ts, err := ch.loadTable(ctx, "events", events, []string{"_raw", "host", "source", "index"}, true)
	if err != nil {
		return nil, fmt.Errorf("events: %v", err)
	}
	out.Tables = append(out.Tables, ts)
	if progress != nil {
		progress(ts)
	}
	for _, name := range base.DatasetNames() {
		def, err := base.LookupDataset(name)
		if err != nil {
			return nil, err
		}
		ds, err := src.Dataset(name)
		if err != nil {
			return nil, err
		}
		ts, err := ch.loadTable(ctx, TableName(def), func(fn func(value.Fields) error) error { return ds.Scan(ctx, fn) },
			declared(base, def), false)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		out.Tables = append(out.Tables, ts)
		if progress != nil {
			progress(ts)
		}
	}
	return out, nil
}

// loadTable replaces table with the rows scan gives, read twice: for the
// columns, then in batches, so that no more than a batch is held.
// Columns are those listed and every field a row has (fields starting
// with _ only for _raw and the sequence).
func (ch *ClickHouse) loadTable(ctx context.Context, table string, scan func(func(value.Fields) error) error, columns []string, seq bool) (TableStats, error) {
	names := map[string]bool{}
	for _, c := range columns {
		names[c] = true
	}
	if err := scan(func(r value.Fields) error {
		for _, f := range r {
			if !strings.HasPrefix(f.Name, "_") && !f.Value.IsNull() {
				names[f.Name] = true
			}
		}
		return nil
	}); err != nil {
		return TableStats{}, err
	}
	delete(names, "sourcetype")
	cols := make([]string, 0, len(names))
	for n := range names {
		cols = append(cols, n)
	}
	sort.Strings(cols)
	defs := []string{`"_time" Float64`, `"sourcetype" String`}
	list := []string{`"_time"`, `"sourcetype"`}
	if seq {
		defs = append(defs, `"_spelunk_seq" UInt64`)
		list = append(list, `"_spelunk_seq"`)
	}
	for _, c := range cols {
		defs = append(defs, Ident(c)+" Nullable(String)")
		list = append(list, Ident(c))
	}
	t := Ident(table)
	if err := ch.Conn.Exec(ctx, "DROP TABLE IF EXISTS "+t); err != nil {
		return TableStats{}, err
	}
	create := "CREATE TABLE " + t + " (" + strings.Join(defs, ", ") + `) ENGINE = MergeTree() ORDER BY ("sourcetype", "_time")`
	if err := ch.Conn.Exec(ctx, create); err != nil {
		return TableStats{}, err
	}
	// 18.16 tells clickhouse-go the table's columns only when the
	// INSERT lists them.
	insert := "INSERT INTO " + t + " (" + strings.Join(list, ", ") + ")"
	var batch driver.Batch
	n, inBatch := 0, 0
	send := func() error {
		if batch == nil {
			return nil
		}
		err := batch.Send()
		batch, inBatch = nil, 0
		return err
	}
	err := scan(func(r value.Fields) error {
		if batch == nil {
			var err error
			if batch, err = ch.Conn.PrepareBatch(ctx, insert); err != nil {
				return err
			}
		}
		tm, _ := r.Get("_time").Number()
		vals := []any{tm, r.Get("sourcetype").String()}
		if seq {
			n, _ := r.Get("_spelunk_seq").Number()
			vals = append(vals, uint64(n))
		}
		vals = AppendCells(vals, r, cols)
		if err := batch.Append(vals...); err != nil {
			return err
		}
		n++
		if inBatch++; inBatch == loadBatch {
			return send()
		}
		return nil
	})
	if err == nil {
		err = send()
	} else if batch != nil {
		batch.Abort()
	}
	if err != nil {
		return TableStats{}, err
	}
	return TableStats{Name: table, Rows: n, Columns: len(list)}, nil
}

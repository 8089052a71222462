package sqlexec

import (
	"reflect"
	"strings"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/sqlgen"
	"github.com/spelunk-dev/spelunk/value"
)

// What the ClickHouse client shares with the binaries built without it
// (the spelunk_noclickhouse tag) and with sqlrun's test server.

// ClickHouseTables is the layout `spelunk index --to clickhouse://` writes
// in the URL's database: events in "events", each dataset in
// "<model>__<dataset>", _time as epoch seconds.
var ClickHouseTables = sqlgen.Tables{Events: `"events"`, Dataset: `"{model}__{dataset}"`, TimeEpoch: true, Seq: true}

// LoadStats say what Load wrote: rows by table.
type LoadStats struct {
	Tables []TableStats
}

// TableStats are one table's name, rows and columns.
type TableStats struct {
	Name          string
	Rows, Columns int
}

// TableName is a dataset's table in ClickHouseTables' layout.
func TableName(def *datamodel.DatasetDef) string { return def.Model + "__" + def.Path }

// declared are the fields of a dataset and its ancestors, so that its
// table has a column for each even when no row has it (a missing field
// reads as null, not as an unknown column).
func declared(base *datamodel.Base, def *datamodel.DatasetDef) []string {
	out := []string{"host", "source", "index"}
	parts := strings.Split(def.Path, ".")
	for i := range parts {
		d, err := base.LookupDataset(def.Model + "." + strings.Join(parts[:i+1], "."))
		if err != nil {
			continue
		}
		out = append(out, d.Fields...)
		for _, c := range d.AllCalcs() {
			out = append(out, c.Field)
		}
	}
	return out
}

// Deref turns pointers (nullable cells) and typed slices (arrays) into
// the values Cell reads.
func Deref(v reflect.Value) any {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Slice && v.Type().Elem().Kind() != reflect.Uint8 {
		out := make([]any, v.Len())
		for i := range out {
			out[i] = Deref(v.Index(i))
		}
		return out
	}
	return v.Interface()
}

// Ident quotes a ClickHouse identifier.
func Ident(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// AppendCells appends r's cols to vals as Nullable(String) cells for a
// ClickHouse batch: nil for a missing field, else its text.
func AppendCells(vals []any, r value.Fields, cols []string) []any {
	for _, c := range cols {
		v := r.Get(c)
		if v.IsNull() {
			vals = append(vals, (*string)(nil))
			continue
		}
		s := v.String()
		vals = append(vals, &s)
	}
	return vals
}

// Package sqlrun runs the SQL of package sqlgen on DuckDB (embedded,
// through cgo, hence this separate module) and writes the data model
// dataset tables that SQL reads, so its results can be set beside
// spelunk's own.
package sqlrun

import (
	"bufio"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" driver

	"github.com/spelunk-dev/spelunk/value"
)

// OpenDuckDB opens an in-memory DuckDB.
func OpenDuckDB() (*sql.DB, error) { return sql.Open("duckdb", "") }

// Rows are a result as text: Columns, then one cell per column a row, ""
// for null, a list's values joined by newlines as spelunk prints a
// multivalue field.
type Rows struct {
	Columns []string
	Rows    [][]string
}

// Query runs q and reads every cell as text.
func Query(db *sql.DB, q string) (*Rows, error) {
	rs, err := db.Query(q)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	cols, err := rs.Columns()
	if err != nil {
		return nil, err
	}
	out := &Rows{Columns: cols}
	for rs.Next() {
		cells := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range cells {
			ptrs[i] = &cells[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]string, len(cols))
		for i, c := range cells {
			row[i] = Text(c)
		}
		out.Rows = append(out.Rows, row)
	}
	return out, rs.Err()
}

// Text prints a driver value as spelunk prints a field: numbers in
// Splunk's form, timestamps as epoch seconds, lists joined by newlines.
func Text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case []byte:
		return string(v)
	case bool:
		if v {
			return "True"
		}
		return "False"
	case float64:
		return value.FormatNumber(v)
	case float32:
		return value.FormatNumber(float64(v))
	case int64, int32, int16, int8, int, uint64, uint32, uint16, uint8:
		return fmt.Sprint(v)
	case time.Time:
		return value.FormatNumber(float64(v.UnixMicro()) / 1e6)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = Text(e)
		}
		return strings.Join(parts, "\n")
	}
	return fmt.Sprint(v)
}

// SameCell compares two cells: equal text, or numbers equal to nine
// significant digits (engines sum and average in their own order), cell
// by cell for multivalue cells.
func SameCell(a, b string) bool {
	if a == b {
		return true
	}
	as, bs := strings.Split(a, "\n"), strings.Split(b, "\n")
	if len(as) != len(bs) {
		return false
	}
	for i := range as {
		x, err1 := strconv.ParseFloat(as[i], 64)
		y, err2 := strconv.ParseFloat(bs[i], 64)
		if err1 != nil || err2 != nil {
			if as[i] != bs[i] {
				return false
			}
			continue
		}
		if x != y && math.Abs(x-y) > 1e-9*math.Max(math.Abs(x), math.Abs(y)) {
			return false
		}
	}
	return true
}

// DatasetPath is where a dataset's table goes under root, as sqlgen's
// default layout reads it. Names are refused when they could lead out of
// root.
func DatasetPath(root, name string) (string, error) {
	model, path, ok := strings.Cut(name, ".")
	if !ok || model == "" || path == "" {
		return "", fmt.Errorf("dataset %q: want <model>.<dataset>", name)
	}
	for _, part := range []string{model, path} {
		if strings.ContainsAny(part, `/\`) || strings.Contains(part, "..") || strings.HasPrefix(part, ".") {
			return "", fmt.Errorf("dataset %q: a name may not hold a path", name)
		}
	}
	return filepath.Join(root, "datamodel="+model, "dataset="+path), nil
}

// WriteDataset writes a dataset's rows as the Parquet table sqlgen reads:
// _time a timestamp, every other field text (a multivalue field's values
// joined by newlines), with columns among them even where no row has
// them. It returns how many cells were multivalue, which
// a text column cannot match as spelunk does, by field.
func WriteDataset(db *sql.DB, root, name string, rows []value.Fields, columns []string) (multi map[string]int, err error) {
	dir, err := DatasetPath(root, name)
	if err != nil {
		return nil, err
	}
	return WriteTable(db, dir, rows, columns)
}

// WriteTable writes rows as dir/part-0.parquet: _time a timestamp, the
// other fields text; fields starting with _ only when columns lists them.
func WriteTable(db *sql.DB, dir string, rows []value.Fields, columns []string) (multi map[string]int, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp("", "sqlrun-*.json")
	if err != nil {
		return nil, err
	}
	multi = map[string]int{}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	names := map[string]bool{}
	for _, c := range columns {
		names[c] = true
	}
	for _, r := range rows {
		obj := map[string]any{}
		for _, f := range r {
			if strings.HasPrefix(f.Name, "_") && f.Name != "_time" && !names[f.Name] || f.Value.IsNull() {
				continue
			}
			if f.Name == "_time" {
				t, _ := f.Value.Number()
				obj["__t"] = t
				continue
			}
			if f.Value.IsMulti() {
				multi[f.Name]++
			}
			obj[f.Name] = f.Value.String()
			names[f.Name] = true
		}
		b, err := json.Marshal(obj)
		if err != nil {
			return nil, err
		}
		w.Write(b)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	tmp.Close()
	cols := make([]string, 0, len(names))
	for n := range names {
		cols = append(cols, n)
	}
	sort.Strings(cols)
	spec := []string{"'__t': 'DOUBLE'"}
	for _, c := range cols {
		spec = append(spec, lit(c)+": 'VARCHAR'")
	}
	q := "COPY (SELECT make_timestamp(CAST(round(__t * 1000000) AS BIGINT)) AS _time, * EXCLUDE (__t) FROM read_json(" +
		lit(tmp.Name()) + ", format = 'newline_delimited', columns = {" + strings.Join(spec, ", ") + "})) TO " +
		lit(filepath.Join(dir, "part-0.parquet")) + " (FORMAT PARQUET)"
	_, err = db.Exec(q)
	return multi, err
}

func lit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

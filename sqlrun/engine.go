package sqlrun

import (
	"context"
	"database/sql"
	"strings"

	"github.com/spelunk-dev/spelunk/sqlexec"
	"github.com/spelunk-dev/spelunk/sqlgen"
	"github.com/spelunk-dev/spelunk/value"
)

// DuckDB is an embedded DuckDB as an sqlexec.Engine: it reads the
// Parquet files of an index folder in sqlgen's default layout.
type DuckDB struct {
	DB *sql.DB
	T  sqlgen.Tables
}

// OpenDuckDBEngine opens "duckdb" (the index folder idx) or
// "duckdb:path" (the index folder path); register it with
// sqlexec.Register("duckdb", sqlrun.OpenDuckDBEngine).
func OpenDuckDBEngine(url string) (sqlexec.Engine, error) {
	root := strings.TrimPrefix(strings.TrimPrefix(url, "duckdb"), ":")
	db, err := OpenDuckDB()
	if err != nil {
		return nil, err
	}
	return &DuckDB{DB: db, T: sqlgen.Tables{Root: root}}, nil
}

func (d *DuckDB) Dialect() *sqlgen.Dialect {
	dl, _ := sqlgen.LookupDialect("duckdb")
	return dl
}

func (d *DuckDB) Tables() sqlgen.Tables { return d.T }

func (d *DuckDB) Close() error { return d.DB.Close() }

// Query runs q and reads its rows as spelunk values.
func (d *DuckDB) Query(ctx context.Context, q string) (*sqlexec.Rows, error) {
	rs, err := d.DB.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	cols, err := rs.Columns()
	if err != nil {
		return nil, err
	}
	out := &sqlexec.Rows{Columns: cols}
	cells := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range cells {
		ptrs[i] = &cells[i]
	}
	for rs.Next() {
		clear(cells)
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make(value.Fields, 0, len(cols))
		for i, c := range cells {
			if strings.HasPrefix(cols[i], "_spelunk") {
				continue
			}
			if v, ok := sqlexec.Cell(c); ok {
				row = append(row, value.Field{Name: cols[i], Value: v})
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out, rs.Err()
}

// Upload replaces table with a lookup's rows, in the database.
func (d *DuckDB) Upload(ctx context.Context, table string, fields []string, rows [][]string) error {
	defs := []string{`"_spelunk_row" BIGINT`}
	marks := []string{"?"}
	for _, f := range fields {
		defs = append(defs, duckIdent(f)+" VARCHAR")
		marks = append(marks, "?")
	}
	t := duckIdent(table)
	if _, err := d.DB.ExecContext(ctx, "CREATE OR REPLACE TABLE "+t+" ("+strings.Join(defs, ", ")+")"); err != nil {
		return err
	}
	tx, err := d.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, "INSERT INTO "+t+" VALUES ("+strings.Join(marks, ", ")+")")
	if err != nil {
		return err
	}
	defer st.Close()
	for i, r := range rows {
		args := []any{int64(i)}
		for _, c := range r {
			args = append(args, c)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func duckIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

//go:build !spelunk_noclickhouse

package sqlexec

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/spelunk-dev/spelunk/sqlgen"
	"github.com/spelunk-dev/spelunk/value"
)

// ClickHouse is a ClickHouse server reached over the native protocol.
type ClickHouse struct {
	Conn   driver.Conn
	tables sqlgen.Tables
}

// OpenClickHouse connects to clickhouse://[user[:password]@]host:port/db
// and checks that the server answers.
func OpenClickHouse(url string) (Engine, error) {
	return DialClickHouse(url)
}

// DialClickHouse is OpenClickHouse with its concrete type, for loading
// tables.
func DialClickHouse(url string) (*ClickHouse, error) {
	opt, err := clickhouse.ParseDSN(url)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", url, err)
	}
	conn, err := clickhouse.Open(opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", url, err)
	}
	if err := conn.Ping(context.Background()); err != nil {
		conn.Close()
		return nil, fmt.Errorf("%s: %v", url, err)
	}
	return &ClickHouse{Conn: conn, tables: ClickHouseTables}, nil
}

func (ch *ClickHouse) Dialect() *sqlgen.Dialect {
	d, _ := sqlgen.LookupDialect("clickhouse")
	return d
}

func (ch *ClickHouse) Tables() sqlgen.Tables { return ch.tables }

func (ch *ClickHouse) Close() error { return ch.Conn.Close() }

// Query runs q and reads its rows as spelunk values.
func (ch *ClickHouse) Query(ctx context.Context, q string) (*Rows, error) {
	rs, err := ch.Conn.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	types := rs.ColumnTypes()
	out := &Rows{Columns: rs.Columns()}
	ptrs := make([]any, len(types))
	for rs.Next() {
		for i, ct := range types {
			ptrs[i] = reflect.New(ct.ScanType()).Interface()
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make(value.Fields, 0, len(ptrs))
		for i, p := range ptrs {
			if internal(out.Columns[i]) {
				continue
			}
			if v, ok := Cell(Deref(reflect.ValueOf(p).Elem())); ok {
				row = append(row, value.Field{Name: out.Columns[i], Value: v})
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out, rs.Err()
}

// Upload replaces table with a lookup's rows, in memory.
func (ch *ClickHouse) Upload(ctx context.Context, table string, fields []string, rows [][]string) error {
	defs := []string{`"_spelunk_row" UInt64`}
	list := []string{`"_spelunk_row"`}
	for _, f := range fields {
		defs = append(defs, Ident(f)+" String")
		list = append(list, Ident(f))
	}
	t := Ident(table)
	if err := ch.Conn.Exec(ctx, "DROP TABLE IF EXISTS "+t); err != nil {
		return err
	}
	if err := ch.Conn.Exec(ctx, "CREATE TABLE "+t+" ("+strings.Join(defs, ", ")+") ENGINE = Memory"); err != nil {
		return err
	}
	batch, err := ch.Conn.PrepareBatch(ctx, "INSERT INTO "+t+" ("+strings.Join(list, ", ")+")")
	if err != nil {
		return err
	}
	for i, r := range rows {
		vals := []any{uint64(i)}
		for _, c := range r {
			vals = append(vals, c)
		}
		if err := batch.Append(vals...); err != nil {
			return err
		}
	}
	return batch.Send()
}

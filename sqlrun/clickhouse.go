package sqlrun

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/spelunk-dev/spelunk/sqlexec"
	"github.com/spelunk-dev/spelunk/value"
)

// ClickHouse is a clickhouse-server started from a temporary folder,
// reached over the native protocol on the loopback address.
type ClickHouse struct {
	Addr string
	Conn driver.Conn
	cmd  *exec.Cmd
}

// StartClickHouse starts Debian's clickhouse-server with its data under
// dir, on free loopback ports, and waits until it answers. It returns an
// error saying so when clickhouse-server is not installed.
func StartClickHouse(dir string) (*ClickHouse, error) {
	bin, err := exec.LookPath("clickhouse-server")
	if err != nil {
		return nil, fmt.Errorf("clickhouse-server is not installed (apt-get install clickhouse-server): %w", err)
	}
	tcp, err := freePort()
	if err != nil {
		return nil, err
	}
	http, err := freePort()
	if err != nil {
		return nil, err
	}
	inter, err := freePort()
	if err != nil {
		return nil, err
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "--config-file=/etc/clickhouse-server/config.xml", "--",
		"--path="+dir+"/", "--tcp_port="+strconv.Itoa(tcp), "--http_port="+strconv.Itoa(http),
		"--interserver_http_port="+strconv.Itoa(inter),
		"--listen_host=127.0.0.1", "--logger.log="+filepath.Join(dir, "server.log"),
		"--logger.errorlog="+filepath.Join(dir, "server.err.log"))
	cmd.Dir = dir
	log, err := os.Create(filepath.Join(dir, "stdout.log"))
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	ch := &ClickHouse{Addr: "127.0.0.1:" + strconv.Itoa(tcp), cmd: cmd}
	deadline := time.Now().Add(60 * time.Second)
	for {
		conn, err := clickhouse.Open(&clickhouse.Options{Addr: []string{ch.Addr}})
		if err == nil {
			if err = conn.Ping(context.Background()); err == nil {
				ch.Conn = conn
				return ch, nil
			}
			conn.Close()
		}
		if time.Now().After(deadline) {
			ch.Stop()
			return nil, fmt.Errorf("clickhouse-server did not answer on %s: %v (see %s)", ch.Addr, err, dir)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// Stop ends the server this process started.
func (ch *ClickHouse) Stop() {
	if ch.Conn != nil {
		ch.Conn.Close()
	}
	if ch.cmd != nil && ch.cmd.Process != nil {
		ch.cmd.Process.Kill()
		ch.cmd.Wait()
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Query runs q and reads every cell as text.
func (ch *ClickHouse) Query(q string) (*Rows, error) {
	rs, err := ch.Conn.Query(context.Background(), q)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	types := rs.ColumnTypes()
	out := &Rows{Columns: rs.Columns()}
	for rs.Next() {
		ptrs := make([]any, len(types))
		for i, ct := range types {
			ptrs[i] = reflect.New(ct.ScanType()).Interface()
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]string, len(ptrs))
		for i, p := range ptrs {
			row[i] = Text(sqlexec.Deref(reflect.ValueOf(p).Elem()))
		}
		out.Rows = append(out.Rows, row)
	}
	return out, rs.Err()
}

// TableName is the ClickHouse table of a dataset in the test layout:
// Tables{Dataset: `"{model}__{dataset}"`, TimeEpoch: true}.
func TableName(name string) string {
	model, path, _ := strings.Cut(name, ".")
	return model + "__" + path
}

// LoadDataset creates a dataset's table (a MergeTree ordered by _time,
// held as epoch seconds since 18.16 has no sub-second DateTime) and
// inserts its rows, every field text as in WriteDataset.
func (ch *ClickHouse) LoadDataset(name string, rows []value.Fields, columns []string) error {
	return ch.LoadTable(TableName(name), rows, columns)
}

// LoadTable creates a table of rows as LoadDataset does; fields starting
// with _ other than _time go in only when columns lists them.
func (ch *ClickHouse) LoadTable(table string, rows []value.Fields, columns []string) error {
	names := map[string]bool{}
	for _, c := range columns {
		names[c] = true
	}
	for _, r := range rows {
		for _, f := range r {
			if !strings.HasPrefix(f.Name, "_") && !f.Value.IsNull() {
				names[f.Name] = true
			}
		}
	}
	delete(names, "_time")
	cols := make([]string, 0, len(names))
	for n := range names {
		cols = append(cols, n)
	}
	sort.Strings(cols)
	defs := []string{"\"_time\" Float64"}
	for _, c := range cols {
		defs = append(defs, chIdent(c)+" Nullable(String)")
	}
	ctx := context.Background()
	if err := ch.Conn.Exec(ctx, "DROP TABLE IF EXISTS "+chIdent(table)); err != nil {
		return err
	}
	if err := ch.Conn.Exec(ctx, "CREATE TABLE "+chIdent(table)+" ("+strings.Join(defs, ", ")+") ENGINE = MergeTree() ORDER BY \"_time\""); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	// 18.16 tells clickhouse-go the table's columns only when the
	// INSERT lists them.
	list := []string{chIdent("_time")}
	for _, c := range cols {
		list = append(list, chIdent(c))
	}
	batch, err := ch.Conn.PrepareBatch(ctx, "INSERT INTO "+chIdent(table)+" ("+strings.Join(list, ", ")+")")
	if err != nil {
		return err
	}
	for _, r := range rows {
		t, _ := r.Get("_time").Number()
		vals := []any{t}
		vals = sqlexec.AppendCells(vals, r, cols)
		if err := batch.Append(vals...); err != nil {
			return err
		}
	}
	return batch.Send()
}

func chIdent(s string) string { return "\"" + strings.ReplaceAll(s, "\"", "\\\"") + "\"" }

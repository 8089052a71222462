package output

import (
	"bytes"
	"encoding/csv"
	"io"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// csvBlock is how many rows one goroutine formats at a time.
const csvBlock = 4096

// CSV writes a header and one line per row; multivalue cells hold
// their values separated by newlines, as Splunk's CSV export does. Many
// rows are formatted in blocks on every core and written in order, a few
// blocks ahead at most.
func CSV(w io.Writer, res *engine.Result, tz *time.Location) error {
	if len(res.Rows) == 0 {
		return nil
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(res.Columns); err != nil {
		return err
	}
	workers := runtime.GOMAXPROCS(0)
	if len(res.Rows) <= csvBlock || workers < 2 {
		return csvRows(cw, res.Columns, res.Rows, tz)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	blocks := (len(res.Rows) + csvBlock - 1) / csvBlock
	outs := make([]chan *bytes.Buffer, blocks)
	for i := range outs {
		outs[i] = make(chan *bytes.Buffer, 1)
	}
	// ahead bounds the blocks formatted and not yet written; their
	// buffers are used again once written.
	ahead := make(chan struct{}, workers+1)
	free := make(chan *bytes.Buffer, workers+1)
	var stop atomic.Bool
	go func() {
		for i := range blocks {
			ahead <- struct{}{}
			go func() {
				var buf *bytes.Buffer
				select {
				case buf = <-free:
				default:
					buf = new(bytes.Buffer)
				}
				if !stop.Load() {
					rows := res.Rows[i*csvBlock : min(len(res.Rows), (i+1)*csvBlock)]
					csvRows(csv.NewWriter(buf), res.Columns, rows, tz) // a Buffer does not fail
				}
				outs[i] <- buf
			}()
		}
	}()
	var err error
	for _, out := range outs {
		buf := <-out
		if err == nil {
			if _, err = w.Write(buf.Bytes()); err != nil {
				stop.Store(true)
			}
		}
		buf.Reset()
		select {
		case free <- buf:
		default:
		}
		<-ahead
	}
	return err
}

// csvRows writes rows through cw and flushes it.
func csvRows(cw *csv.Writer, cols []string, rows []value.Fields, tz *time.Location) error {
	rec := make([]string, len(cols))
	for _, r := range rows {
		// Most rows hold the columns in their order: while they do, a
		// field is where its column is, and no field before has its name
		// (columns differ), so it is what Get would find.
		aligned := true
		for i, c := range cols {
			var v value.Value
			if aligned = aligned && i < len(r) && r[i].Name == c; aligned {
				v = r[i].Value
			} else {
				v = r.Get(c)
			}
			rec[i] = cellText(c, v, tz)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// cellText is Cell's values joined by newlines, without making the list
// for a single value.
func cellText(col string, v value.Value, tz *time.Location) string {
	if col != "_time" && !v.IsMulti() {
		return v.String()
	}
	return strings.Join(Cell(col, v, tz), "\n")
}

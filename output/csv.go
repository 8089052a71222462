package output

import (
	"bytes"
	"encoding/csv"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// csvBlock is how many rows one goroutine formats at a time.
const csvBlock = 4096

// csvBatch is how many rows are written at a time by one goroutine.
const csvBatch = 64

// CSV writes a header and one line per row; multivalue cells hold
// their values separated by newlines, as Splunk's CSV export does. Many
// rows are formatted in blocks on every core and written in order, a few
// blocks ahead at most.
func CSV(w io.Writer, res *engine.Result, tz *time.Location) error {
	n := res.Len()
	if n == 0 {
		return nil
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(res.Columns); err != nil {
		return err
	}
	workers := runtime.GOMAXPROCS(0)
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	appendRows := func(buf []byte, from, to int) []byte { return appendResultRows(buf, res, from, to, tz) }
	if cc := newColumnCells(res); cc != nil {
		appendRows = cc.appendRows
	}
	if n <= csvBlock || workers < 2 {
		// A few rows at a time in one buffer: growing a buffer for all
		// the rows cost more than formatting them (fresh memory).
		buf := make([]byte, 0, 64<<10)
		for i := 0; i < n; i += csvBatch {
			buf = appendRows(buf[:0], i, min(n, i+csvBatch))
			if _, err := w.Write(buf); err != nil {
				return err
			}
		}
		return nil
	}
	blocks := (n + csvBlock - 1) / csvBlock
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
					buf.Write(appendRows(buf.AvailableBuffer(), i*csvBlock, min(n, (i+1)*csvBlock)))
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

// appendResultRows appends rows from to to of res to buf as
// encoding/csv's Writer writes them (comma-separated, quoted where it
// quotes, "\n" after each), numbers formatted in place rather than made
// into strings first. A compact result's rows are made each in the
// space of the one before.
func appendResultRows(buf []byte, res *engine.Result, from, to int, tz *time.Location) []byte {
	var scratch value.Fields
	for i := from; i < to; i++ {
		r := res.Row(i, scratch)
		scratch = r
		buf = appendCSVRow(buf, res.Columns, r, tz)
	}
	return buf
}

// appendCSVRow appends one row (appendResultRows).
func appendCSVRow(buf []byte, cols []string, r value.Fields, tz *time.Location) []byte {
	// Most rows hold the columns in their order: while they do, a
	// field is where its column is, and no field before has its name
	// (columns differ), so it is what Get would find.
	aligned := true
	for i, c := range cols {
		if i > 0 {
			buf = append(buf, ',')
		}
		var v value.Value
		if aligned = aligned && i < len(r) && r[i].Name == c; aligned {
			v = r[i].Value
		} else {
			v = r.Get(c)
		}
		if c != "_time" && v.Kind() == value.KindNumber {
			if f, _ := v.Number(); !math.IsNaN(f) && !math.IsInf(f, 0) {
				if sf, _ := v.Precision(); sf == 0 {
					// value.FormatNumber's text, which never
					// needs quotes.
					prec := -1
					if f == math.Trunc(f) && math.Abs(f) < 1e21 {
						prec = 0
					}
					buf = strconv.AppendFloat(buf, f, 'f', prec, 64)
					continue
				}
			}
		}
		buf = appendCSVField(buf, cellText(c, v, tz))
	}
	buf = append(buf, '\n')
	return buf
}

// appendCSVField appends one field, quoted when encoding/csv's Writer
// quotes it (fieldNeedsQuotes), its quotes doubled.
func appendCSVField(buf []byte, s string) []byte {
	quote := s == `\.`
	for i := 0; i < len(s) && !quote; i++ {
		c := s[i]
		quote = c == '\n' || c == '\r' || c == '"' || c == ','
	}
	if !quote && s != "" {
		r, _ := utf8.DecodeRuneInString(s)
		quote = unicode.IsSpace(r)
	}
	if !quote {
		return append(buf, s...)
	}
	buf = append(buf, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		buf = append(buf, s[:i+1]...)
		buf = append(buf, '"')
		s = s[i+1:]
	}
	buf = append(buf, s...)
	return append(buf, '"')
}

// cellText is Cell's values joined by newlines, without making the list
// for a single value.
func cellText(col string, v value.Value, tz *time.Location) string {
	if col != "_time" && !v.IsMulti() {
		return v.String()
	}
	return strings.Join(Cell(col, v, tz), "\n")
}

// Package output writes search results as Splunk shows them: an aligned
// table for a terminal, CSV, JSON or JSON lines, with _time readable and
// multivalue fields as their values.
package output

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/timefmt"
	"github.com/spelunk-dev/spelunk/value"
)

// ValidFormat reports whether f is a format Write knows.
func ValidFormat(f string) bool {
	switch f {
	case "table", "csv", "json", "jsonl":
		return true
	}
	return false
}

// Cell renders one value as Splunk shows it: multivalue fields as their
// values, one per line; _time as a readable timestamp.
func Cell(col string, v value.Value, tz *time.Location) []string {
	if col == "_time" {
		if t, ok := v.Number(); ok {
			return []string{timefmt.Strftime(t, "%Y-%m-%dT%H:%M:%S.%3N%:z", tz)}
		}
	}
	if v.IsNull() {
		return nil
	}
	return v.Strings()
}

// Write writes res in format: table, csv, json or jsonl.
func Write(w io.Writer, res *engine.Result, format string, tz *time.Location) error {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	switch format {
	case "csv":
		return CSV(bw, res, tz)
	case "json":
		return JSON(bw, res, tz, false)
	case "jsonl":
		return JSON(bw, res, tz, true)
	}
	return Table(bw, res, tz)
}

// JSON writes objects whose keys follow the column order; values are
// strings and multivalue fields arrays of strings, as Splunk's JSON
// results give them. Missing fields are left out.
func JSON(w io.Writer, res *engine.Result, tz *time.Location, lines bool) error {
	res.Materialize()
	if !lines {
		fmt.Fprint(w, "[")
	}
	for i, r := range res.Rows {
		var b strings.Builder
		b.WriteByte('{')
		first := true
		for _, c := range res.Columns {
			v := r.Get(c)
			vals := Cell(c, v, tz)
			if vals == nil {
				continue
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			k, _ := json.Marshal(c)
			b.Write(k)
			b.WriteByte(':')
			var enc []byte
			if v.IsMulti() {
				enc, _ = json.Marshal(vals)
			} else {
				enc, _ = json.Marshal(vals[0])
			}
			b.Write(enc)
		}
		b.WriteByte('}')
		switch {
		case lines:
			fmt.Fprintln(w, b.String())
		case i == 0:
			fmt.Fprint(w, "\n"+b.String())
		default:
			fmt.Fprint(w, ",\n"+b.String())
		}
	}
	if !lines {
		fmt.Fprintln(w, "\n]")
	}
	return nil
}

// Table aligns columns for a terminal; a multivalue cell takes one
// line per value.
func Table(w io.Writer, res *engine.Result, tz *time.Location) error {
	res.Materialize()
	if len(res.Rows) == 0 {
		fmt.Fprintln(w, "(no results)")
		return nil
	}
	widths := make([]int, len(res.Columns))
	for i, c := range res.Columns {
		widths[i] = utf8.RuneCountInString(c)
	}
	cells := make([][][]string, len(res.Rows))
	for ri, r := range res.Rows {
		cells[ri] = make([][]string, len(res.Columns))
		for i, c := range res.Columns {
			var lines []string
			for _, v := range Cell(c, r.Get(c), tz) {
				lines = append(lines, strings.Split(v, "\n")...)
			}
			cells[ri][i] = lines
			for _, l := range lines {
				widths[i] = max(widths[i], utf8.RuneCountInString(l))
			}
		}
	}
	writeLine := func(parts []string) {
		var b strings.Builder
		for i, p := range parts {
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(p)
			if i < len(parts)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(p)))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	writeLine(res.Columns)
	dashes := make([]string, len(widths))
	for i, n := range widths {
		dashes[i] = strings.Repeat("-", n)
	}
	writeLine(dashes)
	for _, row := range cells {
		height := 1
		for _, c := range row {
			height = max(height, len(c))
		}
		for l := 0; l < height; l++ {
			parts := make([]string, len(row))
			for i, c := range row {
				if l < len(c) {
					parts[i] = c[l]
				}
			}
			writeLine(parts)
		}
	}
	fmt.Fprintf(w, "\n%d result%s\n", len(res.Rows), Plural(len(res.Rows)))
	return nil
}

// Plural is "s" unless n is 1.
func Plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Object is a result row as a JSON object, values as Splunk gives them
// (strings; multivalue fields as arrays).
func Object(r value.Fields, cols []string, tz *time.Location) map[string]any {
	m := map[string]any{}
	for _, c := range cols {
		v := r.Get(c)
		vals := Cell(c, v, tz)
		switch {
		case vals == nil:
		case v.IsMulti():
			m[c] = vals
		default:
			m[c] = vals[0]
		}
	}
	return m
}

// RiskTable lists risk events: object, type, score and message.
func RiskTable(w io.Writer, evs []value.Fields) {
	if len(evs) == 0 {
		fmt.Fprintln(w, "Risk events: none (no risk object in the rows)")
		return
	}
	cols := []string{"risk_object", "risk_object_type", "risk_score", "threat_object", "risk_message"}
	fmt.Fprintln(w, "Risk events:")
	_ = Table(w, &engine.Result{Columns: cols, Rows: evs}, time.UTC)
}

package main

import (
	"bufio"
	"encoding/csv"
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

func validFormat(f string) bool {
	switch f {
	case "table", "csv", "json", "jsonl":
		return true
	}
	return false
}

// cell renders one value as Splunk shows it: multivalue fields as their
// values, one per line; _time as a readable timestamp.
func cell(col string, v value.Value, tz *time.Location) []string {
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

func writeResult(w io.Writer, res *engine.Result, format string, tz *time.Location) error {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	switch format {
	case "csv":
		return writeCSV(bw, res, tz)
	case "json":
		return writeJSON(bw, res, tz, false)
	case "jsonl":
		return writeJSON(bw, res, tz, true)
	}
	return writeTable(bw, res, tz)
}

// writeCSV writes a header and one line per row; multivalue cells hold
// their values separated by newlines, as Splunk's CSV export does.
func writeCSV(w io.Writer, res *engine.Result, tz *time.Location) error {
	if len(res.Rows) == 0 {
		return nil
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(res.Columns); err != nil {
		return err
	}
	rec := make([]string, len(res.Columns))
	for _, r := range res.Rows {
		for i, c := range res.Columns {
			rec[i] = strings.Join(cell(c, r.Get(c), tz), "\n")
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeJSON writes objects whose keys follow the column order; values are
// strings and multivalue fields arrays of strings, as Splunk's JSON
// results give them. Missing fields are left out.
func writeJSON(w io.Writer, res *engine.Result, tz *time.Location, lines bool) error {
	if !lines {
		fmt.Fprint(w, "[")
	}
	for i, r := range res.Rows {
		var b strings.Builder
		b.WriteByte('{')
		first := true
		for _, c := range res.Columns {
			v := r.Get(c)
			vals := cell(c, v, tz)
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

// writeTable aligns columns for a terminal; a multivalue cell takes one
// line per value.
func writeTable(w io.Writer, res *engine.Result, tz *time.Location) error {
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
			for _, v := range cell(c, r.Get(c), tz) {
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
	fmt.Fprintf(w, "\n%d result%s\n", len(res.Rows), plural(len(res.Rows)))
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

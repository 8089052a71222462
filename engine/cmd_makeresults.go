package engine

import (
	"encoding/csv"
	"math"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// makeresults generates count results holding _time, the search's start
// time in whole seconds; annotate=true adds Splunk's annotation fields
// with the values a lone search head gives them (splunk_server=local, the
// others empty) [offline choice]. With format= and data= the rows come
// from the inline CSV or JSON instead, with only the fields they spell
// (count and annotate are ignored, as documented).
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/makeresults
func init() {
	registerGen("makeresults", func(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
		c := cmd.(*spl.MakeresultsCommand)
		var rows []value.Fields
		switch c.Format {
		case "csv":
			r := csv.NewReader(strings.NewReader(strings.TrimSpace(c.Data)))
			r.FieldsPerRecord = -1
			recs, err := r.ReadAll()
			if err != nil {
				return nil, errAt(c, "makeresults: data is not valid CSV: %v", err)
			}
			if len(recs) > 0 {
				header := recs[0]
				for _, rec := range recs[1:] {
					var row value.Fields
					for i, v := range rec {
						if i < len(header) && v != "" {
							row.Set(strings.TrimSpace(header[i]), value.Str(v))
						}
					}
					rows = append(rows, row)
				}
			}
		case "json":
			n, err := parseJSON(strings.TrimSpace(c.Data))
			if err != nil {
				return nil, errAt(c, "makeresults: data is not valid JSON: %v", err)
			}
			objs := []*jnode{n}
			if n.kind == jArr {
				objs = n.items
			}
			for _, o := range objs {
				if o.kind != jObj {
					return nil, errAt(c, "makeresults: JSON data must be an object or an array of objects")
				}
				var row value.Fields
				for i, k := range o.keys {
					if v := jsonFieldValue(o.vals[i]); !v.IsNull() {
						row.Set(k, v)
					}
				}
				rows = append(rows, row)
			}
		default:
			t := value.Num(math.Floor(rc.now))
			return &countGenerator{n: c.Count, next: next, row: func() value.Fields {
				row := value.Fields{{Name: "_time", Value: t}}
				if c.Annotate {
					for _, f := range []string{"_raw", "host", "source", "sourcetype", "splunk_server_group"} {
						row = append(row, value.Field{Name: f, Value: value.Str("")})
					}
					row = append(row, value.Field{Name: "splunk_server", Value: value.Str("local")})
				}
				return row
			}}, nil
		}
		return &rowsGenerator{rows: rows, next: next}, nil
	})
}

// countGenerator makes n rows a batch at a time, so a huge count meets the
// result and memory limits as it goes instead of being built up front.
type countGenerator struct {
	n    int
	row  func() value.Fields
	next stage
}

func (g *countGenerator) generate() error {
	for g.n > 0 {
		batch := make([]value.Fields, min(g.n, batchSize))
		for i := range batch {
			batch[i] = g.row()
		}
		if err := g.next.push(batch); err != nil {
			return err
		}
		g.n -= len(batch)
	}
	return g.next.finish()
}

// rowsGenerator sends fixed rows.
type rowsGenerator struct {
	rows []value.Fields
	next stage
}

func (g *rowsGenerator) generate() error {
	for len(g.rows) > 0 {
		n := min(len(g.rows), batchSize)
		if err := g.next.push(g.rows[:n]); err != nil {
			return err
		}
		g.rows = g.rows[n:]
	}
	return g.next.finish()
}

// jsonFieldValue is a JSON value as a field value: scalars as their text
// (null as the text "null", as the JSON reader of ingest gives it),
// arrays as multivalue fields of their elements, objects as JSON text.
func jsonFieldValue(n *jnode) value.Value {
	switch n.kind {
	case jArr:
		vals := make([]value.Value, 0, len(n.items))
		for _, it := range n.items {
			vals = append(vals, value.Str(it.text()))
		}
		return value.Multi(vals...)
	}
	return value.Str(n.text())
}

package sqlgen

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
)

// Tables says where the SQL reads events and data model datasets. Each is
// a FROM item with placeholders: {root} for Root, {model} and {dataset}
// for a dataset (its model and its path, "Endpoint" and "Processes").
//
// The default is the layout of `spelunk index` under Root:
// index=<i>/sourcetype=<st>/day=<d>/part-<n>.parquet for events and
// datamodel=<model>/dataset=<path>/part-<n>.parquet for datasets, whose
// columns are named as tstats names the fields (Processes.dest) with _time.
type Tables struct {
	Root string `json:"root"`
	// Events and Dataset override the dialect's default FROM items.
	Events  string `json:"events"`
	Dataset string `json:"dataset"`
	// TimeEpoch says _time holds epoch seconds (a double), as in a
	// ClickHouse table loaded by spelunk; otherwise it is a timestamp.
	TimeEpoch bool `json:"time_epoch"`
	// Seq says an Events table holds _spelunk_seq, the order in which
	// spelunk read its events, which orders events of the same _time as
	// spelunk does (the default layout holds it).
	Seq bool `json:"seq"`
	// Lookup is the FROM item of a lookup's uploaded table, {name} its
	// table name (LookupTable); the default is that name.
	Lookup string `json:"lookup"`
}

// LoadTables reads a table mapping written as JSON:
//
//	{"root": "idx", "dataset": "dm_{model}_{dataset}", "time_epoch": true}
func LoadTables(path string) (Tables, error) {
	var t Tables
	data, err := os.ReadFile(path)
	if err != nil {
		return t, err
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return t, fmt.Errorf("%s: %v", path, err)
	}
	return t, nil
}

func (t Tables) root() string {
	if t.Root == "" {
		return "idx"
	}
	return strings.TrimSuffix(t.Root, "/")
}

// eventsFrom is the FROM item of the events.
func (t Tables) eventsFrom(d *Dialect) string {
	if t.Events != "" {
		return strings.ReplaceAll(t.Events, "{root}", t.root())
	}
	glob := t.root() + "/index=*/sourcetype=*/day=*/*.parquet"
	return parquetFrom(d, glob)
}

// DatasetFrom is the FROM item of one dataset: its model ("Endpoint")
// and path ("Processes").
func (t Tables) DatasetFrom(d *Dialect, model, path string) string {
	return t.datasetFrom(d, model, path)
}

func (t Tables) datasetFrom(d *Dialect, model, path string) string {
	if t.Dataset != "" {
		r := strings.NewReplacer("{root}", t.root(), "{model}", model, "{dataset}", path)
		return r.Replace(t.Dataset)
	}
	glob := t.root() + "/datamodel=" + model + "/dataset=" + path + "/*.parquet"
	from := parquetFrom(d, glob)
	if sc := t.summaryCopies(model + "." + path); len(sc.fields) > 0 && d.Name == "duckdb" {
		from = t.withCopies(d, from, sc)
	}
	return from
}

// copiedCells are the fields of a dataset's summary some of whose cells
// are read back from their events: fields lists them, places those kept
// as their event's place in _raw, refs the event columns those kept as a
// reference refer to.
type copiedCells struct {
	fields []string
	places map[string]bool
	refs   map[string][]string
}

// summaryCopies are the fields of a dataset ("Endpoint.Processes") whose
// summary under the index folder Root keeps some cells as the place of
// their event's field in _raw or as a reference to an event column
// (docs/INDEX.md, "Summary cells kept as their event's place"): none
// when Root holds no index.
func (t Tables) summaryCopies(dataset string) copiedCells {
	out := copiedCells{places: map[string]bool{}, refs: map[string][]string{}}
	data, err := os.ReadFile(t.root() + "/spelunk-index.json")
	if err != nil {
		return out
	}
	var m struct {
		Summaries []struct {
			Dataset string            `json:"dataset"`
			Copies  []string          `json:"copies"`
			Refs    map[string]string `json:"refs"`
		} `json:"summaries"`
	}
	if json.Unmarshal(data, &m) != nil {
		return out
	}
	seen := map[string]bool{}
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			out.fields = append(out.fields, f)
		}
	}
	for _, p := range m.Summaries {
		if p.Dataset != dataset {
			continue
		}
		for _, f := range p.Copies {
			add(f)
			out.places[f] = true
		}
		for f, col := range p.Refs {
			add(f)
			if !slices.Contains(out.refs[f], col) {
				out.refs[f] = append(out.refs[f], col)
				sort.Strings(out.refs[f])
			}
		}
	}
	sort.Strings(out.fields)
	return out
}

// CopiesUnread reports whether the dataset's summary under Root keeps
// cells as their event's place or as references to event columns, which
// the dialect d's SQL does not read back (DuckDB's does).
func (t Tables) CopiesUnread(d *Dialect, model, path string) bool {
	return t.Dataset == "" && d.Name != "duckdb" && len(t.summaryCopies(model+"."+path).fields) > 0
}

// withCopies is the dataset's FROM item with each copied field's cells
// read back from the event's _raw or from the event column its reference
// names, joined by _spelunk_seq, which is unique in an index.
func (t Tables) withCopies(d *Dialect, from string, sc copiedCells) string {
	list := make([]string, len(sc.fields))
	cols := []string{"_spelunk_seq", "_raw"}
	for i, f := range sc.fields {
		args := []string{"s." + d.Ident(f)}
		if sc.places[f] {
			ref := "s." + d.Ident("_spelunk_eref_"+f)
			args = append(args, "substr(e._raw, ("+ref+" >> 32) + 1, "+ref+" & 4294967295)")
		}
		if names := sc.refs[f]; len(names) > 0 {
			c := "CASE s." + d.Ident("_spelunk_cref_"+f)
			for _, col := range names {
				c += " WHEN " + d.Lit(col) + " THEN e." + d.Ident(col)
				if !slices.Contains(cols, d.Ident(col)) {
					cols = append(cols, d.Ident(col))
				}
			}
			args = append(args, c+" END")
		}
		list[i] = "coalesce(" + strings.Join(args, ", ") + ") AS " + d.Ident(f)
	}
	events := parquetFrom(d, t.root()+"/index=*/sourcetype=*/day=*/*.parquet")
	return "(SELECT s.* REPLACE (" + strings.Join(list, ", ") + ") FROM " + from + " AS s LEFT JOIN (SELECT " + strings.Join(cols, ", ") + " FROM " +
		events + ") AS e ON e._spelunk_seq = s._spelunk_seq)"
}

func parquetFrom(d *Dialect, glob string) string {
	switch d.Name {
	case "duckdb":
		return "read_parquet(" + d.Lit(glob) + ", hive_partitioning = true, union_by_name = true)"
	case "clickhouse":
		return "file(" + d.Lit(glob) + ", Parquet)"
	case "spark":
		return "parquet." + backQuote(strings.TrimSuffix(glob, "/*.parquet"))
	}
	// Trino reads Parquet through a Hive catalog's tables; the folder
	// name stands in for the table a user registers.
	return d.Ident(strings.TrimSuffix(glob, "/*.parquet"))
}

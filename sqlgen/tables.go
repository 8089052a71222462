package sqlgen

import (
	"encoding/json"
	"fmt"
	"os"
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
	return parquetFrom(d, glob)
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

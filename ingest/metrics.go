package ingest

// Metrics in Splunk's CSV forms (Getting Data In, "Get metrics in from
// other sources", 9.x/10.0: "Get metrics in from files in CSV format"):
// a header naming metric_timestamp (epoch seconds), then either
// metric_name and _value columns (sourcetype metrics_csv: one measurement
// a row) or metric_name:<name> columns (sourcetype csv there: several
// measurements a row); every other column is a dimension. A row becomes
// one event holding its measurements as fields (metric_name and _value,
// or metric_name:<name>), as a HEC metrics record does (json_hec.go), so
// that mstats reads both alike; such an event has no text, and spelunk
// gives it the row as _raw so that it can be shown.
// https://help.splunk.com/splunk-enterprise/get-data-in/metrics/10.0/get-metrics-data-in/get-metrics-in-from-other-sources

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/value"
)

// metricsFormat is metrics in CSV.
type metricsFormat struct{}

const sourcetypeMetricsCSV = "metrics_csv"

func (metricsFormat) about() formatAbout {
	return formatAbout{name: "metrics", doc: "Splunk metrics CSV"}
}

// detect: a CSV header naming metric_timestamp and a measurement column.
func (metricsFormat) detect(head []byte, final bool) (sourcetypeSpec, verdict) {
	if len(head) > 0 && head[0] != 'm' && head[0] != '"' && !bytes.Contains(head[:min(len(head), 4096)], []byte("metric_timestamp")) {
		return sourcetypeSpec{}, notThis
	}
	return byFirstLine(head, final, func(line, _ []byte) (sourcetypeSpec, bool) {
		return knownSpec(sourcetypeMetricsCSV), isMetricsHeader(line)
	})
}

func (metricsFormat) cutter([]byte) func(prev, next []byte) bool { return nil }

func (metricsFormat) read(w *window, rn *run, _ sourcetypeSpec) error { return readMetricsCSV(w, rn) }

// isMetricsHeader reports whether a first line is a metrics CSV header.
func isMetricsHeader(line []byte) bool {
	cols, err := csv.NewReader(bytes.NewReader(line)).Read()
	if err != nil {
		return false
	}
	var ts, name, val, multi bool
	for _, c := range cols {
		switch {
		case c == "metric_timestamp":
			ts = true
		case c == "metric_name":
			name = true
		case c == "_value":
			val = true
		case strings.HasPrefix(c, "metric_name:") && len(c) > len("metric_name:"):
			multi = true
		}
	}
	return ts && (name && val || multi)
}

func readMetricsCSV(w *window, rn *run) error {
	return readCSVRows(w, rn, "metrics CSV", func(header []string) func(rec []string, line int) error {
		return func(rec []string, line int) error {
			ev := &Event{Raw: strings.Join(rec, ","), Sourcetype: sourcetypeMetricsCSV, Host: "unknown",
				Source: rn.name, Index: rn.index, File: rn.name, Line: line}
			var b fieldBuilder
			b.reset()
			timed := false
			for i, h := range header {
				if i >= len(rec) || rec[i] == "" {
					continue
				}
				switch h {
				case "metric_timestamp":
					if t, err := strconv.ParseFloat(strings.TrimSpace(rec[i]), 64); err == nil {
						ev.Time, ev.DateZone, timed = t, "0", true
					}
				case "host":
					ev.Host = rec[i]
				case "source":
					ev.Source = rec[i]
				case "sourcetype":
					ev.Sourcetype = rec[i]
				case "index":
					ev.Index = rec[i]
				default:
					b.add(h, value.Str(rec[i]))
				}
			}
			if !timed {
				rn.bad(line, "metrics CSV row without a metric_timestamp in epoch seconds")
				return nil
			}
			ev.Fields = b.take()
			return rn.emitOverridden(ev)
		}
	})
}

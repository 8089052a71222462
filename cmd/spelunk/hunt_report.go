package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

type huntReport struct {
	store         *datamodel.Store
	files         ingest.Stats
	results       []huntResult
	loaded, total time.Duration
	models        time.Duration // building the data models, after loading
	tz            *time.Location
	maxRows       int
	showRisk      bool
}

func (h *huntReport) counts() map[string]int {
	c := map[string]int{}
	for _, r := range h.results {
		c[r.status]++
	}
	return c
}

func (h *huntReport) write(w io.Writer, format string) error {
	switch format {
	case "json":
		return h.writeJSON(w)
	case "jsonl":
		return h.writeJSONL(w)
	case "csv":
		return h.writeCSV(w)
	}
	return h.writeTable(w)
}

func (h *huntReport) writeTable(w io.Writer) error {
	c := h.counts()
	fmt.Fprintf(w, "Events: %d (%s), ingested in %s, data models built in %s\n", h.store.Len(), h.store.Describe(), h.loaded.Round(time.Millisecond), h.models.Round(time.Millisecond))
	if h.files.Bad > 0 {
		fmt.Fprintf(w, "Bad records skipped: %d (see the warnings on standard error)\n", h.files.Bad)
	}
	fmt.Fprintf(w, "Detections: %d in %s: %d fired, %d ran with no result, %d not applicable, %d unsupported\n",
		len(h.results), h.total.Round(time.Millisecond), c[huntFired], c[huntQuiet], c[huntNotApplicable], c[huntUnsupported])
	for _, r := range sortFired(h.results) {
		d := r.det
		fmt.Fprintf(w, "\n== %s\n", d.Name)
		var facts []string
		facts = append(facts, fmt.Sprintf("risk %d", riskScore(d)))
		if d.Type != "" {
			facts = append(facts, d.Type)
		}
		if len(d.Tags.MitreAttackID) > 0 {
			facts = append(facts, strings.Join(d.Tags.MitreAttackID, " "))
		}
		if len(d.Tags.AnalyticStory) > 0 {
			facts = append(facts, "stories: "+strings.Join(d.Tags.AnalyticStory, "; "))
		}
		fmt.Fprintf(w, "   %s\n   %s, %d row%s\n\n", strings.Join(facts, " | "), relName(d.Path), len(r.rows), plural(len(r.rows)))
		rows := r.rows
		if h.maxRows > 0 && len(rows) > h.maxRows {
			rows = rows[:h.maxRows]
		}
		if err := writeTable(w, &engine.Result{Columns: r.cols, Rows: rows}, h.tz); err != nil {
			return err
		}
		if len(rows) < len(r.rows) {
			fmt.Fprintf(w, "(%d more rows; --max-rows 0 shows all)\n", len(r.rows)-len(rows))
		}
		if h.showRisk {
			writeRiskTable(w, r.risks)
		}
	}
	h.writeList(w, huntUnsupported, "Unsupported (the feature is named):")
	h.writeList(w, huntNotApplicable, "Not applicable (no ingested event of the data sources they need):")
	return nil
}

func (h *huntReport) writeList(w io.Writer, status, title string) {
	var lines []string
	for _, r := range h.results {
		if r.status == status {
			lines = append(lines, fmt.Sprintf("  %s: %s", r.det.Name, r.reason))
		}
	}
	if len(lines) == 0 {
		return
	}
	sort.Strings(lines)
	fmt.Fprintf(w, "\n%s\n%s\n", title, strings.Join(lines, "\n"))
}

// detectionInfo is what machine-readable reports say about a detection.
type detectionInfo struct {
	Name          string   `json:"detection"`
	ID            string   `json:"detection_id,omitempty"`
	Type          string   `json:"type,omitempty"`
	Path          string   `json:"path"`
	RiskScore     int      `json:"risk_score"`
	MitreAttackID []string `json:"mitre_attack_id,omitempty"`
	Stories       []string `json:"analytic_story,omitempty"`
}

func info(r huntResult) detectionInfo {
	d := r.det
	return detectionInfo{Name: d.Name, ID: d.ID, Type: d.Type, Path: d.Path, RiskScore: riskScore(d), MitreAttackID: d.Tags.MitreAttackID, Stories: d.Tags.AnalyticStory}
}

// rowObject is a result row as a JSON object, values as Splunk gives them
// (strings; multivalue fields as arrays).
func rowObject(r value.Fields, cols []string, tz *time.Location) map[string]any {
	m := map[string]any{}
	for _, c := range cols {
		v := r.Get(c)
		vals := cell(c, v, tz)
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

// writeJSONL writes one object per result row, with the detection's name,
// id and tags, for loading into another tool.
func (h *huntReport) writeJSONL(w io.Writer) error {
	enc := json.NewEncoder(w)
	for _, r := range sortFired(h.results) {
		for _, row := range r.rows {
			if err := enc.Encode(struct {
				detectionInfo
				Result map[string]any `json:"result"`
			}{info(r), rowObject(row, r.cols, h.tz)}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (h *huntReport) writeJSON(w io.Writer) error {
	type item struct {
		detectionInfo
		Status string           `json:"status"`
		Reason string           `json:"reason,omitempty"`
		Rows   []map[string]any `json:"rows,omitempty"`
	}
	c := h.counts()
	out := struct {
		Events       int            `json:"events"`
		BadRecords   int            `json:"bad_records"`
		Detections   int            `json:"detections"`
		Counts       map[string]int `json:"counts"`
		DurationSecs float64        `json:"duration_seconds"`
		Results      []item         `json:"results"`
	}{Events: h.store.Len(), BadRecords: h.files.Bad, Detections: len(h.results), Counts: c, DurationSecs: h.total.Seconds()}
	for _, r := range h.results {
		it := item{detectionInfo: info(r), Status: r.status, Reason: r.reason}
		for _, row := range r.rows {
			it.Rows = append(it.Rows, rowObject(row, r.cols, h.tz))
		}
		out.Results = append(out.Results, it)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writeCSV writes one line per result row: the detection's facts, then the
// row's fields as key=value pairs (detections differ in their columns).
func (h *huntReport) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"detection", "detection_id", "risk_score", "mitre_attack_id", "result"})
	for _, r := range sortFired(h.results) {
		in := info(r)
		for _, row := range r.rows {
			var kv []string
			for _, c := range r.cols {
				if vals := cell(c, row.Get(c), h.tz); vals != nil {
					kv = append(kv, c+"="+strings.Join(vals, "|"))
				}
			}
			_ = cw.Write([]string{in.Name, in.ID, fmt.Sprint(in.RiskScore), strings.Join(in.MitreAttackID, " "), strings.Join(kv, "; ")})
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeRiskTable lists risk events: object, type, score and message.
func writeRiskTable(w io.Writer, evs []value.Fields) {
	if len(evs) == 0 {
		fmt.Fprintln(w, "Risk events: none (no risk object in the rows)")
		return
	}
	cols := []string{"risk_object", "risk_object_type", "risk_score", "threat_object", "risk_message"}
	fmt.Fprintln(w, "Risk events:")
	_ = writeTable(w, &engine.Result{Columns: cols, Rows: evs}, time.UTC)
}

// writeRiskEvents writes risk events as JSON lines.
func writeRiskEvents(path string, evs []value.Fields, tz *time.Location) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	for _, e := range evs {
		if err := enc.Encode(rowObject(e, e.Names(), tz)); err != nil {
			return err
		}
	}
	return nil
}

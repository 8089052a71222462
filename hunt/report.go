package hunt

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/output"
	"github.com/spelunk-dev/spelunk/risk"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/value"
)

// Report is what a hunt prints: a summary (events per sourcetype;
// detections run, fired, not applicable, unsupported), then each fired
// detection, most severe first, with its rows.
type Report struct {
	// Store says how many events were read, of which sourcetypes: the
	// store of every event, or a one-pass hunt's count (Hunt.Events).
	Store         Counter
	Files         ingest.Stats // what reading the data gave
	Results       []Result
	Loaded, Total time.Duration
	Models        time.Duration // building the data models, after loading
	TZ            *time.Location
	MaxRows       int  // rows shown per detection in the table (0: all)
	ShowRisk      bool // the risk events of each fired detection, in the table
	// Timeline makes the table a timeline of the fired results, instead
	// of a section per detection.
	Timeline bool
	// Color marks severity with ANSI colours in the table (a terminal).
	Color bool
}

func (h *Report) counts() map[string]int {
	c := map[string]int{}
	for _, r := range h.Results {
		c[r.Status]++
	}
	return c
}

// Write writes the report in format: table, csv, json or jsonl.
func (h *Report) Write(w io.Writer, format string) error {
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

func (h *Report) writeTable(w io.Writer) error {
	c := h.counts()
	fmt.Fprintf(w, "Events: %d (%s), ingested in %s, data models built in %s\n", h.Store.Len(), h.Store.Describe(), h.Loaded.Round(time.Millisecond), h.Models.Round(time.Millisecond))
	if h.Files.Bad > 0 {
		fmt.Fprintf(w, "Bad records skipped: %d (see the warnings on standard error)\n", h.Files.Bad)
	}
	fmt.Fprintf(w, "Detections: %d in %s: %d fired, %d ran with no result, %d not applicable, %d unsupported\n",
		len(h.Results), h.Total.Round(time.Millisecond), c[Fired], c[Quiet], c[NotApplicable], c[Unsupported])
	if n := h.unfiltered(); n > 0 {
		fmt.Fprintf(w, "Filter macros: %d of the detections that ran have no <name>_filter macro defined; search * stands in (spelunk run --detection names each)\n", n)
	}
	h.writeHosts(w)
	if h.Timeline {
		h.writeTimeline(w)
		h.writeList(w, Unsupported, "Unsupported (the feature is named):")
		h.writeList(w, NotApplicable, "Not applicable (no ingested event of the data sources they need):")
		return nil
	}
	for _, r := range SortFired(h.Results) {
		d := r.Detection
		fmt.Fprintf(w, "\n%s\n", h.paint(RiskScore(d), "== "+d.Name))
		var facts []string
		facts = append(facts, fmt.Sprintf("risk %d", RiskScore(d)))
		if d.Type != "" {
			facts = append(facts, d.Type)
		}
		if len(d.Tags.MitreAttackID) > 0 {
			facts = append(facts, strings.Join(d.Tags.MitreAttackID, " "))
		}
		if len(d.Tags.AnalyticStory) > 0 {
			facts = append(facts, "stories: "+strings.Join(d.Tags.AnalyticStory, "; "))
		}
		fmt.Fprintf(w, "   %s\n   %s, %d row%s\n\n", strings.Join(facts, " | "), runner.RelName(d.Path), len(r.Rows), output.Plural(len(r.Rows)))
		rows := r.Rows
		if h.MaxRows > 0 && len(rows) > h.MaxRows {
			rows = rows[:h.MaxRows]
		}
		if err := output.Table(w, &engine.Result{Columns: r.Columns, Rows: rows}, h.TZ); err != nil {
			return err
		}
		if len(rows) < len(r.Rows) {
			fmt.Fprintf(w, "(%d more rows; --max-rows 0 shows all)\n", len(r.Rows)-len(rows))
		}
		if h.ShowRisk {
			output.RiskTable(w, r.Risks)
		}
	}
	h.writeList(w, Unsupported, "Unsupported (the feature is named):")
	h.writeList(w, NotApplicable, "Not applicable (no ingested event of the data sources they need):")
	return nil
}

// unfiltered counts the detections that ran without their filter macro.
func (h *Report) unfiltered() int {
	n := 0
	for _, r := range h.Results {
		if r.Unfiltered {
			n++
		}
	}
	return n
}

func (h *Report) writeList(w io.Writer, status, title string) {
	var lines []string
	for _, r := range h.Results {
		if r.Status == status {
			lines = append(lines, fmt.Sprintf("  %s: %s", r.Detection.Name, r.Reason))
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

func info(r Result) detectionInfo {
	d := r.Detection
	return detectionInfo{Name: d.Name, ID: d.ID, Type: d.Type, Path: d.Path, RiskScore: RiskScore(d), MitreAttackID: d.Tags.MitreAttackID, Stories: d.Tags.AnalyticStory}
}

// writeJSONL writes one object per result row, with the detection's name,
// id and tags, for loading into another tool.
func (h *Report) writeJSONL(w io.Writer) error {
	enc := json.NewEncoder(w)
	for _, r := range SortFired(h.Results) {
		for _, row := range r.Rows {
			if err := enc.Encode(struct {
				detectionInfo
				Result map[string]any `json:"result"`
			}{info(r), output.Object(row, r.Columns, h.TZ)}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (h *Report) writeJSON(w io.Writer) error {
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
		Unfiltered   int            `json:"undefined_filter_macros"`
		Hosts        []HostSummary  `json:"hosts,omitempty"`
		Results      []item         `json:"results"`
	}{Events: h.Store.Len(), BadRecords: h.Files.Bad, Detections: len(h.Results), Counts: c, DurationSecs: h.Total.Seconds(), Unfiltered: h.unfiltered(), Hosts: Hosts(h.Results)}
	for _, r := range h.Results {
		it := item{detectionInfo: info(r), Status: r.Status, Reason: r.Reason}
		for _, row := range r.Rows {
			it.Rows = append(it.Rows, output.Object(row, r.Columns, h.TZ))
		}
		out.Results = append(out.Results, it)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// WriteRiskEvents writes risk events as Splunk HTTP Event Collector
// records, one JSON object a line (risk.HEC): what Splunk indexes into the
// risk index, and what spelunk reads back as risk events.
func WriteRiskEvents(w io.Writer, evs []value.Fields) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // messages and command lines stay readable
	for _, e := range evs {
		if err := enc.Encode(risk.HECEvent(e)); err != nil {
			return err
		}
	}
	return nil
}

package hunt

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spelunk-dev/spelunk/output"
	"github.com/spelunk-dev/spelunk/value"
)

// hostFields name the host a result row is about, most specific first:
// the CIM's dest (the machine an endpoint detection watched), then the
// event's host and the other CIM names for a machine.
var hostFields = []string{"dest", "host", "dvc", "dest_host", "Computer", "ComputerName", "src_host", "src"}

// timeFields give a result row's time: the event's _time, else the
// firstTime and lastTime security_content's detections keep.
var timeFields = []string{"_time", "firstTime", "lastTime"}

// rowHosts is the machine or machines a row is about (nil when it names
// none).
func rowHosts(row value.Fields) []string {
	for _, f := range hostFields {
		if v := row.Get(f); !v.IsNull() {
			var out []string
			for _, s := range v.Strings() {
				if s != "" {
					out = append(out, s)
				}
			}
			if len(out) > 0 {
				return out
			}
		}
	}
	return nil
}

// rowTime is a row's time in epoch seconds (NaN when it has none):
// numbers are epoch seconds, text is read as security_content_ctime
// writes it (%Y-%m-%dT%H:%M:%S) or as Splunk's %m/%d/%Y %H:%M:%S, in tz.
func rowTime(row value.Fields, tz *time.Location) float64 {
	for _, f := range timeFields {
		v := row.Get(f)
		if v.IsNull() {
			continue
		}
		if n, ok := v.Number(); ok {
			return n
		}
		s := v.String()
		if n, err := strconv.ParseFloat(s, 64); err == nil {
			return n
		}
		for _, layout := range []string{"2006-01-02T15:04:05", "01/02/2006 15:04:05", time.RFC3339} {
			if t, err := time.ParseInLocation(layout, s, tz); err == nil {
				return float64(t.UnixNano()) / 1e9
			}
		}
	}
	return math.NaN()
}

// HostSummary is what fired on one host: how many detections, result
// rows, and the risk they add up to (each row counts its detection's risk
// score, as each row raises a risk event in Enterprise Security).
type HostSummary struct {
	Host       string `json:"host"`
	Detections int    `json:"detections"`
	Results    int    `json:"results"`
	Risk       int    `json:"risk"`
}

// Hosts sums the fired results per host, most risk first, then most
// detections, then by name.
func Hosts(rs []Result) []HostSummary {
	by := map[string]*HostSummary{}
	dets := map[string]map[string]bool{}
	for _, r := range SortFired(rs) {
		score := RiskScore(r.Detection)
		for _, row := range r.Rows {
			for _, host := range rowHosts(row) {
				s := by[host]
				if s == nil {
					s = &HostSummary{Host: host}
					by[host], dets[host] = s, map[string]bool{}
				}
				s.Results++
				s.Risk += score
				if !dets[host][r.Detection.Path] {
					dets[host][r.Detection.Path] = true
					s.Detections++
				}
			}
		}
	}
	out := make([]HostSummary, 0, len(by))
	for _, s := range by {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Risk != b.Risk {
			return a.Risk > b.Risk
		}
		if a.Detections != b.Detections {
			return a.Detections > b.Detections
		}
		return a.Host < b.Host
	})
	return out
}

// topHosts is how many hosts the table report lists.
const topHosts = 10

func (h *Report) writeHosts(w io.Writer) {
	hosts := Hosts(h.Results)
	if len(hosts) == 0 {
		return
	}
	fmt.Fprintln(w, "\nHosts with the most risk:")
	shown := hosts[:min(len(hosts), topHosts)]
	width := len("host")
	for _, s := range shown {
		width = max(width, utf8.RuneCountInString(s.Host))
	}
	fmt.Fprintf(w, "  %-*s  %10s  %7s  %5s\n", width, "host", "detections", "results", "risk")
	for _, s := range shown {
		fmt.Fprintf(w, "  %-*s  %10d  %7d  %5d\n", width, s.Host, s.Detections, s.Results, s.Risk)
	}
	if len(hosts) > len(shown) {
		fmt.Fprintf(w, "  (%d more hosts; --format json lists them all)\n", len(hosts)-len(shown))
	}
}

// timelineEntry is one fired result row on the timeline.
type timelineEntry struct {
	t       float64
	host    string
	risk    int
	name    string
	details string
}

// writeTimeline lists every fired result row in time order (rows without
// a time last), as hayabusa's and chainsaw's timelines do: time, host,
// risk score, detection, and the row's other fields.
func (h *Report) writeTimeline(w io.Writer) {
	var entries []timelineEntry
	for _, r := range SortFired(h.Results) {
		score := RiskScore(r.Detection)
		for _, row := range r.Rows {
			hosts := rowHosts(row)
			entries = append(entries, timelineEntry{t: rowTime(row, h.TZ), host: strings.Join(hosts, "|"),
				risk: score, name: r.Detection.Name, details: details(row, r.Columns, h)})
		}
	}
	if len(entries) == 0 {
		return
	}
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := entries[i].t, entries[j].t
		if math.IsNaN(a) || math.IsNaN(b) {
			return !math.IsNaN(a) && math.IsNaN(b)
		}
		return a < b
	})
	cells := make([][]string, len(entries))
	widths := []int{len("time"), len("host"), len("risk"), len("detection")}
	for i, e := range entries {
		ts := "-"
		if !math.IsNaN(e.t) {
			ts = output.Cell("_time", value.Num(e.t), h.TZ)[0]
		}
		host := e.host
		if host == "" {
			host = "-"
		}
		cells[i] = []string{ts, host, strconv.Itoa(e.risk), e.name}
		for k, c := range cells[i] {
			widths[k] = max(widths[k], utf8.RuneCountInString(c))
		}
	}
	line := func(parts []string, last string) string {
		var b strings.Builder
		for k, p := range parts {
			b.WriteString(p)
			b.WriteString(strings.Repeat(" ", widths[k]-utf8.RuneCountInString(p)+2))
		}
		b.WriteString(last)
		return strings.TrimRight(b.String(), " ")
	}
	fmt.Fprintf(w, "\nTimeline (%d results):\n", len(entries))
	fmt.Fprintln(w, line([]string{"time", "host", "risk", "detection"}, "details"))
	for i, e := range entries {
		fmt.Fprintln(w, h.paint(e.risk, line(cells[i], e.details)))
	}
}

// maxDetails bounds the details column of a timeline line.
const maxDetails = 120

// details is a row's fields other than its time and host, as name=value.
func details(row value.Fields, cols []string, h *Report) string {
	skip := map[string]bool{}
	for _, f := range append(append([]string{}, hostFields...), timeFields...) {
		skip[f] = true
	}
	var parts []string
	for _, c := range cols {
		if skip[c] {
			continue
		}
		if vals := output.Cell(c, row.Get(c), h.TZ); vals != nil {
			parts = append(parts, c+"="+strings.ReplaceAll(strings.Join(vals, "|"), "\n", " "))
		}
	}
	s := strings.Join(parts, " ")
	if r := []rune(s); len(r) > maxDetails {
		s = string(r[:maxDetails-3]) + "..."
	}
	return s
}

// Severity is the level of a risk score, in the five levels Enterprise
// Security names (informational, low, medium, high, critical), by steps
// of 20.
func Severity(score int) string {
	switch {
	case score >= 80:
		return "critical"
	case score >= 60:
		return "high"
	case score >= 40:
		return "medium"
	case score >= 20:
		return "low"
	}
	return "informational"
}

// severityColor is the ANSI colour of each severity (none for
// informational).
var severityColor = map[string]string{
	"critical": "\x1b[1;31m",
	"high":     "\x1b[31m",
	"medium":   "\x1b[33m",
	"low":      "\x1b[36m",
}

// paint colours s by the severity of score when the report is in colour.
func (h *Report) paint(score int, s string) string {
	c, ok := severityColor[Severity(score)]
	if !h.Color || !ok {
		return s
	}
	return c + s + "\x1b[0m"
}

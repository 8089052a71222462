package hunt

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/spelunk-dev/spelunk/output"
)

// csvFacts are the detection's columns that start every line of the CSV
// report.
var csvFacts = []string{"detection", "detection_id", "risk_score", "mitre_attack_id"}

// writeCSV writes one line per result row: the detection's facts, then a
// column per field, the union over every fired detection's columns in the
// order they first appear, as Splunk's CSV export orders the fields of
// rows that differ. A field named like a fact column is written as
// result.<name>; multivalue cells hold their values one per line.
func (h *Report) writeCSV(w io.Writer) error {
	fired := SortFired(h.Results)
	header := append([]string(nil), csvFacts...)
	taken := map[string]bool{}
	for _, f := range csvFacts {
		taken[f] = true
	}
	seen := map[string]bool{}
	var fields []string
	for _, r := range fired {
		for _, c := range r.Columns {
			if !seen[c] {
				seen[c] = true
				fields = append(fields, c)
			}
		}
	}
	for _, f := range fields {
		if taken[f] {
			f = "result." + f
		}
		header = append(header, f)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	for _, r := range fired {
		in := info(r)
		for _, row := range r.Rows {
			copy(rec, []string{in.Name, in.ID, fmt.Sprint(in.RiskScore), strings.Join(in.MitreAttackID, " ")})
			for i, f := range fields {
				rec[len(csvFacts)+i] = strings.Join(output.Cell(f, row.Get(f), h.TZ), "\n")
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

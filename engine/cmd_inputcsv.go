package engine

import (
	"os"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// inputcsv returns the rows of a CSV file of the folder --csv-dir gives
// (Splunk's $SPLUNK_HOME/var/run/splunk/csv), one result per row with a
// field per non-empty cell, in file order. A name without the file is
// tried with ".csv" added, as the page says. start= skips rows
// (0-based), max= caps them (default 1000000000), WHERE filters them
// with search semantics; append=true adds them after the results of the
// commands before. events=true changes only how Splunk's UI shows the
// results: offline the rows are the same. dispatch=true (a search job's
// folder) is an error offline.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/inputcsv
func init() {
	registerGen("inputcsv", func(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
		rows, err := inputcsvRows(rc, cmd.(*spl.InputcsvCommand))
		if err != nil {
			return nil, err
		}
		return genFunc(func() error { return emitAll(next, rows) }), nil
	})
	registerStream("inputcsv", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		rows, err := inputcsvRows(rc, cmd.(*spl.InputcsvCommand))
		if err != nil {
			return nil, err
		}
		return &appendRows{next: next, rows: rows}, nil
	})
}

func inputcsvRows(rc *runCtx, c *spl.InputcsvCommand) ([]value.Fields, error) {
	if c.Dispatch {
		return nil, errAt(c, "inputcsv: dispatch=true reads a search job's folder, and there are no jobs offline; leave it out to read from --csv-dir")
	}
	if rc.folders.CSV == "" {
		return nil, errAt(c, "inputcsv %s: no CSV folder; give --csv-dir DIR (the folder of Splunk's var/run/splunk/csv)", c.File)
	}
	p, err := confinedPath(rc.folders.CSV, c.File, false)
	if err != nil {
		return nil, errAt(c, "inputcsv: %v", err)
	}
	if _, err := os.Stat(p); err != nil {
		if q, qerr := confinedPath(rc.folders.CSV, c.File+".csv", false); qerr == nil {
			p = q
		}
	}
	recs, err := readCSV(p)
	if err != nil {
		return nil, errAt(c, "inputcsv %s: %v", c.File, err)
	}
	pred, err := (&searchCompiler{rc: rc}).compile(c.Where)
	if err != nil {
		return nil, err
	}
	limit := 1000000000
	if c.Max != nil {
		limit = *c.Max
	}
	var out []value.Fields
	if len(recs) == 0 {
		return nil, nil
	}
	head := recs[0]
	for i, rec := range recs[1:] {
		if i < c.Start {
			continue
		}
		if len(out) >= limit {
			break
		}
		r := make(value.Fields, 0, len(rec))
		for j, v := range rec {
			if j < len(head) && v != "" && r.Index(head[j]) < 0 {
				r = append(r, value.Field{Name: head[j], Value: value.Str(v)})
			}
		}
		if pred(r) {
			out = append(out, r)
		}
	}
	return out, nil
}

// appendRows passes the results on, then adds its rows.
type appendRows struct {
	next stage
	rows []value.Fields
}

func (s *appendRows) push(rows []value.Fields) error { return s.next.push(rows) }
func (s *appendRows) finish() error                  { return emitAll(s.next, s.rows) }

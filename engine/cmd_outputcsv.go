package engine

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// outputcsv saves the results to <filename>.csv (".csv" added when the
// name has no extension) in the folder --csv-dir gives (Folders.CSV,
// Splunk's $SPLUNK_HOME/var/run/splunk/csv), and passes them on
// unchanged. Columns are the fields in order of first appearance,
// internal ones (_time, _raw) included [UNCONFIRMED: the page does not
// list the columns; keeping them lets inputcsv give the events back];
// a multivalue cell holds its values one per line. append=true adds the
// rows to an existing file (widening its header). With no results,
// create_empty=true writes an empty file, and override_if_empty=true
// (the default) otherwise deletes an existing one. dispatch=true (the
// job's folder) has no meaning offline and is an error, as is a missing
// file name (Splunk then writes the CSV into _xml for its UI).
// singlefile and usexml change nothing: one file is written.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/outputcsv
func init() {
	registerStream("outputcsv", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.OutputcsvCommand)
		if c.Dispatch {
			return nil, errAt(c, "outputcsv: dispatch=true writes into a search job's folder, and there are no jobs offline; leave it out to write into --csv-dir")
		}
		if c.File == "" {
			return nil, errAt(c, "outputcsv: no file name: without one Splunk writes the CSV into the _xml field for its UI; give a file name")
		}
		p, err := csvPath(rc, c, "outputcsv", c.File)
		if err != nil {
			return nil, err
		}
		return &outputcsvStage{cmd: c, next: next, path: p}, nil
	})
}

// csvPath is where a CSV file name is in the CSV folder.
func csvPath(rc *runCtx, n spl.Node, cmd, file string) (string, error) {
	if rc.folders.CSV == "" {
		return "", errAt(n, "%s %s: no CSV folder; give --csv-dir DIR (the folder of Splunk's var/run/splunk/csv)", cmd, file)
	}
	if filepath.Ext(file) == "" {
		file += ".csv"
	}
	p, err := confinedPath(rc.folders.CSV, file, false)
	if err != nil {
		return "", errAt(n, "%s: %v", cmd, err)
	}
	return p, nil
}

type outputcsvStage struct {
	cmd  *spl.OutputcsvCommand
	next stage
	path string
	rows []value.Fields
}

func (s *outputcsvStage) push(rows []value.Fields) error {
	for _, r := range rows {
		s.rows = append(s.rows, r.Clone())
	}
	return s.next.push(rows)
}

func (s *outputcsvStage) finish() error {
	if err := s.write(); err != nil {
		return errAt(s.cmd, "outputcsv: %v", err)
	}
	return s.next.finish()
}

func (s *outputcsvStage) write() error {
	if len(s.rows) == 0 {
		switch {
		case s.cmd.CreateEmpty:
			return os.WriteFile(s.path, nil, 0o644)
		case s.cmd.OverrideIfEmpty && !s.cmd.Append:
			if err := os.Remove(s.path); err != nil && !os.IsNotExist(err) {
				return err
			}
		}
		return nil
	}
	var cols []string
	var old [][]string
	if s.cmd.Append {
		if recs, err := readCSV(s.path); err == nil && len(recs) > 0 {
			cols, old = recs[0], recs[1:]
		}
	}
	idx := map[string]int{}
	for i, c := range cols {
		idx[c] = i
	}
	for _, r := range s.rows {
		for _, f := range r {
			if _, ok := idx[f.Name]; !ok {
				idx[f.Name] = len(cols)
				cols = append(cols, f.Name)
			}
		}
	}
	recs := [][]string{cols}
	for _, o := range old {
		rec := make([]string, len(cols))
		copy(rec, o)
		recs = append(recs, rec)
	}
	for _, r := range s.rows {
		rec := make([]string, len(cols))
		for _, f := range r {
			rec[idx[f.Name]] = strings.Join(f.Value.Strings(), "\n")
		}
		recs = append(recs, rec)
	}
	return replaceFile(s.path, ".outputcsv-*", func(w io.Writer) error {
		return csv.NewWriter(w).WriteAll(recs)
	})
}

// replaceFile writes a file through a temporary one beside it, renamed
// over it only when every write succeeded, so a failed run leaves the old
// file whole. pattern names the temporary file (os.CreateTemp).
func replaceFile(path, pattern string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), pattern)
	if err != nil {
		return err
	}
	err = write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// readCSV reads a whole CSV file, rows of any width.
func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	return r.ReadAll()
}

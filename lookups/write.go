package lookups

import (
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SetOutputDir sets the only folder outputlookup may write in.
func (r *Registry) SetOutputDir(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return err
	}
	st, err := os.Stat(real)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	r.mu.Lock()
	r.outDir = real
	r.mu.Unlock()
	return nil
}

// ErrNoOutputDir is returned by Write when no output folder is set.
var ErrNoOutputDir = errors.New("outputlookup writes only inside a folder given with --lookup-output; none was given")

// OutputPath returns where outputlookup writes a table name: the file of
// its definition, or the name itself when it ends in .csv; always inside
// the output folder.
func (r *Registry) OutputPath(name string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.outDir == "" {
		return "", ErrNoOutputDir
	}
	file := name
	if d, ok := r.defs[name]; ok && d.Filename != "" {
		file = d.Filename
	}
	if !isCSV(file) {
		return "", fmt.Errorf("outputlookup %s: not a .csv file name and no lookup definition names a file for it", name)
	}
	if file != filepath.Base(file) || strings.ContainsAny(file, `/\`) || strings.Contains(file, "..") || filepath.IsAbs(file) {
		return "", fmt.Errorf("outputlookup %s: the file name %q may not contain a path", name, file)
	}
	p := filepath.Join(r.outDir, file)
	if st, err := os.Lstat(p); err == nil && st.Mode()&os.ModeSymlink != 0 {
		return "", fmt.Errorf("outputlookup %s: %s is a symbolic link; refusing to write through it", name, p)
	}
	return p, nil
}

// Write saves rows as the CSV of a lookup in the output folder
// (appending rows when add is true and the file exists) and makes the new
// content visible to later reads.
func (r *Registry) Write(name string, fields []string, rows [][]string, add bool) (string, error) {
	p, err := r.OutputPath(name)
	if err != nil {
		return "", err
	}
	if add {
		if old, err := readTable(p); err == nil {
			fields, rows = mergeTables(old, fields, rows)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".outputlookup-*")
	if err != nil {
		return "", err
	}
	w := csv.NewWriter(tmp)
	_ = w.Write(fields)
	_ = w.WriteAll(rows)
	if err := w.Error(); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	r.mu.Lock()
	delete(r.tables, p)
	r.files[filepath.Base(p)] = p
	if d, ok := r.defs[name]; ok {
		d.File = p
	}
	r.mu.Unlock()
	return p, nil
}

// mergeTables appends new rows to an old table, widening the header.
func mergeTables(old *Table, fields []string, rows [][]string) ([]string, [][]string) {
	all := append([]string(nil), old.Fields...)
	idx := map[string]int{}
	for i, f := range all {
		idx[f] = i
	}
	for _, f := range fields {
		if _, ok := idx[f]; !ok {
			idx[f] = len(all)
			all = append(all, f)
		}
	}
	var out [][]string
	for _, r := range old.Rows {
		row := make([]string, len(all))
		copy(row, r)
		out = append(out, row)
	}
	for _, r := range rows {
		row := make([]string, len(all))
		for i, f := range fields {
			row[idx[f]] = r[i]
		}
		out = append(out, row)
	}
	return all, out
}

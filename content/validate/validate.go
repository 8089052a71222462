// Package validate checks a security_content-style repository the way
// splunk/contentctl's `validate` does, without Splunk and without Python:
// the pydantic models of contentctl (v4.4, the release that reads this
// repository layout, with risk tags under tags:) become rules over the YAML
// nodes, so each problem points at the line and column it comes from.
//
// Beyond contentctl, searches are expanded with the repository's macros and
// parsed by spl.Parse, the lookups and macros they call must exist, and
// tstats required fields are checked against the CIM.
package validate

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Severity says whether a problem fails validation.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Problem is one finding, positioned in a file (1-based line and column).
type Problem struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Col      int      `json:"col"`
	Severity Severity `json:"severity"`
	Rule     string   `json:"rule"`
	Message  string   `json:"message"`
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s [%s]", p.File, p.Line, p.Col, p.Severity, p.Message, p.Rule)
}

// Report is the outcome of a validation run.
type Report struct {
	// Root is the repository validated.
	Root string
	// Files is how many YAML files were read, per kind.
	Files    map[string]int
	Problems []Problem
}

// Errors counts the problems of severity error.
func (r *Report) Errors() int {
	n := 0
	for _, p := range r.Problems {
		if p.Severity == Error {
			n++
		}
	}
	return n
}

// WriteText prints the problems one a line, grouped by file (they are
// sorted by file, then position).
func (r *Report) WriteText(w io.Writer) error {
	for _, p := range r.Problems {
		if _, err := fmt.Fprintln(w, p.String()); err != nil {
			return err
		}
	}
	return nil
}

// WriteJSON prints the problems as a JSON array.
func (r *Report) WriteJSON(w io.Writer) error {
	ps := r.Problems
	if ps == nil {
		ps = []Problem{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(ps)
}

// Options tune Run.
type Options struct {
	// Today is the date contentctl compares `date:` against (a date in the
	// future is an error), as YYYY-MM-DD; empty means the current day.
	Today string
	// RelTo, when set, makes file names in problems relative to it.
	RelTo string
}

// Run validates the repository that holds path: a repository root, a
// folder inside it (detections/), or YAML files in it. The whole
// repository is read, since names, ids, macros and lookups are checked
// across it; when paths name detections or folders, only problems in
// files under them are reported.
func Run(paths []string, opt Options) (*Report, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	root, err := findRoot(paths[0])
	if err != nil {
		return nil, err
	}
	for _, p := range paths[1:] {
		r, err := findRoot(p)
		if err != nil {
			return nil, err
		}
		if r != root {
			return nil, fmt.Errorf("%s and %s are in different repositories (%s, %s)", paths[0], p, root, r)
		}
	}
	repo, err := loadRepo(root, opt)
	if err != nil {
		return nil, err
	}
	repo.check()
	rep := &Report{Root: root, Files: repo.counts}
	scope := scopeFilter(root, paths)
	for _, p := range repo.problems {
		if !scope(p.File) {
			continue
		}
		if opt.RelTo != "" {
			if rel, err := filepath.Rel(opt.RelTo, p.File); err == nil {
				p.File = rel
			}
		}
		rep.Problems = append(rep.Problems, p)
	}
	sortProblems(rep.Problems)
	return rep, nil
}

// sortProblems orders problems by file, then position.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}

// findRoot walks up from p to the folder that holds detections/ (the
// repository root contentctl works on).
func findRoot(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	st, err := os.Stat(abs)
	if err != nil {
		return "", err
	}
	dir := abs
	if !st.IsDir() {
		dir = filepath.Dir(abs)
	}
	for {
		if isDir(filepath.Join(dir, "detections")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%s is not in a content repository (no detections/ folder above it)", p)
		}
		dir = parent
	}
}

// scopeFilter keeps the problems of files under the given paths; a
// repository root keeps everything.
func scopeFilter(root string, paths []string) func(string) bool {
	var under []string
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil || abs == root {
			return func(string) bool { return true }
		}
		under = append(under, abs)
	}
	return func(file string) bool {
		for _, u := range under {
			if file == u || strings.HasPrefix(file, u+string(filepath.Separator)) {
				return true
			}
		}
		return false
	}
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

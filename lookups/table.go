package lookups

import (
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strings"
	"sync"
)

// Table is a lookup table's content with the rules of the name it was
// asked by.
type Table struct {
	Name   string
	File   string
	Fields []string
	Rows   [][]string // each as long as Fields
	Rules  Rules
	col    map[string]int
	folded *foldedCols // shared by the copies withRules makes
}

// foldedCols is each column's values lower-cased, made once when a
// case-insensitive lookup first reads the column, rather than each value
// lower-cased again for each event (a hunt's lookups ran strings.ToLower
// on every row for every event).
type foldedCols struct {
	once []sync.Once
	cols [][]string
}

// foldedColumn is column c's values as strings.ToLower gives them; nil
// for a table made without parseTable.
func (t *Table) foldedColumn(c int) []string {
	if t.folded == nil {
		return nil
	}
	t.folded.once[c].Do(func() {
		col := make([]string, len(t.Rows))
		for i, row := range t.Rows {
			col[i] = strings.ToLower(row[c])
		}
		t.folded.cols[c] = col
	})
	return t.folded.cols[c]
}

func (t *Table) withRules(name string, ru Rules) *Table {
	c := *t
	c.Name, c.Rules = name, ru
	return &c
}

// Column returns the index of a field, or -1.
func (t *Table) Column(field string) int {
	if i, ok := t.col[field]; ok {
		return i
	}
	return -1
}

// readTable reads a CSV lookup file: a header row, then one row per
// line; short rows are padded with empty values.
func readTable(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rd io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		defer gz.Close()
		rd = gz
	}
	return parseTable(rd, path)
}

// parseTable reads CSV lookup content; path names it in errors.
func parseTable(rd io.Reader, path string) (*Table, error) {
	cr := csv.NewReader(rd)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty lookup file (a lookup needs a header row)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	t := &Table{File: path, Fields: header, col: map[string]int{},
		folded: &foldedCols{once: make([]sync.Once, len(header)), cols: make([][]string, len(header))}}
	for i, h := range header {
		if _, dup := t.col[h]; !dup {
			t.col[h] = i
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		for len(rec) < len(header) {
			rec = append(rec, "")
		}
		t.Rows = append(t.Rows, rec[:len(header)])
	}
	return t, nil
}

// Input is one lookup field and the event's values for it.
type Input struct {
	Field  string
	Values []string // empty when the event lacks the field
}

// Match returns the indexes of the rows that match every input, in file
// order, at most MaxMatches. A multivalue input matches a row when any
// of its values does.
func (t *Table) Match(inputs []Input) ([]int, error) {
	type matcher struct {
		col    int
		folded []string // the column lower-cased, for a test that folds
		test   func(tableVal string) bool
	}
	ms := make([]matcher, 0, len(inputs))
	for _, in := range inputs {
		c := t.Column(in.Field)
		if c < 0 {
			return nil, fmt.Errorf("lookup %s has no field %q (its fields: %s)", t.Name, in.Field, strings.Join(t.Fields, ", "))
		}
		if len(in.Values) == 0 {
			return nil, nil
		}
		m := matcher{col: c}
		if !t.Rules.CaseSensitive && !t.Rules.CIDR[in.Field] {
			m.folded = t.foldedColumn(c)
		}
		m.test = t.tester(in.Field, in.Values, m.folded != nil)
		ms = append(ms, m)
	}
	var out []int
	for i, row := range t.Rows {
		ok := true
		for _, m := range ms {
			tv := row[m.col]
			if m.folded != nil {
				tv = m.folded[i]
			}
			if !m.test(tv) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, i)
			if len(out) >= t.Rules.MaxMatches {
				break
			}
		}
	}
	return out, nil
}

// tester builds the test of a table value against an event's values;
// tvFolded says the table values it is given are lower-cased already.
func (t *Table) tester(field string, vals []string, tvFolded bool) func(string) bool {
	fold := !t.Rules.CaseSensitive
	norm := func(s string) string {
		if fold {
			return strings.ToLower(s)
		}
		return s
	}
	normTV := norm
	if tvFolded {
		normTV = func(s string) string { return s }
	}
	switch {
	case t.Rules.CIDR[field]:
		var addrs []netip.Addr
		for _, v := range vals {
			if a, err := netip.ParseAddr(strings.TrimSpace(v)); err == nil {
				addrs = append(addrs, a.Unmap())
			}
		}
		return func(tv string) bool {
			pfx, err := netip.ParsePrefix(strings.TrimSpace(tv))
			if err != nil {
				// A plain address in a CIDR column matches itself.
				a, err := netip.ParseAddr(strings.TrimSpace(tv))
				if err != nil {
					return false
				}
				pfx = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
			}
			for _, a := range addrs {
				if pfx.Contains(a) {
					return true
				}
			}
			return false
		}
	case t.Rules.Wildcard[field]:
		nv := make([]string, len(vals))
		for i, v := range vals {
			nv[i] = norm(v)
		}
		return func(tv string) bool {
			pat := normTV(tv)
			for _, v := range nv {
				if wildcardMatch(pat, v) {
					return true
				}
			}
			return false
		}
	}
	set := map[string]bool{}
	for _, v := range vals {
		set[norm(v)] = true
	}
	return func(tv string) bool { return set[normTV(tv)] }
}

// wildcardMatch reports whether s matches pat, where `*` matches any
// text (possibly empty) and everything else is literal.
func wildcardMatch(pat, s string) bool {
	if !strings.Contains(pat, "*") {
		return pat == s
	}
	parts := strings.Split(pat, "*")
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, last)
}

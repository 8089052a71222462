package lookups

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Definition is a named lookup: the file it reads and its match rules.
type Definition struct {
	Name string
	// File is the path of the CSV; "" for a KV store collection with no
	// file found.
	File       string
	Filename   string // as declared
	Collection string
	Rules      Rules
	// From is where the definition was read, for messages.
	From string
	// refused says why the definition's file is not read (a filename
	// that is a path); "" when it may be.
	refused string
}

// Rules are a definition's field matching rules.
type Rules struct {
	Wildcard      map[string]bool
	CIDR          map[string]bool
	CaseSensitive bool
	MaxMatches    int
	MinMatches    int
	DefaultMatch  string
	HasDefault    bool
}

// DefaultRules are transforms.conf's defaults.
func DefaultRules() Rules {
	return Rules{CaseSensitive: true, MaxMatches: DefaultMaxMatches}
}

// DefaultMaxMatches is transforms.conf's max_matches default for
// non-temporal lookups in current Splunk (docs/SEMANTICS.md §11).
const DefaultMaxMatches = 100

// Registry finds lookup tables by definition name or file name.
//
// Files are read only inside the folders they were found in: a lookup is
// named by its definition or its file name, never by a path; a
// definition's filename must be a plain file name (no folder, no ..); and
// a file that is a symbolic link is read only when it resolves inside its
// folder (checked again when it is read). A lookup file given directly
// with --lookups is the user's choice and read as it is.
type Registry struct {
	mu     sync.Mutex
	defs   map[string]*Definition
	files  map[string]string // base file name → path
	tables map[string]*Table // by path
	outDir string
	// roots maps a file found in a folder to that folder.
	roots map[string]string
	// refused maps a file name to why its file is not read.
	refused map[string]string
}

// NewRegistry makes an empty registry.
func NewRegistry() *Registry {
	return &Registry{defs: map[string]*Definition{}, files: map[string]string{}, tables: map[string]*Table{},
		roots: map[string]string{}, refused: map[string]string{}}
}

// Load reads lookup declarations from path: a security_content root (its
// lookups/ folder), a folder of *.yml/*.csv, a Splunk app (default/ and
// local/ transforms.conf with lookups/), a transforms.conf, a .yml or a
// .csv file.
func (r *Registry) Load(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return r.loadFile(path)
	}
	for _, sub := range []string{"lookups"} {
		if s, err := os.Stat(filepath.Join(path, sub)); err == nil && s.IsDir() {
			if err := r.loadDir(filepath.Join(path, sub)); err != nil {
				return err
			}
		}
	}
	if err := r.loadDir(path); err != nil {
		return err
	}
	for _, conf := range []string{"default/transforms.conf", "local/transforms.conf", "transforms.conf"} {
		p := filepath.Join(path, conf)
		if _, err := os.Stat(p); err == nil {
			if err := r.loadTransforms(p); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *Registry) loadDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	// Files first, so definitions can find them.
	for _, e := range entries {
		if e.IsDir() || !isCSV(e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if e.Type()&os.ModeSymlink != 0 {
			if _, err := r.confined(p, dir); err != nil {
				r.refused[e.Name()] = err.Error()
				continue
			}
		}
		r.files[e.Name()] = p
		r.roots[p] = dir
		delete(r.refused, e.Name())
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		if n := e.Name(); strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml") {
			if err := r.loadYAML(filepath.Join(dir, n)); err != nil {
				return err
			}
		}
	}
	return nil
}

func isCSV(name string) bool {
	return strings.HasSuffix(name, ".csv") || strings.HasSuffix(name, ".csv.gz")
}

func (r *Registry) loadFile(path string) error {
	switch base := filepath.Base(path); {
	case isCSV(base):
		r.files[base] = path
		return nil
	case strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".yaml"):
		return r.loadYAML(path)
	case strings.HasSuffix(base, ".conf"):
		return r.loadTransforms(path)
	}
	return fmt.Errorf("%s: expected a folder, a .csv, a lookup .yml or a transforms.conf", path)
}

// loadYAML reads one security_content lookup declaration.
func (r *Registry) loadYAML(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	kv, ok := quickKV(b)
	if !ok {
		if kv, err = parserKV(b); err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
	}
	if kv["name"] == "" {
		return nil // not a lookup declaration
	}
	return r.define(kv["name"], kv, filepath.Dir(path), path)
}

// define adds a definition from its settings; dir is where its file is
// looked for first.
func (r *Registry) define(name string, kv map[string]string, dir, from string) error {
	d := &Definition{Name: name, Filename: kv["filename"], Collection: kv["collection"], Rules: DefaultRules(), From: from}
	if err := parseRules(&d.Rules, kv); err != nil {
		return fmt.Errorf("%s: lookup %s: %v", from, name, err)
	}
	switch {
	case d.Filename != "" && !plainFileName(d.Filename):
		// Splunk reads a lookup's filename in the app's lookups folder;
		// a path would reach files elsewhere.
		d.refused = fmt.Sprintf("its filename %q is not a plain file name; lookup files are read only from the --lookups folders", d.Filename)
	case d.Filename != "":
		if p := filepath.Join(dir, d.Filename); fileExists(p) {
			d.File = p
			r.roots[p] = dir
		}
	}
	r.defs[name] = d
	return nil
}

// plainFileName reports whether name is a file name with no folder in it.
func plainFileName(name string) bool {
	return name != "" && name != "." && name != ".." && !strings.ContainsAny(name, `/\`) && !filepath.IsAbs(name)
}

// confined resolves the symbolic links of path and returns the real path
// when it lies inside folder root (itself resolved), else an error saying
// where it leads.
func (r *Registry) confined(path, root string) (string, error) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", err
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(realRoot, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", fmt.Errorf("%s is a symbolic link to %s, outside its folder %s; refusing to read it", path, real, root)
	}
	return real, nil
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// parseRules reads the matching settings of a definition.
func parseRules(ru *Rules, kv map[string]string) error {
	if v, ok := kv["case_sensitive_match"]; ok {
		b, err := confBool(v)
		if err != nil {
			return fmt.Errorf("case_sensitive_match: %v", err)
		}
		ru.CaseSensitive = b
	}
	for _, k := range []string{"max_matches", "min_matches"} {
		v, ok := kv[k]
		if !ok {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fmt.Errorf("%s=%s is not a whole number", k, v)
		}
		if k == "max_matches" {
			ru.MaxMatches = min(max(n, 1), 1000)
		} else {
			ru.MinMatches = n
		}
	}
	if v, ok := kv["default_match"]; ok {
		ru.DefaultMatch, ru.HasDefault = v, true
	}
	if mt := kv["match_type"]; mt != "" {
		for _, part := range strings.Split(mt, ",") {
			part = strings.TrimSpace(part)
			open, closeAt := strings.IndexByte(part, '('), strings.LastIndexByte(part, ')')
			if open < 0 || closeAt < open {
				return fmt.Errorf("match_type %q: expected WILDCARD(field) or CIDR(field)", part)
			}
			field := strings.TrimSpace(part[open+1 : closeAt])
			switch strings.ToUpper(strings.TrimSpace(part[:open])) {
			case "WILDCARD":
				if ru.Wildcard == nil {
					ru.Wildcard = map[string]bool{}
				}
				ru.Wildcard[field] = true
			case "CIDR":
				if ru.CIDR == nil {
					ru.CIDR = map[string]bool{}
				}
				ru.CIDR[field] = true
			case "EXACT":
			default:
				return fmt.Errorf("match_type %q: expected WILDCARD(field) or CIDR(field)", part)
			}
		}
	}
	return nil
}

func confBool(v string) (bool, error) {
	switch strings.ToLower(strings.Trim(v, `'"`)) {
	case "1", "t", "true", "y", "yes":
		return true, nil
	case "0", "f", "false", "n", "no":
		return false, nil
	}
	return false, fmt.Errorf("%q is not a Boolean", v)
}

// loadTransforms reads the lookup stanzas of a transforms.conf. Files are
// looked for in the app's lookups/ folder (../lookups from default/).
func (r *Registry) loadTransforms(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	appDir := filepath.Dir(filepath.Dir(path))
	if base := filepath.Base(filepath.Dir(path)); base != "default" && base != "local" {
		appDir = filepath.Dir(path)
	}
	lookupDir := filepath.Join(appDir, "lookups")
	if st, err := os.Stat(lookupDir); err == nil && st.IsDir() {
		if err := r.loadDir(lookupDir); err != nil {
			return err
		}
	}
	stanzas, order, err := readConf(f)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	for _, name := range order {
		kv := stanzas[name]
		if kv["filename"] == "" && kv["collection"] == "" && kv["external_type"] != "kvstore" {
			continue // an extraction transform, not a lookup
		}
		if err := r.define(name, kv, lookupDir, path); err != nil {
			return err
		}
	}
	return nil
}

// readConf reads a .conf file: [stanza] headers, key = value lines,
// # comments, and a trailing backslash continuing a line.
func readConf(f io.Reader) (map[string]map[string]string, []string, error) {
	out := map[string]map[string]string{}
	var order []string
	cur := ""
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var pending string
	for sc.Scan() {
		line := pending + sc.Text()
		pending = ""
		if strings.HasSuffix(line, `\`) {
			pending = strings.TrimSuffix(line, `\`) + "\n"
			continue
		}
		t := strings.TrimSpace(line)
		switch {
		case t == "" || strings.HasPrefix(t, "#"):
		case strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]"):
			cur = t[1 : len(t)-1]
			if out[cur] == nil {
				out[cur] = map[string]string{}
				order = append(order, cur)
			}
		default:
			k, v, ok := strings.Cut(t, "=")
			if ok && cur != "" {
				out[cur][strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
			}
		}
	}
	return out, order, sc.Err()
}

// Names lists the definitions and files known, for suggestions.
func (r *Registry) Names() []string {
	var out []string
	for n := range r.defs {
		out = append(out, n)
	}
	for n := range r.files {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// resolve finds the definition of a name: a defined lookup, or a file.
func (r *Registry) resolve(name string) (*Definition, error) {
	if d, ok := r.defs[name]; ok {
		if d.refused != "" {
			return nil, fmt.Errorf("lookup %q (declared in %s): %s", name, d.From, d.refused)
		}
		if d.File == "" {
			for _, cand := range []string{d.Filename, d.Name + ".csv", d.Collection + ".csv"} {
				if p, ok := r.files[cand]; ok && cand != ".csv" && cand != "" {
					d.File = p
					break
				}
			}
		}
		if d.File == "" {
			for _, cand := range []string{d.Filename, d.Name + ".csv"} {
				if why, ok := r.refused[cand]; ok && cand != "" {
					return nil, fmt.Errorf("lookup %q: %s", name, why)
				}
			}
			if d.Collection != "" {
				return nil, fmt.Errorf("lookup %q is a KV store collection (%s), which spelunk cannot read; put its rows in %s.csv in a --lookups folder", name, d.Collection, name)
			}
			return nil, fmt.Errorf("lookup %q (declared in %s) reads %s, which is not in any --lookups folder", name, d.From, d.Filename)
		}
		return d, nil
	}
	if p, ok := r.files[name]; ok {
		return &Definition{Name: name, File: p, Filename: name, Rules: DefaultRules()}, nil
	}
	if why, ok := r.refused[name]; ok {
		return nil, fmt.Errorf("lookup %q: %s", name, why)
	}
	if !plainFileName(name) {
		return nil, fmt.Errorf("lookup table %q: a lookup is named by its definition or by a file name in a --lookups folder, never by a path", name)
	}
	return nil, &NotFoundError{Name: name}
}

// NotFoundError says a lookup is neither defined nor a known file.
type NotFoundError struct{ Name string }

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("lookup table %q is not defined and no file of that name is in a --lookups folder", e.Name)
}

// Table returns a lookup table, read once.
func (r *Registry) Table(name string) (*Table, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	d, err := r.resolve(name)
	if err != nil {
		return nil, err
	}
	if t, ok := r.tables[d.File]; ok {
		return t.withRules(name, d.Rules), nil
	}
	path := d.File
	if root := r.roots[d.File]; root != "" {
		// Checked again now: the file may have become a link since.
		real, err := r.confined(d.File, root)
		if err != nil {
			return nil, fmt.Errorf("lookup %q: %v", name, err)
		}
		path = real
	}
	t, err := readTable(path)
	if err != nil {
		return nil, err
	}
	r.tables[d.File] = t
	return t.withRules(name, d.Rules), nil
}

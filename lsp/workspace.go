package lsp

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/content/validate"
	"github.com/spelunk-dev/spelunk/macros"
)

// workspace is what a folder defines: its macros and lookups, and the
// text of every file that may call a macro, for references. A content
// repository (a folder with detections/) also has contentctl's rules.
type workspace struct {
	root string

	mu      sync.Mutex
	macros  *macros.Set
	lookups map[string][]location // lookup name (and file name) -> definitions
	files   map[string]string     // path -> text, for references

	validOnce sync.Once
	valid     *validate.Workspace
	today     string
}

// location is a span of a file, in bytes.
type location struct {
	path       string
	start, end int
}

func loadWorkspace(root, today string) *workspace {
	w := &workspace{root: root, macros: macros.NewSet(), lookups: map[string][]location{}, files: map[string]string{}, today: today}
	if root == "" {
		content.AddStubMacros(w.macros)
		return w
	}
	seen := 0
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		// A file opened outside any project makes its folder the
		// workspace, which may be a home or a temporary folder: read a
		// bounded part of it.
		if seen++; seen > maxWalk {
			return filepath.SkipAll
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !w.wanted(p) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err == nil {
			w.files[p] = string(b)
		}
		return nil
	})
	for _, p := range sortedKeys(w.files) {
		w.addMacros(p, w.files[p])
	}
	content.AddStubMacros(w.macros)
	w.loadLookups()
	return w
}

// maxWalk bounds the entries a workspace's walk visits; security_content
// has about 5,000.
const maxWalk = 100000

// wanted tells the files the workspace reads: YAML of detections and
// macros, .spl files, macros.conf and savedsearches.conf.
func (w *workspace) wanted(p string) bool {
	rel, err := filepath.Rel(w.root, p)
	if err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	base := filepath.Base(p)
	switch {
	case strings.HasSuffix(base, ".spl"), base == "macros.conf", base == "savedsearches.conf":
		return true
	case strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".yaml"):
		return (strings.HasPrefix(rel, "detections/") || strings.HasPrefix(rel, "macros/")) && !strings.Contains(base, ".spelunk.")
	}
	return false
}

// addMacros adds the macros a file defines (a later definition wins).
func (w *workspace) addMacros(p, text string) {
	base := filepath.Base(p)
	switch {
	case base == "macros.conf":
		ms, _ := macros.ParseConf([]byte(text), p)
		for _, m := range ms {
			w.macros.Add(m)
		}
	case strings.Contains(filepath.ToSlash(p), "/macros/") && (strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".yaml")):
		if m, err := macros.ParseYAML([]byte(text), p); err == nil {
			w.macros.Add(m)
		}
	}
}

// update takes the text of an open file: its macros and its calls.
func (w *workspace) update(p, text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.wanted(p) || strings.HasPrefix(p, w.root) {
		w.files[p] = text
	}
	w.addMacros(p, text)
}

// loadLookups reads lookups/*.yml: each lookup's name and file name lead
// to its YAML, and the file name also to the file.
func (w *workspace) loadLookups() {
	dir := filepath.Join(w.root, "lookups")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".yml") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		var l struct {
			Name     string `yaml:"name"`
			Filename string `yaml:"filename"`
		}
		if yaml.Unmarshal(b, &l) != nil || l.Name == "" {
			continue
		}
		at := keyValueSpan(string(b), "name")
		defs := []location{{p, at[0], at[1]}}
		if l.Filename != "" {
			// Only a plain file name in lookups/ is followed: a name with
			// a path in it could lead out of the folder.
			if f := filepath.Join(dir, l.Filename); filepath.Base(l.Filename) == l.Filename && inside(dir, f) && fileExists(f) {
				defs = append(defs, location{f, 0, 0})
			}
			w.lookups[l.Filename] = defs
		}
		w.lookups[l.Name] = defs
	}
}

// keyValueSpan finds the value of a top-level key in YAML text.
func keyValueSpan(text, key string) [2]int {
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(key) + `:[ \t]*(.*)$`)
	if m := re.FindStringSubmatchIndex(text); m != nil {
		return [2]int{m[2], m[3]}
	}
	return [2]int{0, 0}
}

// inside reports whether p, with its symbolic links followed, is in dir.
func inside(dir, p string) bool {
	d, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false
	}
	q, err := filepath.EvalSymlinks(p)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(d, q)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// validator returns the repository's contentctl rules, read the first
// time they are asked for; nil outside a content repository.
func (w *workspace) validator() *validate.Workspace {
	w.validOnce.Do(func() {
		if w.root == "" {
			return
		}
		if st, err := os.Stat(filepath.Join(w.root, "detections")); err != nil || !st.IsDir() {
			return
		}
		v, err := validate.Open(w.root, validate.Options{Today: w.today})
		if err == nil {
			w.valid = v
		}
	})
	return w.valid
}

// macroLocation is where a macro is defined: its YAML's definition, or
// its macros.conf line; ok is false for built-in macros.
func (w *workspace) macroLocation(m macros.Macro) (location, bool) {
	origin := m.Origin
	line := 0
	if i := strings.LastIndexByte(origin, ':'); i > 0 && strings.HasSuffix(filepath.Base(origin[:i]), ".conf") {
		line, _ = strconv.Atoi(origin[i+1:])
		origin = origin[:i]
	}
	if !filepath.IsAbs(origin) {
		return location{}, false
	}
	w.mu.Lock()
	text, ok := w.files[origin]
	w.mu.Unlock()
	if !ok {
		b, err := os.ReadFile(origin)
		if err != nil {
			return location{}, false
		}
		text = string(b)
	}
	if line > 0 {
		l := newLines(text)
		if line-1 < len(l.starts) {
			s := l.starts[line-1]
			e := strings.IndexByte(text[s:], '\n')
			if e < 0 {
				e = len(text) - s
			}
			return location{origin, s, s + e}, true
		}
		return location{origin, 0, 0}, true
	}
	at := keyValueSpan(text, "definition")
	return location{origin, at[0], min(at[1], at[0]+200)}, true
}

// macroCalls finds the calls of a macro in every file of the workspace:
// the span of the name after its backtick.
func (w *workspace) macroCalls(name string) []location {
	needle := "`" + name
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []location
	for _, p := range sortedKeys(w.files) {
		text := w.files[p]
		for off := 0; ; {
			i := strings.Index(text[off:], needle)
			if i < 0 {
				break
			}
			at := off + i + 1
			off = at
			if next := at + len(name); next < len(text) && (text[next] == '(' || text[next] == '`') {
				out = append(out, location{p, at, next})
			}
		}
	}
	return out
}

// readFileLimited reads at most the first 16 MiB of a file: locations
// in a large lookup file are at its start.
func readFileLimited(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 16<<20))
}

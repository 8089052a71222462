package validate

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
)

// kind is a folder of content objects, named as the folder.
type kind string

const (
	kindDetection  kind = "detections"
	kindStory      kind = "stories"
	kindMacro      kind = "macros"
	kindLookup     kind = "lookups"
	kindDataSource kind = "data_sources"
)

// object is one content YAML file, parsed into nodes for positions.
type object struct {
	kind kind
	path string
	raw  []byte
	root *yaml.Node // the top mapping; nil when the file is not one
	name string
	id   string
}

// get returns the key and value nodes of key in the object's mapping.
func (o *object) get(key string) (*yaml.Node, *yaml.Node) { return entry(o.root, key) }

// entry returns the key and value nodes of key in mapping m, or nils.
func entry(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// repo is the repository being validated.
type repo struct {
	root     string
	today    string
	objects  map[kind][]*object
	counts   map[string]int
	problems []Problem
}

func loadRepo(root string, opt Options) (*repo, error) {
	r := &repo{root: root, today: opt.Today, objects: map[kind][]*object{}, counts: map[string]int{}}
	if r.today == "" {
		r.today = time.Now().UTC().Format(time.DateOnly)
	}
	for _, k := range []kind{kindDataSource, kindLookup, kindMacro, kindStory, kindDetection} {
		files, err := yamlFiles(filepath.Join(root, string(k)), k == kindDetection)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			if o := r.parseObject(k, f, b); o != nil {
				r.objects[k] = append(r.objects[k], o)
				r.counts[string(k)]++
			}
		}
	}
	return r, nil
}

// parseObject reads one content file, or reports why it cannot and
// returns nil.
func (r *repo) parseObject(k kind, f string, b []byte) *object {
	o := &object{kind: k, path: f, raw: b}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		line := 1
		if m := yamlLineRe().FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		r.addAt(f, line, 1, Error, "yaml", "%v", err)
		return nil
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 && doc.Content[0].Kind == yaml.MappingNode {
		o.root = doc.Content[0]
	} else {
		r.addAt(f, 1, 1, Error, "yaml", "the file is not a YAML mapping")
		return nil
	}
	if _, v := o.get("name"); v != nil && v.Kind == yaml.ScalarNode {
		o.name = v.Value
	}
	if _, v := o.get("id"); v != nil && v.Kind == yaml.ScalarNode {
		o.id = v.Value
	}
	return o
}

// yamlFiles lists the .yml files of a folder, recursively for detections
// (deprecated/ included, as contentctl builds it; spelunk's sidecar files
// left out). A missing folder has none.
func yamlFiles(dir string, recursive bool) ([]string, error) {
	if !isDir(dir) {
		return nil, nil
	}
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && !recursive {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".yml") && !strings.Contains(d.Name(), ".spelunk.") {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

func (r *repo) addAt(file string, line, col int, sev Severity, rule, format string, a ...any) {
	r.problems = append(r.problems, Problem{File: file, Line: line, Col: col, Severity: sev, Rule: rule, Message: fmt.Sprintf(format, a...)})
}

// add reports a problem at a node of o (the file's start when n is nil).
func (r *repo) add(o *object, n *yaml.Node, sev Severity, rule, format string, a ...any) {
	line, col := 1, 1
	if n != nil {
		line, col = n.Line, n.Column
	}
	r.addAt(o.path, line, col, sev, rule, format, a...)
}

// check runs every rule.
func (r *repo) check() {
	r.checkUnique()
	for _, o := range r.objects[kindDataSource] {
		r.checkCommon(o)
		r.requireStrings(o, "source", "sourcetype")
	}
	for _, o := range r.objects[kindMacro] {
		r.checkCommon(o)
		r.checkMacro(o)
	}
	for _, o := range r.objects[kindLookup] {
		r.checkCommon(o)
		r.checkLookup(o)
	}
	for _, o := range r.objects[kindStory] {
		r.checkCommon(o)
		r.checkStory(o)
	}
	ctx := r.searchContext()
	for _, o := range r.objects[kindDetection] {
		r.checkCommon(o)
		r.checkDetection(o, ctx)
	}
}

// checkUnique: contentctl keeps one map of names and one of ids across
// every kind of object, and a second object with a taken name or id is an
// error.
func (r *repo) checkUnique() {
	names := map[string]*object{}
	ids := map[string]*object{}
	for _, k := range []kind{kindDataSource, kindLookup, kindMacro, kindStory, kindDetection} {
		for _, o := range r.objects[k] {
			if o.name != "" {
				if first, ok := names[o.name]; ok {
					kn, _ := o.get("name")
					r.add(o, kn, Error, "unique-name", "name %q is already used by %s", o.name, r.rel(first.path))
				} else {
					names[o.name] = o
				}
			}
			if id := strings.ToLower(o.id); id != "" {
				if first, ok := ids[id]; ok {
					kn, _ := o.get("id")
					r.add(o, kn, Error, "unique-id", "id %s is already used by %s", o.id, r.rel(first.path))
				} else {
					ids[id] = o
				}
			}
		}
	}
}

func (r *repo) rel(p string) string {
	if rel, err := filepath.Rel(r.root, p); err == nil {
		return rel
	}
	return p
}

// Limits of contentctl's SecurityContentObject fields.
const (
	maxNameLen        = 99
	maxAuthorLen      = 255
	maxDescriptionLen = 10000
	// maxDetectionNameLen is 99 (what ES accepts) less what ES adds when
	// a search is cloned, "<domain> - ESCU - <name> - Rule - Rule"
	// (contentctl's CONTENTCTL_MAX_SEARCH_NAME_LENGTH).
	maxDetectionNameLen = 99 - len("identity -  - Rule") - len("ESCU -  - Rule")
)

var (
	yamlLineRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`line (\d+)`) })
	uuidRe     = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?i)(urn:uuid:)?\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$`)
	})
	dateRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`) })
)

// checkCommon applies SecurityContentObject's fields: macros and lookups
// get defaults for id, date, author and version, the others must set them.
func (r *repo) checkCommon(o *object) {
	required := []string{"name", "id", "version", "date", "author", "description"}
	if o.kind == kindMacro || o.kind == kindLookup {
		required = []string{"name", "description"}
	}
	r.require(o, required...)
	if _, v := o.get("name"); v != nil {
		limit := maxNameLen
		if o.kind == kindDetection {
			limit = maxDetectionNameLen
		}
		if r.isString(o, v, "name") {
			if len(v.Value) > limit {
				r.add(o, v, Error, "name", "name is %d characters long; at most %d are allowed", len(v.Value), limit)
			}
			if want := contentFileName(v.Value); want != filepath.Base(o.path) {
				r.add(o, v, Error, "file-name", "the file name must follow the name: %s, not %s", want, filepath.Base(o.path))
			}
		}
	}
	if _, v := o.get("author"); v != nil && r.isString(o, v, "author") && len(v.Value) > maxAuthorLen {
		r.add(o, v, Error, "author", "author is %d characters long; at most %d are allowed", len(v.Value), maxAuthorLen)
	}
	if _, v := o.get("description"); v != nil && r.isString(o, v, "description") && len(v.Value) > maxDescriptionLen {
		r.add(o, v, Error, "description", "description is %d characters long; at most %d are allowed", len(v.Value), maxDescriptionLen)
	}
	if _, v := o.get("id"); v != nil && !uuidRe().MatchString(v.Value) {
		r.add(o, v, Error, "id", "id %q is not a UUID", v.Value)
	}
	if _, v := o.get("version"); v != nil {
		if n, err := strconv.Atoi(v.Value); v.Kind != yaml.ScalarNode || err != nil || n < 0 {
			r.add(o, v, Error, "version", "version must be a non-negative integer, not %q", v.Value)
		}
	}
	if _, v := o.get("date"); v != nil {
		r.checkDate(o, v)
	}
	if _, v := o.get("references"); v != nil && v.Tag != "!!null" {
		r.eachString(o, v, "references", func(n *yaml.Node) {
			if !httpURL(n.Value) {
				r.add(o, n, Error, "references", "reference %q is not an http(s) URL", n.Value)
			}
		})
	}
}

func (r *repo) checkDate(o *object, v *yaml.Node) {
	if v.Kind != yaml.ScalarNode || !dateRe().MatchString(v.Value) {
		r.add(o, v, Error, "date", "date must be YYYY-MM-DD, not %q", v.Value)
		return
	}
	if _, err := time.Parse(time.DateOnly, v.Value); err != nil {
		r.add(o, v, Error, "date", "date %q is not a calendar date", v.Value)
		return
	}
	if v.Value > r.today {
		r.add(o, v, Error, "date", "date %s is in the future", v.Value)
	}
}

// contentFileName is the file name contentctl expects for an object's
// name (contentNameToFileName).
func contentFileName(name string) string {
	return strings.ToLower(strings.NewReplacer(" ", "_", "-", "_", ".", "_", "/", "_").Replace(name)) + ".yml"
}

func httpURL(s string) bool {
	rest, ok := strings.CutPrefix(strings.ToLower(s), "https://")
	if !ok {
		rest, ok = strings.CutPrefix(strings.ToLower(s), "http://")
	}
	return ok && rest != "" && !strings.HasPrefix(rest, "/") && !strings.ContainsAny(s, " \t\n")
}

// require reports each missing key of o.
func (r *repo) require(o *object, keys ...string) {
	for _, key := range keys {
		if _, v := o.get(key); v == nil || v.Tag == "!!null" {
			r.add(o, nil, Error, "required", "%s: the required key %q is missing", o.kind.noun(), key)
		}
	}
}

// requireStrings is require for keys whose value must be a string.
func (r *repo) requireStrings(o *object, keys ...string) {
	r.require(o, keys...)
	for _, key := range keys {
		if _, v := o.get(key); v != nil && v.Tag != "!!null" {
			r.isString(o, v, key)
		}
	}
}

// isString reports (and returns false) when v is not a scalar string. A
// number or date is accepted: pydantic's str field takes neither, but YAML
// authors rarely mean one; the check is for lists and mappings.
func (r *repo) isString(o *object, v *yaml.Node, key string) bool {
	if v.Kind != yaml.ScalarNode {
		r.add(o, v, Error, "type", "%s must be a string", key)
		return false
	}
	return true
}

// eachString calls f on each item of a list of strings, reporting items
// or a value that are not.
func (r *repo) eachString(o *object, v *yaml.Node, key string, f func(*yaml.Node)) {
	if v.Kind != yaml.SequenceNode {
		r.add(o, v, Error, "type", "%s must be a list", key)
		return
	}
	for _, it := range v.Content {
		if it.Kind != yaml.ScalarNode {
			r.add(o, it, Error, "type", "each item of %s must be a string", key)
			continue
		}
		f(it)
	}
}

func (k kind) noun() string {
	switch k {
	case kindDetection:
		return "detection"
	case kindStory:
		return "story"
	case kindMacro:
		return "macro"
	case kindLookup:
		return "lookup"
	}
	return "data source"
}

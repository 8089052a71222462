package validate

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/spelunk-dev/spelunk/macros"
)

// macroToken is an argument use in a macro definition.
var macroToken = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)\$`) })

// checkMacro: a definition (at least one character), arguments as a list
// of valid names, each used as $arg$ in the definition, and no $word$ in
// the definition that is neither an argument nor a known token.
func (r *repo) checkMacro(o *object) {
	r.requireStrings(o, "definition")
	kd, def := o.get("definition")
	if def != nil && def.Kind == yaml.ScalarNode && def.Value == "" {
		r.add(o, kd, Error, "macro", "definition is empty")
	}
	if _, err := macros.ParseYAML(o.raw, r.rel(o.path)); err != nil {
		kn, _ := o.get("name")
		msg := err.Error()
		msg = strings.TrimPrefix(msg, r.rel(o.path)+": ")
		if !strings.Contains(msg, "has no definition") {
			r.add(o, kn, Error, "macro", "%s", msg)
		}
	}
	_, args := o.get("arguments")
	if args == nil || args.Tag == "!!null" {
		args = &yaml.Node{Kind: yaml.SequenceNode}
	}
	if args.Kind != yaml.SequenceNode {
		r.add(o, args, Error, "type", "arguments must be a list")
		return
	}
	if def == nil || def.Kind != yaml.ScalarNode {
		return
	}
	used := map[string]bool{}
	for _, m := range macroToken().FindAllStringSubmatch(def.Value, -1) {
		used[m[1]] = true
	}
	var names []string
	for _, a := range args.Content {
		names = append(names, a.Value)
		if !used[a.Value] {
			r.add(o, a, Error, "macro-args", "argument %q is not used in the definition (as $%s$)", a.Value, a.Value)
		}
	}
	if len(names) == 0 {
		return // without arguments, $...$ is text Splunk leaves alone
	}
	for _, m := range macroToken().FindAllStringSubmatch(def.Value, -1) {
		if !slices.Contains(names, m[1]) {
			r.add(o, def, Warning, "macro-args", "$%s$ in the definition is not one of the arguments %v", m[1], names)
		}
	}
}

// matchTypeRe is one entry of a lookup's match_type (transforms.conf:
// a comma-separated list of WILDCARD(field), CIDR(field) or EXACT(field)).
var matchTypeRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(WILDCARD|CIDR|EXACT)\(\s*[^()\s,]+\s*\)$`) })

// checkLookup: exactly one of filename and collection; the file exists in
// lookups/, is .csv or .mlmodel, and every row of a CSV has as many
// columns as its header; match_type is well formed.
func (r *repo) checkLookup(o *object) {
	kf, file := o.get("filename")
	_, coll := o.get("collection")
	hasFile := file != nil && file.Tag != "!!null" && file.Value != ""
	hasColl := coll != nil && coll.Tag != "!!null" && coll.Value != ""
	switch {
	case hasFile && hasColl:
		r.add(o, kf, Error, "lookup", "filename and collection are both set; exactly one must be")
	case !hasFile && !hasColl:
		r.add(o, nil, Error, "lookup", "neither filename nor collection is set; exactly one must be")
	}
	if hasFile {
		r.checkLookupFile(o, file)
	}
	if _, mt := o.get("match_type"); mt != nil && mt.Kind == yaml.ScalarNode && mt.Value != "" {
		for _, part := range strings.Split(mt.Value, ",") {
			if !matchTypeRe().MatchString(strings.TrimSpace(part)) {
				r.add(o, mt, Error, "lookup", "match_type %q is not a comma-separated list of WILDCARD(field), CIDR(field) or EXACT(field)", strings.TrimSpace(part))
			}
		}
	}
}

func (r *repo) checkLookupFile(o *object, file *yaml.Node) {
	name := file.Value
	ext := filepath.Ext(name)
	if ext != ".csv" && ext != ".mlmodel" {
		r.add(o, file, Error, "lookup", "filename %q must end in .csv or .mlmodel", name)
		return
	}
	path := filepath.Join(r.root, "lookups", name)
	f, err := os.Open(path)
	if err != nil {
		r.add(o, file, Error, "lookup-file", "lookups/%s does not exist", name)
		return
	}
	defer f.Close()
	if ext != ".csv" {
		return
	}
	cr := csv.NewReader(f)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		r.add(o, file, Error, "lookup-file", "lookups/%s has no header row: %v", name, err)
		return
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			r.add(o, file, Error, "lookup-file", "lookups/%s: %v", name, err)
			return
		}
		if len(rec) != len(header) {
			line, _ := cr.FieldPos(0)
			r.add(o, file, Error, "lookup-file", "lookups/%s:%d has %d columns; the header has %d", name, line, len(rec), len(header))
			return
		}
	}
}

var (
	storyCategories = []string{"Abuse", "Adversary Tactics", "Best Practices", "Cloud Security", "Compliance",
		"Malware", "Uncategorized", "Vulnerability", "Account Compromise", "Data Destruction",
		"Lateral Movement", "Privilege Escalation", "Ransomware", "Unauthorized Software"}
	storyUseCases = []string{"Fraud Detection", "Compliance", "Application Security", "Security Monitoring",
		"Advanced Threat Detection", "Insider Threat", "Other"}
	products = []string{"Splunk Enterprise", "Splunk Enterprise Security", "Splunk Cloud",
		"Splunk Security Analytics for AWS", "Splunk Behavioral Analytics"}
	storyTagKeys = []string{"category", "product", "usecase", "mitre_attack_enrichments", "mitre_attack_tactics",
		"datamodels", "kill_chain_phases", "cve", "group"}
)

// checkStory: a narrative and tags with category, product and usecase
// from contentctl's enums; tags allows no other keys.
func (r *repo) checkStory(o *object) {
	r.requireStrings(o, "narrative")
	r.require(o, "tags")
	_, tags := o.get("tags")
	if tags == nil || tags.Kind != yaml.MappingNode {
		if tags != nil && tags.Tag != "!!null" {
			r.add(o, tags, Error, "type", "tags must be a mapping")
		}
		return
	}
	for i := 0; i+1 < len(tags.Content); i += 2 {
		if k := tags.Content[i]; !slices.Contains(storyTagKeys, k.Value) {
			r.add(o, k, Error, "story", "tags.%s is not a story tag", k.Value)
		}
	}
	r.enumList(o, tags, "category", storyCategories, true)
	r.enumList(o, tags, "product", products, true)
	r.enumOne(o, tags, "usecase", storyUseCases, true)
}

// enumList checks m[key] is a list of values from allowed (non-empty when
// required).
func (r *repo) enumList(o *object, m *yaml.Node, key string, allowed []string, required bool) {
	_, v := entry(m, key)
	if v == nil || v.Tag == "!!null" {
		if required {
			r.add(o, m, Error, "required", "tags: the required key %q is missing", key)
		}
		return
	}
	if v.Kind != yaml.SequenceNode {
		r.add(o, v, Error, "type", "%s must be a list", key)
		return
	}
	if required && len(v.Content) == 0 {
		r.add(o, v, Error, "required", "%s must list at least one value", key)
	}
	for _, it := range v.Content {
		if !slices.Contains(allowed, it.Value) {
			r.add(o, it, Error, "enum", "%s %q is not one of %s", key, it.Value, quoteList(allowed))
		}
	}
}

// enumOne checks m[key] is one of allowed.
func (r *repo) enumOne(o *object, m *yaml.Node, key string, allowed []string, required bool) {
	_, v := entry(m, key)
	if v == nil || v.Tag == "!!null" {
		if required {
			r.add(o, m, Error, "required", "the required key %q is missing", key)
		}
		return
	}
	if v.Kind != yaml.ScalarNode || !slices.Contains(allowed, v.Value) {
		r.add(o, v, Error, "enum", "%s %q is not one of %s", key, v.Value, quoteList(allowed))
	}
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = `"` + s + `"`
	}
	return strings.Join(q, ", ")
}

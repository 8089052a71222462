package datamodel

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Base is a complete set of search-time knowledge: add-on entries,
// eventtypes and data model datasets. The built-in base comes from the
// YAML files under builtin/, embedded in the binary; Load adds files that
// replace, disable or extend its entries by name.
//
// A knowledge file holds any of three lists:
//
//	knowledge:   # Knowledge entries (extractions, aliases, evals, tags)
//	eventtypes:  # Eventtype entries
//	datasets:    # DatasetDef entries
//
// evals, aliases and calcs are YAML mappings of field: expression, kept in
// the order written.
type Base struct {
	Knowledge  []*Knowledge
	Eventtypes []*Eventtype
	Datasets   []*DatasetDef

	// Files lists where the entries came from, for messages.
	Files []string

	datasets map[string]*DatasetDef // lower-cased full name
	models   map[string]string      // lower-cased model -> root dataset name
}

// file is the YAML shape of one knowledge file.
type file struct {
	Knowledge  []*Knowledge  `yaml:"knowledge"`
	Eventtypes []*Eventtype  `yaml:"eventtypes"`
	Datasets   []*DatasetDef `yaml:"datasets"`
}

// Calcs is an ordered list of field: expression pairs, written in YAML as
// a mapping.
type Calcs []Calc

// UnmarshalYAML reads a mapping, keeping its order.
func (c *Calcs) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: want a mapping of field: expression", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Tag == "!!merge" {
			// `<<: *anchor` brings in another mapping's pairs here.
			if err := c.UnmarshalYAML(v); err != nil {
				return err
			}
			continue
		}
		if v.Kind == yaml.AliasNode {
			v = v.Alias
		}
		if v.Kind != yaml.ScalarNode {
			return fmt.Errorf("line %d: the value of %s must be a string", v.Line, k.Value)
		}
		*c = append(*c, Calc{Field: k.Value, Expr: v.Value})
	}
	return nil
}

//go:generate env SPELUNK_GENERATE=builtin go test -run ^TestBuiltinTable$ .

var (
	builtinOnce sync.Once
	builtinBase *Base
	builtinErr  error
)

// Builtin returns the knowledge of the YAML files under builtin/, which
// go generate decodes into Go tables (builtin_*_table.go) so that no
// start pays for decoding them; TestBuiltinTable checks the table against
// the files. It must not be modified; Load returns a new Base.
func Builtin() (*Base, error) {
	builtinOnce.Do(func() {
		b := Base{Knowledge: builtinKnowledge, Eventtypes: builtinEventtypes, Datasets: builtinDatasets, Files: builtinFiles}
		// Not compiled here: the built-in knowledge is the binary's own,
		// and TestBuiltinCompiles checks that it compiles (a run
		// compiles what it uses).
		if err := b.index(false); err != nil {
			builtinErr = fmt.Errorf("BUG: built-in knowledge: %v", err)
			return
		}
		builtinBase = &b
	})
	return builtinBase, builtinErr
}

// Load returns the built-in knowledge with the files at paths applied in
// order. A path is a YAML file or a directory of them (*.yaml, *.yml).
// An entry whose name matches an existing one (case-insensitive) replaces
// it, or removes it when it says `disabled: true`; other entries are added
// after the built-in ones.
func Load(paths ...string) (*Base, error) {
	bi, err := Builtin()
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return bi, nil
	}
	b := &Base{
		Knowledge:  append([]*Knowledge(nil), bi.Knowledge...),
		Eventtypes: append([]*Eventtype(nil), bi.Eventtypes...),
		Datasets:   append([]*DatasetDef(nil), bi.Datasets...),
		Files:      append([]string(nil), bi.Files...),
	}
	for _, p := range paths {
		files, err := knowledgeFiles(p)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("cannot read %s: %v", f, err)
			}
			if err := b.add(f, data); err != nil {
				return nil, err
			}
		}
	}
	if err := b.index(true); err != nil {
		return nil, err
	}
	return b, nil
}

func knowledgeFiles(p string) ([]string, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", p, err)
	}
	if !info.IsDir() {
		return []string{p}, nil
	}
	var out []string
	for _, pat := range []string{"*.yaml", "*.yml"} {
		m, _ := filepath.Glob(filepath.Join(p, pat))
		out = append(out, m...)
	}
	sort.Strings(out)
	if len(out) == 0 {
		return nil, fmt.Errorf("%s holds no .yaml knowledge files", p)
	}
	return out, nil
}

// add merges one file's entries by name.
func (b *Base) add(name string, data []byte) error {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	b.Files = append(b.Files, name)
	for _, k := range f.Knowledge {
		if k.Name == "" {
			return fmt.Errorf("%s: a knowledge entry has no name", name)
		}
		b.Knowledge = mergeByName(b.Knowledge, k, k.Disabled, func(x *Knowledge) string { return x.Name })
	}
	for _, e := range f.Eventtypes {
		if e.Name == "" {
			return fmt.Errorf("%s: an eventtype has no name", name)
		}
		b.Eventtypes = mergeByName(b.Eventtypes, e, e.Disabled, func(x *Eventtype) string { return x.Name })
	}
	for _, d := range f.Datasets {
		if d.Model == "" || d.Path == "" {
			return fmt.Errorf("%s: a dataset needs model and path", name)
		}
		b.Datasets = mergeByName(b.Datasets, d, d.Disabled, func(x *DatasetDef) string { return x.Name() })
	}
	return nil
}

func mergeByName[T any](list []T, item T, disabled bool, name func(T) string) []T {
	for i, x := range list {
		if strings.EqualFold(name(x), name(item)) {
			if disabled {
				return append(list[:i:i], list[i+1:]...)
			}
			list[i] = item
			return list
		}
	}
	if disabled {
		return list
	}
	return append(list, item)
}

// index builds the dataset lookup tables and checks that the datasets'
// parents exist and, with compile, that everything compiles, so a bad
// override fails at load rather than mid-search.
func (b *Base) index(compile bool) error {
	b.datasets = map[string]*DatasetDef{}
	b.models = map[string]string{}
	for _, d := range b.Datasets {
		key := strings.ToLower(d.Name())
		b.datasets[key] = d
		model := strings.ToLower(d.Model)
		if _, ok := b.models[model]; !ok && !strings.Contains(d.Path, ".") {
			b.models[model] = d.Name()
		}
	}
	for _, d := range b.Datasets {
		if i := strings.LastIndexByte(d.Path, '.'); i >= 0 {
			if b.datasets[strings.ToLower(d.Model+"."+d.Path[:i])] == nil {
				return fmt.Errorf("dataset %s: parent %s.%s is not defined", d.Name(), d.Model, d.Path[:i])
			}
		}
		if !compile {
			continue
		}
		if _, err := compileDataset(b, d); err != nil {
			return err
		}
	}
	if !compile {
		return nil
	}
	for _, k := range b.Knowledge {
		if _, err := compileKnowledge(k); err != nil {
			return err
		}
	}
	for _, e := range b.Eventtypes {
		if _, err := compileSearch(fmt.Sprintf("eventtype %q", e.Name), e.Search); err != nil {
			return err
		}
	}
	return nil
}

// Sourcetypes lists the sourcetypes the knowledge entries name, in the
// order first named.
func (b *Base) Sourcetypes() []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range b.Knowledge {
		if !seen[strings.ToLower(k.Sourcetype)] {
			seen[strings.ToLower(k.Sourcetype)] = true
			out = append(out, k.Sourcetype)
		}
	}
	return out
}

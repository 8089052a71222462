package macros

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"go.yaml.in/yaml/v3"
)

// Load adds the macros found at path, which may be
//   - a *.yml/*.yaml file or a directory of them (security_content macros/),
//   - a macros.conf file,
//   - a Splunk app directory with default/macros.conf and/or
//     local/macros.conf (local overrides default key by key, as Splunk
//     layers .conf files),
//   - a repository root with a macros/ subdirectory.
//
// Every file is read before returning, so one bad file does not hide the
// problems of the others; errors name the file, and the line for .conf.
func (s *Set) Load(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return s.loadFile(path)
	}
	def := filepath.Join(path, "default", "macros.conf")
	local := filepath.Join(path, "local", "macros.conf")
	if isFile(def) || isFile(local) {
		return s.loadApp(def, local)
	}
	if sub := filepath.Join(path, "macros"); isDir(sub) {
		return s.loadDir(sub)
	}
	return s.loadDir(path)
}

func (s *Set) loadDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && isYAML(e.Name()) {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	if len(files) == 0 {
		if conf := filepath.Join(dir, "macros.conf"); isFile(conf) {
			return s.loadFile(conf)
		}
		return fmt.Errorf("%s: no macros found (expected *.yml files, macros.conf, default/macros.conf, local/macros.conf or a macros/ directory)", dir)
	}
	// The files are read and parsed on every core (a content folder
	// holds hundreds), then added in ReadDir's sorted order, so the load
	// order and the errors' order are stable.
	type loaded struct {
		ms  []Macro
		err error
	}
	out := make([]loaded, len(files))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), 4, len(files)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(files); i = int(next.Add(1) - 1) {
				out[i].ms, out[i].err = readMacroFile(files[i])
			}
		})
	}
	wg.Wait()
	var errs []error
	for _, l := range out {
		for _, m := range l.ms {
			s.Add(m)
		}
		errs = append(errs, l.err)
	}
	return errors.Join(errs...)
}

func (s *Set) loadFile(path string) error {
	ms, err := readMacroFile(path)
	for _, m := range ms {
		s.Add(m)
	}
	return err
}

// readMacroFile reads the macros of one file: a macro YAML file or a
// macros.conf. With an error it still returns the macros that parsed.
func readMacroFile(path string) ([]Macro, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	if isYAML(path) {
		m, err := ParseYAML(data, path)
		if err != nil {
			return nil, err
		}
		return []Macro{m}, nil
	}
	if !strings.HasSuffix(path, ".conf") {
		return nil, fmt.Errorf("%s: not a macro file (expected .yml, .yaml or .conf)", path)
	}
	return ParseConf(data, path)
}

func (s *Set) loadApp(def, local string) error {
	var merged []*stanza
	var errs []error
	for _, path := range []string{def, local} {
		if !isFile(path) {
			continue
		}
		data, err := os.ReadFile(path)
		if err == nil {
			var sts []*stanza
			sts, err = parseStanzas(data, path)
			merged = mergeStanzas(merged, sts)
		}
		errs = append(errs, err)
	}
	ms, err := buildMacros(merged)
	for _, m := range ms {
		s.Add(m)
	}
	return errors.Join(append(errs, err)...)
}

func isYAML(name string) bool {
	return strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml")
}

func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// yamlMacro is the security_content macro file format.
type yamlMacro struct {
	Name        string    `yaml:"name"`
	Definition  *string   `yaml:"definition"`
	Arguments   yamlNames `yaml:"arguments"`
	Description string    `yaml:"description"`
	IsEval      bool      `yaml:"iseval"`
	Validation  string    `yaml:"validation"`
	ErrorMsg    string    `yaml:"errormsg"`
}

// yamlNames accepts a list of argument names or, as in macros.conf, one
// comma-separated string.
type yamlNames []string

func (n *yamlNames) UnmarshalYAML(node *yaml.Node) error {
	if node.Kind == yaml.ScalarNode {
		*n = splitNames(node.Value)
		return nil
	}
	var list []string
	if err := node.Decode(&list); err != nil {
		return err
	}
	*n = list
	return nil
}

// ParseYAML parses one security_content macro file. origin names the file
// in errors and becomes Macro.Origin.
func ParseYAML(data []byte, origin string) (Macro, error) {
	y, ok := quickYAML(data)
	if !ok {
		if err := yaml.Unmarshal(data, &y); err != nil {
			return Macro{}, fmt.Errorf("%s: %w", origin, err)
		}
	}
	name, arity, err := parseStanzaName(strings.TrimSpace(y.Name))
	if err != nil {
		return Macro{}, fmt.Errorf("%s: name: %w", origin, err)
	}
	if y.Definition == nil {
		return Macro{}, fmt.Errorf("%s: macro %q has no definition", origin, name)
	}
	args := []string(y.Arguments)
	if arity >= 0 && arity != len(args) {
		return Macro{}, fmt.Errorf("%s: name %q declares %d arguments but arguments lists %d", origin, y.Name, arity, len(args))
	}
	if err := checkArgNames(args); err != nil {
		return Macro{}, fmt.Errorf("%s: arguments: %w", origin, err)
	}
	return Macro{
		Name: name,
		Args: args,
		// Plain YAML scalars keep trailing spaces of a folded line, and
		// several ESCU definitions and descriptions end with one.
		Definition:  strings.TrimSpace(*y.Definition),
		IsEval:      y.IsEval,
		Description: strings.TrimSpace(y.Description),
		Origin:      origin,
		Validation:  strings.TrimSpace(y.Validation),
		ErrorMsg:    strings.TrimSpace(y.ErrorMsg),
	}, nil
}

// parseStanzaName splits "name(N)" into name and N; a bare name has arity
// -1 so callers can tell "not stated" from "(0)".
func parseStanzaName(s string) (string, int, error) {
	name, arity := s, -1
	if open := strings.IndexByte(s, '('); open >= 0 {
		if !strings.HasSuffix(s, ")") {
			return "", 0, fmt.Errorf("invalid macro name %q", s)
		}
		n, err := strconv.Atoi(s[open+1 : len(s)-1])
		if err != nil || n < 0 {
			return "", 0, fmt.Errorf("invalid argument count in %q", s)
		}
		name, arity = s[:open], n
	}
	if !validName(name) {
		return "", 0, fmt.Errorf("invalid macro name %q (allowed: letters, digits, _, -, ., :)", s)
	}
	return name, arity, nil
}

func splitNames(s string) []string {
	var names []string
	for _, a := range strings.Split(s, ",") {
		if a = strings.TrimSpace(a); a != "" {
			names = append(names, a)
		}
	}
	return names
}

func checkArgNames(args []string) error {
	for i, a := range args {
		if !validArgName(a) {
			return fmt.Errorf("invalid argument name %q (allowed: letters, digits, _ and -)", a)
		}
		if slices.Contains(args[:i], a) {
			return fmt.Errorf("argument %q is listed twice", a)
		}
	}
	return nil
}

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/spelunk-dev/spelunk/content"
)

// changedDetections keeps the detections changed since ref, and those whose
// search uses a macro or lookup changed since ref (macros through other
// macros too), in the git repository holding the first argument.
func changedDetections(files, args []string, ref string) ([]string, error) {
	dir := args[0]
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		dir = filepath.Dir(dir)
	}
	top, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	out, err := git(top, "diff", "--name-only", ref, "--")
	if err != nil {
		return nil, err
	}
	untracked, _ := git(top, "ls-files", "--others", "--exclude-standard")
	changed := map[string]bool{}
	var macroNames, lookupNames []string
	for _, f := range strings.Fields(out + "\n" + untracked) {
		abs := filepath.Join(top, f)
		changed[abs] = true
		switch {
		case strings.Contains(f, "macros/") && (strings.HasSuffix(f, ".yml") || strings.HasSuffix(f, ".yaml")):
			macroNames = append(macroNames, yamlName(abs, f))
		case strings.Contains(f, "lookups/"):
			lookupNames = append(lookupNames, strings.TrimSuffix(filepath.Base(f), filepath.Ext(f)))
		}
	}
	// A macro whose definition uses a changed macro is changed too.
	macroNames = closeMacros(top, macroNames)
	var pats []*regexp.Regexp
	for _, m := range macroNames {
		pats = append(pats, regexp.MustCompile("`"+regexp.QuoteMeta(m)+"[`(]"))
	}
	for _, l := range lookupNames {
		pats = append(pats, regexp.MustCompile(`\b`+regexp.QuoteMeta(l)+`\b`))
	}
	var keep []string
	for _, f := range files {
		abs, _ := filepath.Abs(f)
		if changed[abs] || changed[content.SidecarPath(abs)] {
			keep = append(keep, f)
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, p := range pats {
			if p.Match(b) {
				keep = append(keep, f)
				break
			}
		}
	}
	return keep, nil
}

func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return "", fmt.Errorf("git %s: %s", strings.Join(args, " "), strings.TrimSpace(string(ee.Stderr)))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// yamlName is a macro file's name: field, or its base name.
func yamlName(path, rel string) string {
	var m struct {
		Name string `yaml:"name"`
	}
	if b, err := os.ReadFile(path); err == nil && yaml.Unmarshal(b, &m) == nil && m.Name != "" {
		return m.Name
	}
	return strings.TrimSuffix(filepath.Base(rel), filepath.Ext(rel))
}

// closeMacros adds every macro of the repository whose definition calls a
// macro already in the list, until nothing changes.
func closeMacros(top string, names []string) []string {
	if len(names) == 0 {
		return names
	}
	defs := map[string]string{}
	files, _ := filepath.Glob(filepath.Join(top, "macros", "*.yml"))
	for _, f := range files {
		var m struct {
			Name       string `yaml:"name"`
			Definition string `yaml:"definition"`
		}
		if b, err := os.ReadFile(f); err == nil && yaml.Unmarshal(b, &m) == nil {
			defs[m.Name] = m.Definition
		}
	}
	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
	}
	for grew := true; grew; {
		grew = false
		for name, def := range defs {
			if have[name] {
				continue
			}
			for n := range have {
				if strings.Contains(def, "`"+n+"`") || strings.Contains(def, "`"+n+"(") {
					have[name], grew = true, true
					names = append(names, name)
					break
				}
			}
		}
	}
	return names
}

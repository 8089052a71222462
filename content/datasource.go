package content

import (
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// DataSource is a security_content data_sources/*.yml entry: which events
// a detection's `data_source:` name stands for.
type DataSource struct {
	Name       string `yaml:"name"`
	Source     string `yaml:"source"`
	Sourcetype string `yaml:"sourcetype"`
	// Separator is the field that tells this source's events apart
	// (EventCode, eventName, ...); its value is the last word of Name
	// ("Sysmon EventID 1" → 1).
	Separator string `yaml:"separator"`
}

// SeparatorValue is the value of Separator this data source stands for,
// or "" when there is none.
func (d DataSource) SeparatorValue() string {
	if d.Separator == "" {
		return ""
	}
	f := strings.Fields(d.Name)
	if len(f) < 2 {
		return ""
	}
	return f[len(f)-1]
}

// LoadDataSources reads every data source description of a repository
// (root/data_sources/*.yml), keyed by name. A repository without them
// gives an empty map.
func LoadDataSources(root string) (map[string]DataSource, error) {
	out := map[string]DataSource{}
	files, err := filepath.Glob(filepath.Join(root, "data_sources", "*.yml"))
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var d DataSource
		if err := yaml.Unmarshal(b, &d); err != nil || d.Name == "" {
			continue
		}
		out[d.Name] = d
	}
	return out, nil
}

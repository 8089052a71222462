// Package content reads detection content repositories laid out like
// splunk/security_content: detections/**/*.yml with a search, tags and
// tests, and the macros/ and lookups/ folders beside them.
package content

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Detection is the part of a detection YAML that spelunk uses.
type Detection struct {
	Name       string   `yaml:"name"`
	ID         string   `yaml:"id"`
	Type       string   `yaml:"type"`
	Status     string   `yaml:"status"`
	Search     string   `yaml:"search"`
	DataSource []string `yaml:"data_source"`
	Tags       Tags     `yaml:"tags"`
	Tests      []Test   `yaml:"tests"`
	Drilldowns []struct {
		Name   string `yaml:"name"`
		Search string `yaml:"search"`
	} `yaml:"drilldown_searches"`

	// Path is the file the detection was read from.
	Path string `yaml:"-"`
	// SearchLine is the 1-based line of the search: key in the file.
	SearchLine int `yaml:"-"`
	// Sidecar is the sidecar file merged in, if any.
	Sidecar string `yaml:"-"`
	// Raw is the file as read, for positioning errors.
	Raw []byte `yaml:"-"`

	searchPos    scalarPos
	drilldownPos []scalarPos
}

// Tags holds the risk and ATT&CK annotations.
type Tags struct {
	AnalyticStory  []string `yaml:"analytic_story"`
	Confidence     int      `yaml:"confidence"`
	Impact         int      `yaml:"impact"`
	RiskScore      int      `yaml:"risk_score"`
	Message        string   `yaml:"message"`
	MitreAttackID  []string `yaml:"mitre_attack_id"`
	RequiredFields []string `yaml:"required_fields"`
	Observable     []struct {
		Name string   `yaml:"name"`
		Type string   `yaml:"type"`
		Role []string `yaml:"role"`
	} `yaml:"observable"`
}

// Test is one entry of a detection's tests: block. The expectation keys
// are spelunk's own; contentctl ignores them. Without any, a test passes
// when the search returns at least one row (contentctl's rule).
type Test struct {
	Name       string       `yaml:"name"`
	AttackData []AttackData `yaml:"attack_data"`
	Expect     Expect       `yaml:",inline"`
}

// Expect holds the optional expectations of a test.
type Expect struct {
	// MinRows and MaxRows bound the number of result rows; MaxRows 0 with
	// Negative makes a negative test (the detection must stay silent).
	MinRows *int `yaml:"min_rows"`
	MaxRows *int `yaml:"max_rows"`
	// Negative: the detection must return no rows on this data.
	Negative bool `yaml:"negative"`
	// FieldsNotNull must each have a value in at least one row.
	FieldsNotNull []string `yaml:"fields_not_null"`
	// Rows, when given, are the exact result rows: each row lists the
	// fields to compare, and the result must hold exactly these rows.
	Rows []map[string]string `yaml:"rows"`
}

// AttackData names one dataset a test replays.
type AttackData struct {
	Data       string `yaml:"data"`
	Source     string `yaml:"source"`
	Sourcetype string `yaml:"sourcetype"`
}

// LoadDetection reads one detection YAML file, with its sidecar file if
// there is one beside it.
func LoadDetection(path string) (*Detection, error) {
	return LoadDetectionWith(path, "")
}

// LoadDetectionWith is LoadDetection that also looks for the sidecar in
// sidecarDir (as <dir>/<name>.spelunk.yml), so a team can keep spelunk's
// tests for a content repository it does not own in a folder of its own.
// A sidecar beside the detection wins.
func LoadDetectionWith(path, sidecarDir string) (*Detection, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	d, err := ParseDetection(path, b)
	if err != nil {
		return nil, err
	}
	side := SidecarPath(path)
	if _, err := os.Stat(side); err != nil && sidecarDir != "" {
		side = filepath.Join(sidecarDir, filepath.Base(SidecarPath(path)))
	}
	if err := d.mergeSidecar(side); err != nil {
		return nil, err
	}
	return d, nil
}

// ParseDetection reads a detection from the YAML text b of the file path.
func ParseDetection(path string, b []byte) (*Detection, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	var d Detection
	if err := root.Decode(&d); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if strings.TrimSpace(d.Search) == "" {
		return nil, fmt.Errorf("%s: no search: field", path)
	}
	d.Path = path
	d.Raw = b
	d.SearchLine = keyLine(b, "search")
	doc := &root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	if n := mappingValue(doc, "search"); n != nil && n.Kind == yaml.ScalarNode {
		d.searchPos = locateScalar(b, n)
	}
	if dd := mappingValue(doc, "drilldown_searches"); dd != nil && dd.Kind == yaml.SequenceNode {
		for _, item := range dd.Content {
			var pos scalarPos
			if n := mappingValue(item, "search"); n != nil && n.Kind == yaml.ScalarNode {
				pos = locateScalar(b, n)
			} else {
				pos.start = lineColOffset(b, item.Line, item.Column)
			}
			d.drilldownPos = append(d.drilldownPos, pos)
		}
	}
	return &d, nil
}

// SidecarPath is where spelunk looks for extra tests and expectations of a
// detection, so a content repo can add them without touching the YAML that
// contentctl reads: x.yml -> x.spelunk.yml.
func SidecarPath(path string) string {
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + ".spelunk" + ext
}

// mergeSidecar reads the sidecar file, if any: a test with the name of an
// existing test adds its expectations (and attack data, if given) to it;
// other tests are appended. Relative data paths in the sidecar are
// relative to the sidecar's folder.
func (d *Detection) mergeSidecar(side string) error {
	b, err := os.ReadFile(side)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	var extra struct {
		Tests []Test `yaml:"tests"`
	}
	if err := yaml.Unmarshal(b, &extra); err != nil {
		return fmt.Errorf("%s: %v", side, err)
	}
	for _, t := range extra.Tests {
		for i, ad := range t.AttackData {
			if ad.Data != "" && !strings.Contains(ad.Data, "://") && !filepath.IsAbs(ad.Data) {
				t.AttackData[i].Data = filepath.Join(filepath.Dir(side), ad.Data)
			}
		}
		merged := false
		for i := range d.Tests {
			if d.Tests[i].Name == t.Name {
				d.Tests[i].Expect = t.Expect
				if len(t.AttackData) > 0 {
					d.Tests[i].AttackData = t.AttackData
				}
				merged = true
			}
		}
		if !merged {
			d.Tests = append(d.Tests, t)
		}
	}
	d.Sidecar = side
	return nil
}

// mappingValue returns the value node of key in a mapping node, or nil.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// keyLine finds the line of a top-level key, for error locations.
func keyLine(b []byte, key string) int {
	for i, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, key+":") {
			return i + 1
		}
	}
	return 0
}

// FindDetections lists detection YAML files under the given paths (files
// or directories), sorted, skipping folders named "deprecated".
func FindDetections(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		root := p
		if sub := filepath.Join(p, "detections"); isDir(sub) {
			root = sub
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "deprecated" {
				return filepath.SkipDir
			}
			isYAML := strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".yaml")
			if !d.IsDir() && isYAML && !strings.Contains(filepath.Base(path), ".spelunk.") {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// RepoRoot walks up from a detection file to the content repository root:
// the nearest folder holding both detections/ and macros/. It returns ""
// if none.
func RepoRoot(path string) string {
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return ""
	}
	for {
		if isDir(filepath.Join(dir, "macros")) && isDir(filepath.Join(dir, "detections")) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

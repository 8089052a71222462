package macros

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// parserYAML reads a macro file with the YAML parser alone, the
// independent path quickYAML must agree with.
func parserYAML(data []byte) (yamlMacro, error) {
	var y yamlMacro
	err := yaml.Unmarshal(data, &y)
	return y, err
}

// checkQuick fails when quickYAML accepts data but reads it otherwise
// than the YAML parser; it reports whether quickYAML accepted it.
func checkQuick(t *testing.T, name string, data []byte) bool {
	t.Helper()
	got, ok := quickYAML(data)
	if !ok {
		return false
	}
	want, err := parserYAML(data)
	if err != nil {
		t.Errorf("%s: quickYAML accepted what the YAML parser refuses (%v):\n%s", name, err, data)
		return true
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s: quickYAML differs from the YAML parser (-parser +quick):\n%s\n%s", name, d, data)
	}
	return true
}

// quickCases hold what quickYAML must read (quick true) and what it must
// leave to the YAML parser.
var quickCases = []struct {
	name  string
	data  string
	quick bool
}{
	{"plain", "name: a\ndefinition: search x\ndescription: d\n", true},
	{"folded", "definition: search a\n  | eval b=1\n\n  | table b\ndescription: one\n  two   \n", true},
	{"no final newline", "name: a\ndefinition: index=main", true},
	{"arguments string", "name: m(2)\narguments: a, b\ndefinition: $a$ $b$\niseval: false\n", true},
	{"blank lines between", "\nname: a\n\n\ndefinition: x\n\n", true},
	{"quoted", "name: a\ndefinition: 'x ''y'' '\n", true},
	{"quoted folded", "name: a\ndefinition: 'x  \n   y\n\n  z: # '\n", true},
	{"double quoted", "name: a\ndefinition: \"null\"\n", true},
	{"double quoted escape", "name: a\ndefinition: \"x\\ty\"\n", false},
	{"quoted then more", "name: a\ndefinition: 'x' y\n", false},
	{"quoted unclosed", "name: a\ndefinition: 'x\nname: b'\n", false},
	{"argument list", "name: a(2)\narguments:\n  - x\n  - z\ndefinition: $x$ $z$\n", true},
	{"argument list indents", "name: a(2)\narguments:\n  - x\n   - y\ndefinition: $x$ $y$\n", false},
	{"block scalar", "name: a\ndefinition: |\n  x\n", false},
	{"list at the margin", "name: a\narguments:\n- x\ndefinition: $x$\n", false},
	{"flow list", "name: a\narguments: [x]\ndefinition: $x$\n", false},
	{"comment", "name: a # c\ndefinition: x\n", false},
	{"comment line", "# c\nname: a\ndefinition: x\n", false},
	{"colon space", "name: a\ndefinition: x: y\n", false},
	{"tab", "name: a\ndefinition: x\ty\n", false},
	{"crlf", "name: a\r\ndefinition: x\r\n", false},
	{"number", "name: a\ndefinition: 1\n", false},
	{"null", "name: a\ndefinition: null\n", false},
	{"empty value", "name: a\ndefinition:\n", false},
	{"duplicate", "name: a\nname: b\ndefinition: x\n", false},
	{"unknown key", "name: a\ndefinition: x\ntags: y\n", false},
	{"document marker", "---\nname: a\ndefinition: x\n", false},
	{"iseval yes", "name: a\ndefinition: x\niseval: yes\n", false},
	{"non-ASCII", "name: a\ndefinition: é\n", false},
	{"spaces-only line", "name: a\ndefinition: x\n  \n  y\n", false},
}

func TestQuickYAML(t *testing.T) {
	for _, c := range quickCases {
		t.Run(c.name, func(t *testing.T) {
			if got := checkQuick(t, c.name, []byte(c.data)); got != c.quick {
				t.Errorf("quickYAML accepted = %v, want %v", got, c.quick)
			}
		})
	}
}

// TestQuickYAMLCorpus reads every macro file of the corpus and of this
// repository both ways.
func TestQuickYAMLCorpus(t *testing.T) {
	var files []string
	if root := os.Getenv("SPELUNK_CORPUS"); root != "" {
		m, _ := filepath.Glob(filepath.Join(root, "macros", "*.yml"))
		files = append(files, m...)
	}
	for _, glob := range []string{"testdata/*/*.yml", "testdata/*/*/*.yml", "../testdata/seed/macros/*.yml"} {
		m, _ := filepath.Glob(glob)
		files = append(files, m...)
	}
	quick := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if checkQuick(t, f, data) {
			quick++
		}
	}
	t.Logf("quickYAML read %d of %d macro files", quick, len(files))
}

// FuzzQuickYAML checks that whatever quickYAML accepts, the YAML parser
// reads the same way.
func FuzzQuickYAML(f *testing.F) {
	for _, c := range quickCases {
		f.Add([]byte(c.data))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkQuick(t, "fuzz", data)
	})
}

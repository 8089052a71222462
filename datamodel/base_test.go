package datamodel

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func knowledgeFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "k.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLoadOverrides checks that knowledge files replace, remove and add
// entries by name, keep the order of evals as written, and leave the
// built-in base untouched.
func TestLoadOverrides(t *testing.T) {
	p := knowledgeFile(t, `
knowledge:
- name: sysmon eventid 1 (PROCESS creation)
  addon: test
  sourcetype: XmlWinEventLog
  evals:
    z_first: '"1"'
    a_second: '"2"'
- name: CrowdStrike ProcessRollup2 (process creation)
  disabled: true
- name: New one
  sourcetype: my:type
eventtypes:
- name: wineventlog_security
  search: source=nowhere
datasets:
- model: Endpoint
  path: Processes.Mine
  constraint: tag=mine
`)
	b, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	bi, _ := Builtin()
	find := func(base *Base, name string) *Knowledge {
		for _, k := range base.Knowledge {
			if strings.EqualFold(k.Name, name) {
				return k
			}
		}
		return nil
	}
	k := find(b, "Sysmon EventID 1 (process creation)")
	if k == nil || k.Addon != "test" {
		t.Fatalf("entry not replaced: %+v", k)
	}
	if diff := cmp.Diff(Calcs{{"z_first", `"1"`}, {"a_second", `"2"`}}, k.Evals); diff != "" {
		t.Errorf("evals order (-want +got):\n%s", diff)
	}
	if find(b, "CrowdStrike ProcessRollup2 (process creation)") != nil {
		t.Error("disabled entry still there")
	}
	if find(b, "New one") == nil || b.Knowledge[len(b.Knowledge)-1].Name != "New one" {
		t.Error("new entry not added last")
	}
	if find(bi, "Sysmon EventID 1 (process creation)").Addon == "test" || find(bi, "New one") != nil {
		t.Error("the built-in base changed")
	}
	for _, e := range b.Eventtypes {
		if e.Name == "wineventlog_security" && e.Search != "source=nowhere" {
			t.Errorf("eventtype not replaced: %q", e.Search)
		}
	}
	if d, err := b.LookupDataset("Endpoint.Mine"); err != nil || d.Name() != "Endpoint.Processes.Mine" {
		t.Errorf("child dataset: %v %v", d, err)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct{ text, want string }{
		{"knowledge:\n- name: x\n  sourcetype: s\n  evals:\n    a: 'nosuchfn(1)'\n", `knowledge "x": a=nosuchfn(1): unknown function "nosuchfn"`},
		{"knowledge:\n- name: x\n  sourcetype: s\n  evals: [a]\n", "want a mapping of field: expression"},
		{"knowledge:\n- name: x\n  sourcetype: s\n  colour: red\n", "field colour not found"},
		{"eventtypes:\n- name: e\n  search: 'a=\"'\n", `eventtype "e"`},
		{"datasets:\n- model: M\n  path: A.B\n", "dataset M.A.B: parent M.A is not defined"},
		{"knowledge:\n- sourcetype: s\n", "a knowledge entry has no name"},
	}
	for _, tc := range tests {
		_, err := Load(knowledgeFile(t, tc.text))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want it to say %q", tc.text, err, tc.want)
		}
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml")); err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Errorf("missing file: %v", err)
	}
}

func mustBuiltin(t *testing.T) *Base {
	t.Helper()
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The built-in knowledge is not compiled when it loads (a run compiles
// what it uses): every dataset, knowledge entry and eventtype of it must
// compile, as an override's are checked to at load.
func TestBuiltinCompiles(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	check := &Base{Knowledge: b.Knowledge, Eventtypes: b.Eventtypes, Datasets: b.Datasets, Files: b.Files}
	if err := check.index(true); err != nil {
		t.Fatal(err)
	}
}

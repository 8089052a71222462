package lookups

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func testRegistry(t *testing.T) *Registry {
	t.Helper()
	r := NewRegistry()
	for _, p := range []string{"testdata/content", "testdata/app"} {
		if err := r.Load(p); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func TestMatch(t *testing.T) {
	r := testRegistry(t)
	cases := []struct {
		table, field string
		vals         []string
		want         []int
	}{
		{"users.csv", "user", []string{"alice"}, []int{0, 2}},
		{"users.csv", "user", []string{"ALICE"}, nil},
		{"users_cs", "user", []string{"ALICE"}, []int{0, 2}},
		{"users.csv", "user", []string{"carol", "bob"}, []int{1}},
		{"users.csv", "user", nil, nil},
		{"attacker_tools", "tool", []string{"Mimikatz64.EXE"}, []int{0}},
		{"attacker_tools", "tool", []string{"c:\\x\\PsExec.exe"}, []int{1}},
		{"attacker_tools", "tool", []string{"mimikatz.dll"}, nil},
		{"nets", "cidr", []string{"10.1.2.3"}, []int{0}},
		{"nets", "cidr", []string{"192.168.1.5"}, []int{2}},
		{"nets", "cidr", []string{"8.8.8.8", "not an ip"}, nil},
	}
	for _, tc := range cases {
		tab, err := r.Table(tc.table)
		if err != nil {
			t.Fatal(err)
		}
		got, err := tab.Match([]Input{{Field: tc.field, Values: tc.vals}})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s %s=%v (-want +got):\n%s", tc.table, tc.field, tc.vals, diff)
		}
	}
	tab, _ := r.Table("attacker_tools")
	if ru := tab.Rules; ru.MinMatches != 1 || !ru.HasDefault || ru.DefaultMatch != "false" || ru.CaseSensitive || ru.MaxMatches != DefaultMaxMatches {
		t.Errorf("attacker_tools rules = %+v", ru)
	}
}

func TestNotFound(t *testing.T) {
	r := testRegistry(t)
	if _, err := r.Table("not_a_lookup"); err == nil || !strings.Contains(err.Error(), "is not defined") {
		t.Errorf("an extraction stanza must not be a lookup: %v", err)
	}
}

func TestWriteStaysInside(t *testing.T) {
	r := testRegistry(t)
	if _, err := r.Write("x.csv", []string{"a"}, [][]string{{"1"}}, false); err != ErrNoOutputDir {
		t.Fatalf("write without an output folder: %v", err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := r.SetOutputDir(out); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "victim.csv"), filepath.Join(out, "link.csv")); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"../x.csv", "/tmp/x.csv", "sub/x.csv", `..\x.csv`, "link.csv", "nocsv"} {
		if _, err := r.Write(bad, []string{"a"}, [][]string{{"1"}}, false); err == nil {
			t.Errorf("Write(%q) succeeded", bad)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "victim.csv")); !os.IsNotExist(err) {
		t.Errorf("wrote through the symbolic link")
	}
	p, err := r.Write("new.csv", []string{"a", "b"}, [][]string{{"1", "x\ny"}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Write("new.csv", []string{"b", "c"}, [][]string{{"2", "3"}}, true); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	want := "a,b,c\n1,\"x\ny\",\n,2,3\n"
	if diff := cmp.Diff(want, string(b)); diff != "" {
		t.Errorf("file (-want +got):\n%s", diff)
	}
	tab, err := r.Table("new.csv")
	if err != nil || len(tab.Rows) != 2 {
		t.Errorf("written table not readable: %v %v", tab, err)
	}
}

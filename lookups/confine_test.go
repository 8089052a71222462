package lookups

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadsStayInside: lookup and inputlookup read only files inside the
// folders given with --lookups. Outside the app folder sits secret.csv;
// every way of naming it from inside is refused with a message saying why,
// and the files that do belong are read.
func TestReadsStayInside(t *testing.T) {
	dir := t.TempDir()
	app := filepath.Join(dir, "app")
	lk := filepath.Join(app, "lookups")
	write := func(p, s string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, p string) {
		t.Helper()
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	secret := filepath.Join(dir, "secret.csv")
	write(secret, "user,password\nroot,hunter2\n")
	write(filepath.Join(lk, "good.csv"), "user,role\nalice,admin\n")
	link(secret, filepath.Join(lk, "outside.csv"))    // a link out of the folder
	link("good.csv", filepath.Join(lk, "inside.csv")) // a link within it
	link(filepath.Join("..", "..", "secret.csv"), filepath.Join(lk, "relative_out.csv"))
	write(filepath.Join(app, "default", "transforms.conf"), strings.Join([]string{
		"[dotdot]", "filename = ../../secret.csv",
		"[absolute]", "filename = " + secret,
		"[subfolder]", "filename = sub/good.csv",
		"[via_link]", "filename = outside.csv",
		"[ok]", "filename = good.csv",
		"[ok_link]", "filename = inside.csv",
	}, "\n")+"\n")
	write(filepath.Join(dir, "content", "lookups", "yaml_escape.yml"), "name: yaml_escape\nfilename: ../../secret.csv\n")

	r := NewRegistry()
	for _, p := range []string{app, filepath.Join(dir, "content")} {
		if err := r.Load(p); err != nil {
			t.Fatal(err)
		}
	}
	refused := []struct{ name, why string }{
		{"dotdot", `its filename "../../secret.csv" is not a plain file name`},
		{"absolute", `its filename "` + secret + `" is not a plain file name`},
		{"subfolder", `its filename "sub/good.csv" is not a plain file name`},
		{"yaml_escape", `its filename "../../secret.csv" is not a plain file name`},
		{"via_link", "is a symbolic link to " + secret + ", outside its folder"},
		{"outside.csv", "is a symbolic link to " + secret + ", outside its folder"},
		{"relative_out.csv", "is a symbolic link to " + secret + ", outside its folder"},
		{"../secret.csv", "never by a path"},
		{secret, "never by a path"},
		{"../../secret.csv", "never by a path"},
	}
	for _, tc := range refused {
		tab, err := r.Table(tc.name)
		if err == nil {
			t.Errorf("Table(%q) read %v", tc.name, tab.Rows)
			continue
		}
		if !strings.Contains(err.Error(), tc.why) {
			t.Errorf("Table(%q): %v, want it to say %q", tc.name, err, tc.why)
		}
	}
	for _, name := range []string{"ok", "ok_link", "good.csv", "inside.csv"} {
		tab, err := r.Table(name)
		if err != nil {
			t.Errorf("Table(%q): %v", name, err)
			continue
		}
		if len(tab.Rows) != 1 || tab.Rows[0][0] != "alice" {
			t.Errorf("Table(%q) rows %v, want alice's", name, tab.Rows)
		}
	}

	// A file that turns into a link out of its folder after loading is
	// refused when it is read.
	r2 := NewRegistry()
	late := filepath.Join(lk, "late.csv")
	write(late, "a\n1\n")
	if err := r2.Load(lk); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(late); err != nil {
		t.Fatal(err)
	}
	link(secret, late)
	if _, err := r2.Table("late.csv"); err == nil || !strings.Contains(err.Error(), "outside its folder") {
		t.Errorf("a file replaced by a link out of its folder: %v", err)
	}
}

package index

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/value"
)

// TestSummaryTypes checks that every kind of value a dataset row holds
// reads back from its cell and its types entry as it was.
func TestSummaryTypes(t *testing.T) {
	for _, v := range []value.Value{
		value.Str("cmd.exe"),
		value.Str(""),
		value.Str("two\nlines"),
		value.Strs("process", "report"),
		value.Strs("a\nb", "c"),
		value.Num(1.5),
		value.Num(-0.1),
		value.NumPrec(8.25, 3, 3),
		value.Multi(value.Num(1), value.Str("x")),
		value.Bool(true),
	} {
		cell := v.String()
		code := typeCode(v)
		got := value.Str(cell)
		if code != "" {
			ty, err := sumTypes{}.of(`{"f":` + code + `}`)
			if err != nil {
				t.Fatalf("%#v: %v", v, err)
			}
			f := ty["f"]
			if f.split {
				got = value.Strs(strings.Split(cell, "\n")...)
			} else {
				got = f.v
			}
		}
		if !value.Equal(v, got) {
			t.Errorf("%#v read back as %#v (code %s)", v, got, code)
		}
	}
}

// TestSummaryPaths checks that a summary's folder, made from dataset
// names a knowledge file gives, stays inside the index, and that a
// manifest naming a summary part outside it is refused.
func TestSummaryPaths(t *testing.T) {
	for _, d := range []datamodel.DatasetDef{
		{Model: "..", Path: ".."}, {Model: "a/../../b", Path: "c"}, {Model: "/etc", Path: `x\y`}, {Model: ".hidden", Path: "Processes"},
	} {
		rel, err := summaryDir(&d)
		if err != nil {
			t.Fatalf("%s.%s: %v", d.Model, d.Path, err)
		}
		if err := checkRel(rel + "/part-0.parquet"); err != nil || strings.Count(rel, "/") != 1 {
			t.Errorf("%s.%s: folder %q leads out or deeper", d.Model, d.Path, rel)
		}
	}
	dir := t.TempDir()
	for _, bad := range []string{"../x.parquet", "/etc/x.parquet", "datamodel=a/../../x.parquet"} {
		m := &Manifest{Version: manifestVersion, Summaries: []SummaryPart{{Path: bad, Dataset: "Endpoint.Processes"}}}
		if err := writeManifest(dir, m); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadManifest(dir); err == nil {
			t.Errorf("a manifest naming summary part %q was read", bad)
		}
	}
}

// TestSummarySymlink checks that a summary part reached through a
// symbolic link in the index folder is not read.
func TestSummarySymlink(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	if _, err := Build(dir, Options{Paths: []string{filepath.Join("..", "testdata", "seed", "data", "sysmon_wermgr.log")}}); err != nil {
		t.Fatal(err)
	}
	model := filepath.Join(dir, "datamodel=Endpoint")
	outside := filepath.Join(t.TempDir(), "elsewhere")
	if err := os.Rename(model, outside); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, model); err != nil {
		t.Fatal(err)
	}
	src, err := Open(dir, nil, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := src.Dataset("Endpoint.Processes")
	if err != nil {
		t.Fatal(err)
	}
	err = ds.Scan(context.Background(), func(value.Fields) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("a summary behind a symbolic link: %v", err)
	}
}

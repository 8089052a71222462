package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestOutputcsv checks outputcsv against its Search Reference page
// (https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/outputcsv):
// the file is <name>.csv in --csv-dir, append=true adds rows, an empty
// result deletes the file (override_if_empty=true, the default) or leaves
// it (override_if_empty=false), and inputcsv reads it back. The expected
// files were written by hand before running.
func TestOutputcsv(t *testing.T) {
	dir := t.TempDir()
	runCSV := func(search string) (string, string, int) {
		var out, errb bytes.Buffer
		code := run([]string{"run", "--format", "csv", "--now", "1700000000", "--csv-dir", dir, search}, &out, &errb)
		return out.String(), errb.String(), code
	}
	file := filepath.Join(dir, "mysearch.csv")
	read := func() string {
		b, err := os.ReadFile(file)
		if err != nil {
			return "(none)"
		}
		return string(b)
	}
	steps := []struct{ search, want string }{
		{`| makeresults format=json data="[{\"user\":\"bob\",\"n\":\"2\"},{\"user\":\"ann\"}]" | outputcsv mysearch`, "user,n\nbob,2\nann,\n"},
		{`| makeresults format=json data="[{\"host\":\"h1\",\"n\":\"7\"}]" | outputcsv append=true mysearch`, "user,n,host\nbob,2,\nann,,\n,7,h1\n"},
		{`| makeresults format=json data="[{\"a\":\"1\"}]" | where a=2 | outputcsv override_if_empty=false mysearch`, "user,n,host\nbob,2,\nann,,\n,7,h1\n"},
	}
	for _, s := range steps {
		if _, e, code := runCSV(s.search); code != 0 {
			t.Fatalf("%s: exit %d: %s", s.search, code, e)
		}
		if diff := cmp.Diff(s.want, read()); diff != "" {
			t.Errorf("after %s (-want +got):\n%s", s.search, diff)
		}
	}
	if got, _, _ := runCSV(`| inputcsv mysearch | where isnotnull(n) | table n`); got != "n\n2\n7\n" {
		t.Errorf("inputcsv read back %q", got)
	}
	if _, e, code := runCSV(`| makeresults format=json data="[{\"a\":\"1\"}]" | where a=2 | outputcsv mysearch`); code != 0 {
		t.Fatal(e)
	}
	if got := read(); got != "(none)" {
		t.Errorf("an empty result left %q; override_if_empty=true deletes the file", got)
	}
	for _, bad := range []string{"../up", "/tmp/abs", "sub/x"} {
		_, e, code := runCSV(`| makeresults | outputcsv ` + bad)
		if code == 0 || !strings.Contains(e, "leaves its folder") {
			t.Errorf("outputcsv %s: exit %d, %q; want a refusal", bad, code, e)
		}
	}
	if _, e, code := runCSV(`| makeresults | outputcsv dispatch=true x`); code == 0 || !strings.Contains(e, "no jobs offline") {
		t.Errorf("dispatch=true: exit %d, %q", code, e)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"run", "| makeresults | outputcsv x"}, &out, &errb); code == 0 || !strings.Contains(errb.String(), "--csv-dir") {
		t.Errorf("no --csv-dir: exit %d, %q", code, errb.String())
	}
}

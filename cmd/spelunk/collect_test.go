package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCollectReadBack checks that what collect writes in --collect-dir is
// read back by a later run as the index it names, with the key=value
// pairs of its _raw as fields and sourcetype stash (Search Reference,
// collect: https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/collect).
// The expected rows were written by hand from the page before running.
func TestCollectReadBack(t *testing.T) {
	dir := t.TempDir()
	runOK := func(search string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run([]string{"run", "--format", "csv", "--now", "1700000000", "--collect-dir", dir, search}, &out, &errb); code != 0 {
			t.Fatalf("%s: exit %d\n%s", search, code, errb.String())
		}
		return out.String()
	}
	runOK(`| makeresults format=json data="[{\"user\":\"bob\",\"n\":\"2\"},{\"user\":\"ann\",\"n\":\"5\"}]" | collect index=summary file=daily.stash source=daily_report addinfo=false`)
	runOK(`| makeresults format=json data="[{\"user\":\"eve\",\"n\":\"1\"}]" | collect index=other file=other.stash addtime=false addinfo=false`)
	got := runOK(`index=summary | sort user | table _time index sourcetype source host user n _raw`)
	want := "_time,index,sourcetype,source,host,user,n,_raw\n" +
		"2023-11-14T22:13:20.000+00:00,summary,stash,daily_report,spelunk,ann,5,\"11/14/2023 22:13:20 +0000, user=\"\"ann\"\", n=5\"\n" +
		"2023-11-14T22:13:20.000+00:00,summary,stash,daily_report,spelunk,bob,2,\"11/14/2023 22:13:20 +0000, user=\"\"bob\"\", n=2\"\n"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("index=summary (-want +got):\n%s", diff)
	}
	got = runOK(`index=other | table index source user _raw`)
	want = "index,source,user,_raw\nother,other.stash,eve,\"user=\"\"eve\"\", n=1\"\n"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("index=other (-want +got):\n%s", diff)
	}
	// Collecting again into the same file adds to it.
	runOK(`| makeresults format=json data="[{\"user\":\"zed\",\"n\":\"9\"}]" | collect index=summary file=daily.stash addinfo=false`)
	if got := runOK(`index=summary | stats count`); got != "count\n3\n" {
		t.Errorf("after a second collect: %q, want 3 events", got)
	}
	// No results: nothing to write, no file.
	runOK(`| makeresults | where 1=2 | collect file=none.stash`)
	if _, err := os.Stat(filepath.Join(dir, "none.stash")); err == nil {
		t.Errorf("collect of no results wrote a file")
	}
}

// TestCollectConfined checks that collect never writes outside its
// folder: through a symbolic link, a path, or an absolute name.
func TestCollectConfined(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	target := filepath.Join(outside, "x.stash")
	if err := os.Symlink(target, filepath.Join(dir, "link.stash")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	for _, file := range []string{"link.stash", "../x.stash", "/tmp/x.stash", "sub/x.stash"} {
		var out, errb bytes.Buffer
		code := run([]string{"run", "--now", "1700000000", "--collect-dir", dir, "| makeresults | collect file=" + file}, &out, &errb)
		if code == 0 || !strings.Contains(errb.String(), "leaves its folder") {
			t.Errorf("file=%s: exit %d, stderr %q; want a refusal", file, code, errb.String())
		}
	}
	if _, err := os.Lstat(target); err == nil {
		t.Errorf("collect wrote through the link to %s", target)
	}
}

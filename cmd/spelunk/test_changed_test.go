package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestChangedSinceNone checks that --changed-since selecting no detection
// is a failed run (exit 1, saying why) unless --allow-skip: a repository
// with one committed detection, unchanged since HEAD.
func TestChangedSinceNone(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found")
	}
	dir := t.TempDir()
	det, err := os.ReadFile(filepath.Join("..", "..", "testdata", "golden", "test_all_skipped", "repo", "detections", "missing_data.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "detections"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "detections", "d.yml"), det, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"init", "-q"},
		{"add", "."},
		{"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one detection"},
	} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		out, err string
	}{
		{"fails", []string{"test", "--changed-since", "HEAD", dir}, 1,
			"0 passed, 0 failed, 0 errors, 0 skipped\n",
			"spelunk: --changed-since HEAD selected no detection (--allow-skip accepts this)\n"},
		{"allowed", []string{"test", "--allow-skip", "--changed-since", "HEAD", dir}, 0,
			"0 passed, 0 failed, 0 errors, 0 skipped\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(tc.args, &out, &errb)
			got := []any{code, out.String(), errb.String()}
			if diff := cmp.Diff([]any{tc.code, tc.out, tc.err}, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

package attackdata

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLocate(t *testing.T) {
	dataDir := t.TempDir()
	have := filepath.Join(dataDir, "datasets", "T1003", "windows-sysmon.log")
	if err := os.MkdirAll(filepath.Dir(have), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(have, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	det := filepath.Join("repo", "detections", "endpoint", "d.yml")
	abs := filepath.Join(dataDir, "local.log")
	const media = "https://media.githubusercontent.com/media/splunk/attack_data/master/"
	tests := []struct {
		name    string
		ref     string
		dataDir string
		want    Source
		wantErr string
	}{
		{name: "media URL found in the data dir", ref: media + "datasets/T1003/windows-sysmon.log", dataDir: dataDir,
			want: Source{Path: have}},
		{name: "media URL missing from the data dir", ref: media + "datasets/T1003/other.log", dataDir: dataDir,
			want: Source{URL: media + "datasets/T1003/other.log"}},
		{name: "media URL without a data dir", ref: media + "datasets/T1003/windows-sysmon.log",
			want: Source{URL: media + "datasets/T1003/windows-sysmon.log"}},
		{name: "raw URL is fetched from media", ref: "https://raw.githubusercontent.com/splunk/attack_data/master/datasets/a/b.log",
			want: Source{URL: media + "datasets/a/b.log"}},
		{name: "github raw URL is fetched from media", ref: "https://github.com/splunk/attack_data/raw/master/datasets/a/b.log",
			want: Source{URL: media + "datasets/a/b.log"}},
		{name: "raw URL found in the data dir", ref: "https://raw.githubusercontent.com/splunk/attack_data/master/datasets/T1003/windows-sysmon.log",
			dataDir: dataDir, want: Source{Path: have}},
		// security_content has such URLs (datasets//malware/...).
		{name: "double slash dropped", ref: media + "datasets//T1003/windows-sysmon.log", dataDir: dataDir,
			want: Source{Path: have}},
		{name: "double slash dropped in the URL", ref: media + "datasets//malware/x.log",
			want: Source{URL: media + "datasets/malware/x.log"}},
		{name: "dot-dot refused", ref: media + "datasets/../../etc/passwd", dataDir: dataDir,
			wantErr: media + `datasets/../../etc/passwd: the path inside splunk/attack_data may not hold ".."`},
		{name: "no file named", ref: media, wantErr: media + ": the URL names no file inside splunk/attack_data"},
		{name: "other https URL as written", ref: "https://example.com/data/x.log",
			want: Source{URL: "https://example.com/data/x.log"}},
		{name: "plain http refused", ref: "http://example.com/x.log",
			wantErr: "http://example.com/x.log: only https URLs and local paths are supported"},
		{name: "other scheme refused", ref: "s3://bucket/x.log",
			wantErr: "s3://bucket/x.log: only https URLs and local paths are supported"},
		{name: "absolute local path", ref: abs, want: Source{Path: abs}},
		{name: "relative path beside the detection", ref: "data/x.log",
			want: Source{Path: filepath.Join("repo", "detections", "endpoint", "data", "x.log")}},
		{name: "empty", ref: "", wantErr: "the test's data: is empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Locate(tc.ref, tc.dataDir, det)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("Locate(%q) error = %v, want %q", tc.ref, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Locate(%q): %v", tc.ref, err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("Locate(%q) (-want +got):\n%s", tc.ref, d)
			}
		})
	}
}

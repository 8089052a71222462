package attackdata

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCacheRel(t *testing.T) {
	j := filepath.Join
	tests := []struct {
		url     string
		want    string
		wantErr string
	}{
		{url: "https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/a/windows-sysmon.log",
			want: j("media.githubusercontent.com", "media", "splunk", "attack_data", "master", "datasets", "a", "windows-sysmon.log")},
		{url: "https://Example.COM/a/b.log", want: j("example.com", "a", "b.log")},
		{url: "https://127.0.0.1:8443/a/b.log", want: j("127.0.0.1_8443", "a", "b.log")},
		{url: "https://[::1]:8443/a.log", want: j("__1_8443", "a.log")},
		{url: "https://h/a%20b/c.log", want: j("h", "a b", "c.log")},
		{url: "https://h/a.log#frag", want: j("h", "a.log")},

		{url: "http://h/a.log", wantErr: "only https URLs are fetched"},
		{url: "https:h/a.log", wantErr: "the URL has no host"},
		{url: "https:///a.log", wantErr: "the URL has no host"},
		{url: "https://../a.log", wantErr: `the host ".." is not a host name`},
		{url: "https://h/", wantErr: "the URL names no file"},
		{url: "https://h", wantErr: "the URL names no file"},
		{url: "https://h/a/../../../etc/passwd", wantErr: `the URL path has a ".." segment`},
		{url: "https://h/a/%2e%2e/%2E%2E/etc/passwd", wantErr: `the URL path has a ".." segment`},
		{url: "https://h/..", wantErr: `the URL path has a ".." segment`},
		{url: "https://h/./a.log", wantErr: `the URL path has a "." segment`},
		{url: "https://h//etc/passwd", wantErr: "the URL path has an empty segment"},
		{url: "https://h/a//b.log", wantErr: "the URL path has an empty segment"},
		{url: "https://h/a/", wantErr: "the URL path has an empty segment"},
		{url: "https://h/a%2F..%2F..%2Fb", wantErr: `the URL path segment "a/../../b" holds a slash, backslash or NUL`},
		{url: "https://h/..%5C..%5Cb", wantErr: `the URL path segment "..\\..\\b" holds a slash, backslash or NUL`},
		{url: "https://h/a%00.log", wantErr: `the URL path segment "a\x00.log" holds a slash, backslash or NUL`},
		{url: "https://h/a.log?x=1", wantErr: "a URL with a query is not cached"},
	}
	for _, tc := range tests {
		got, err := cacheRel(tc.url)
		if tc.wantErr != "" {
			if err == nil || err.Error() != tc.wantErr {
				t.Errorf("cacheRel(%q) = %q, %v; want error %q", tc.url, got, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("cacheRel(%q) = %q, %v; want %q", tc.url, got, err, tc.want)
		}
	}
}

func TestCheckInside(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "cache")
	outside := filepath.Join(base, "outside")
	for _, d := range []string{root, outside, filepath.Join(root, "real", "sub")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("s"), 0o644); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"out":       outside,                          // a folder leading outside
		"in":        filepath.Join(root, "real"),      // a folder leading inside
		"rel-out":   filepath.Join("..", "outside"),   // relative, leading outside
		"rel-in":    "real",                           // relative, leading inside
		"file-out":  filepath.Join(outside, "secret"), // a cached file leading outside
		"broken":    filepath.Join(root, "nowhere"),   // leads to nothing (yet)
		"real/back": filepath.Join("..", "..", "outside"),
	}
	for name, dst := range links {
		if err := os.Symlink(dst, filepath.Join(root, filepath.FromSlash(name))); err != nil {
			t.Skipf("no symlinks here: %v", err)
		}
	}
	tests := []struct {
		rel     string
		wantErr string // a part of the message; "" for no error
	}{
		{rel: "host/a/b.log"},
		{rel: "real/sub/b.log"},
		{rel: "in/sub/b.log"},
		{rel: "rel-in/sub/b.log"},
		{rel: "out/b.log", wantErr: "symlink leading outside the cache"},
		{rel: "rel-out/b.log", wantErr: "symlink leading outside the cache"},
		{rel: "file-out", wantErr: "symlink leading outside the cache"},
		{rel: "in/back/b.log", wantErr: "symlink leading outside the cache"},
		{rel: "broken", wantErr: "broken symlink"},
		{rel: "../outside/secret", wantErr: "is not inside the cache"},
	}
	for _, tc := range tests {
		err := checkInside(root, filepath.Join(root, filepath.FromSlash(tc.rel)))
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("checkInside(%s): %v", tc.rel, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("checkInside(%s) = %v, want an error with %q", tc.rel, err, tc.wantErr)
		}
	}
}

package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The server gives the site's files and the two WebAssembly files of
// --wasm, and nothing outside them, whatever the path says.
func TestServeHandler(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"spelunk.wasm": "\x00asm", "wasm_exec.js": "// go", "secret.txt": "no"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site, err := siteFS()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(siteHandler(site, dir))
	defer srv.Close()
	cases := []struct {
		path, body, ctype string
		code              int
	}{
		{"/", "<title>spelunk playground", "text/html", 200},
		{"/lessons.json", `"search-terms"`, "application/json", 200},
		{"/spelunk.wasm", "\x00asm", "application/wasm", 200},
		{"/wasm_exec.js", "// go", "text/javascript", 200},
		{"/secret.txt", "", "", 404},
		{"/../go.mod", "", "", 404},
		{"/%2e%2e/%2e%2e/go.mod", "", "", 404},
		{"/data/seed/../../../../go.mod", "", "", 404},
		{"/..%2fsecret.txt", "", "", 404},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			req, _ := http.NewRequest("GET", srv.URL+c.path, nil)
			req.URL.Opaque = c.path // sent as written, not cleaned by the client
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if c.code == 404 {
				if resp.StatusCode == 200 && (strings.Contains(string(body), "module github.com") || string(body) == "no") {
					t.Fatalf("served a file outside the site: %q", body)
				}
				return
			}
			if resp.StatusCode != c.code || !strings.Contains(string(body), c.body) || !strings.HasPrefix(resp.Header.Get("Content-Type"), c.ctype) {
				t.Errorf("%d %s %.60q, want %d %s with %q", resp.StatusCode, resp.Header.Get("Content-Type"), body, c.code, c.ctype, c.body)
			}
		})
	}
}

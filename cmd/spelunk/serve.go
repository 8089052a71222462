package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/web"
	"github.com/spelunk-dev/spelunk/web/wasmbuild"
)

const serveUsage = `Usage: spelunk serve [--addr 127.0.0.1:8080] [--wasm DIR]

Serves the playground: a page that runs SPL in the browser, on sample data
or files you pick (read by the page, never uploaded), with the result table,
explain's row counts, every command's and function's help, and lessons.

The page runs spelunk compiled to WebAssembly. A binary built after
"go generate ./web" carries it; otherwise serve builds it once with the go
command (run serve inside a spelunk checkout) and keeps it in the user cache.

Flags:
`

func cmdServe(args []string, stdout, stderr io.Writer) error {
	return serve(context.Background(), args, stdout, stderr, nil)
}

// serve runs the server until ctx ends; ready, when set, is told the
// address it listens on (tests listen on port 0).
func serve(ctx context.Context, args []string, stdout, stderr io.Writer, ready func(addr string)) error {
	flags := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() { fmt.Fprint(stderr, serveUsage+flags.FlagUsages()) }
	addr := flags.String("addr", "127.0.0.1:8080", "address to listen on")
	wasmDir := flags.String("wasm", "", "folder holding spelunk.wasm and wasm_exec.js (as go generate ./web writes them) to serve instead of the built-in ones")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil
		}
		return usageErr("%v", err)
	}
	if flags.NArg() > 0 {
		return usageErr("serve takes no arguments, got %q", flags.Args())
	}
	site, err := siteFS()
	if err != nil {
		return err
	}
	dir := *wasmDir
	if dir == "" && !hasWasm(site) {
		if dir, err = cachedWasm(stderr); err != nil {
			return usageErr("%v", err)
		}
	}
	if dir != "" {
		for _, f := range wasmbuild.Files {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				return usageErr("--wasm: %v", err)
			}
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return usageErr("%v", err)
	}
	srv := &http.Server{Handler: siteHandler(site, dir), ReadHeaderTimeout: 10 * time.Second}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(stdout, "spelunk playground: %s\n", url)
	if ready != nil {
		ready(ln.Addr().String())
	}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// siteFS is the embedded site's folder.
func siteFS() (fs.FS, error) { return fs.Sub(web.Site, "site") }

func hasWasm(site fs.FS) bool {
	for _, f := range wasmbuild.Files {
		if _, err := fs.Stat(site, f); err != nil {
			return false
		}
	}
	return true
}

// siteHandler serves the site, with spelunk.wasm and wasm_exec.js from
// wasmDir when set. Only those two names are read from wasmDir; every
// other path is the embedded site's, which http.FileServerFS keeps inside.
func siteHandler(site fs.FS, wasmDir string) http.Handler {
	files := http.FileServerFS(site)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		name := strings.TrimPrefix(r.URL.Path, "/")
		if wasmDir != "" && slices.Contains(wasmbuild.Files, name) {
			if name == "spelunk.wasm" {
				w.Header().Set("Content-Type", "application/wasm")
			}
			http.ServeFile(w, r, filepath.Join(wasmDir, name))
			return
		}
		if name == "spelunk.wasm" {
			w.Header().Set("Content-Type", "application/wasm")
		}
		files.ServeHTTP(w, r)
	})
}

// cachedWasm is a folder of the user cache holding the WebAssembly build
// of this binary's source, built on first use: the cache key is the
// executable's hash, so a rebuilt spelunk builds it again.
func cachedWasm(stderr io.Writer) (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(exe)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "spelunk", "wasm-"+hex.EncodeToString(sum[:8]))
	if _, err := os.Stat(filepath.Join(dir, "wasm_exec.js")); err == nil {
		return dir, nil
	}
	fmt.Fprintf(stderr, "spelunk: building the playground's WebAssembly into %s (once; this takes a minute)\n", dir)
	tmp := dir + ".tmp"
	if err := wasmbuild.Build(tmp, "."); err != nil {
		return "", fmt.Errorf("%w\n(run spelunk serve inside a spelunk checkout, or build spelunk after go generate ./web, or give --wasm)", err)
	}
	_ = os.RemoveAll(dir)
	if err := os.Rename(tmp, dir); err != nil {
		return "", err
	}
	return dir, nil
}

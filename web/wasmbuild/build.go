// Package wasmbuild builds the playground's WebAssembly with the go
// command: spelunk.wasm from cmd/spelunk-wasm and the wasm_exec.js of the
// same Go release, which must match it.
package wasmbuild

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Package is the import path of the WebAssembly command.
const Package = "github.com/spelunk-dev/spelunk/cmd/spelunk-wasm"

// Files are the names Build writes.
var Files = []string{"spelunk.wasm", "wasm_exec.js"}

// Build writes spelunk.wasm and wasm_exec.js into dir, running the go
// command in moduleDir (a folder of a spelunk checkout).
func Build(dir, moduleDir string) error {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goCmd = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
		if _, serr := os.Stat(goCmd); serr != nil {
			return fmt.Errorf("the go command is needed to build spelunk.wasm: %w", err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	out, err := filepath.Abs(filepath.Join(dir, "spelunk.wasm"))
	if err != nil {
		return err
	}
	build := exec.Command(goCmd, "build", "-trimpath", "-ldflags=-s -w", "-o", out, Package)
	build.Dir = moduleDir
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	var stderr bytes.Buffer
	build.Stderr = &stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", Package, err, stderr.String())
	}
	root, err := exec.Command(goCmd, "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %w", err)
	}
	goroot := strings.TrimSpace(string(root))
	// Go 1.24 moved wasm_exec.js from misc/wasm to lib/wasm.
	for _, p := range []string{"lib/wasm/wasm_exec.js", "misc/wasm/wasm_exec.js"} {
		b, err := os.ReadFile(filepath.Join(goroot, p))
		if err == nil {
			return os.WriteFile(filepath.Join(dir, "wasm_exec.js"), b, 0o644)
		}
	}
	return fmt.Errorf("no wasm_exec.js in %s", goroot)
}

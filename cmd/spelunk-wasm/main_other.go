//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// Built for any other platform, the command only says how to build it.
func main() {
	fmt.Fprintln(os.Stderr, "spelunk-wasm runs in a browser: build it with GOOS=js GOARCH=wasm go build -o web/site/spelunk.wasm ./cmd/spelunk-wasm (go generate ./web does)")
	os.Exit(2)
}

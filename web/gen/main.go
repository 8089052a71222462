// Command gen builds the playground's WebAssembly: spelunk.wasm from
// cmd/spelunk-wasm, stripped (the browser needs no symbol table or DWARF),
// and the wasm_exec.js of the Go release that built it, into a folder.
//
//	go run ./web/gen -o web/site
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/spelunk-dev/spelunk/web/wasmbuild"
)

func main() {
	out := flag.String("o", "site", "folder to write spelunk.wasm and wasm_exec.js in")
	flag.Parse()
	if err := wasmbuild.Build(*out, "."); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// Package web is the playground's static site (site/): plain HTML, CSS
// and JavaScript over spelunk compiled to WebAssembly. spelunk serve
// serves it from the binary.
//
// The WebAssembly build (site/spelunk.wasm, with the Go release's
// site/wasm_exec.js) is not in the repository: it is some 14 MB that each
// Go release changes. go generate ./web writes both into site/, where
// a later go build embeds them and any static host can serve the folder;
// without them spelunk serve builds them when it starts (see
// cmd/spelunk/serve.go).
package web

import "embed"

//go:generate go run ./gen -o site

// Site is the site's files, under "site".
//
//go:embed site
var Site embed.FS

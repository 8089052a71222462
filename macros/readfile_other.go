//go:build !unix

package macros

import "os"

func readFile(path string) ([]byte, error) { return os.ReadFile(path) }

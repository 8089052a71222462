// Command tutorialgen writes the playground's tutorial data set into a
// folder, to search it with spelunk run:
//
//	go run ./internal/tutorial/cmd/tutorialgen -o /tmp/tutorial
//	spelunk run --data /tmp/tutorial 'EventCode=4625 | stats count by TargetUserName'
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spelunk-dev/spelunk/internal/tutorial"
)

func main() {
	out := flag.String("o", ".", "folder to write the files in (created if missing)")
	seed := flag.Uint64("seed", tutorial.Seed, "seed of the background traffic")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "tutorialgen:", err)
		os.Exit(1)
	}
	for _, f := range tutorial.Generate(*seed) {
		if err := os.WriteFile(filepath.Join(*out, f.Name), []byte(f.Text), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "tutorialgen:", err)
			os.Exit(1)
		}
	}
}

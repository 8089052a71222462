package attackdata_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/spelunk-dev/spelunk/attackdata"
)

// How `spelunk test` gets a test's data: Locate each data: reference,
// fetch the URLs in one go, then read each test's files. (Not run: it
// would reach GitHub.)
func ExampleCache_Fetch() {
	refs := []string{
		"https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/attack_techniques/T1003.001/atomic_red_team/windows-sysmon.log",
	}
	cache := &attackdata.Cache{
		Dir: "", // --cache-dir; empty for the user's cache folder
		Progress: func(done, total int64, name string) {
			fmt.Fprintf(os.Stderr, "\r%s %d/%d", name, done, total)
		},
	}
	var urls []string
	sources := map[string]attackdata.Source{}
	for _, ref := range refs {
		src, err := attackdata.Locate(ref, "/path/to/attack_data", "detections/endpoint/x.yml")
		if err != nil {
			fmt.Println("SKIP:", err)
			continue
		}
		sources[ref] = src
		if src.URL != "" {
			urls = append(urls, src.URL)
		}
	}
	paths, errs := cache.Fetch(context.Background(), urls, 4)
	for _, err := range errs {
		fmt.Println("SKIP:", err) // err is an *attackdata.Error naming its URL
	}
	for ref, src := range sources {
		file := src.Path
		if src.URL != "" {
			file = paths[src.URL] // "" when it failed
		}
		fmt.Println(ref, "->", file)
	}
}

func TestDefaultDir(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the user cache folder is read from XDG_CACHE_HOME on Linux only")
	}
	home := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", home)
	got, err := attackdata.DefaultDir()
	if want := filepath.Join(home, "spelunk", "attack_data"); err != nil || got != want {
		t.Errorf("DefaultDir() = %q, %v; want %q", got, err, want)
	}
}

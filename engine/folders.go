package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Folders are the folders, besides the lookups', that commands may read
// or write files in; "" forbids the commands that need one.
type Folders struct {
	// Collect is where collect writes its summary index files (and
	// where the runner reads them back as events).
	Collect string
	// CSV is Splunk's var/run/splunk/csv: outputcsv writes there and
	// inputcsv reads there.
	CSV string
	// RestFixtures holds recorded REST responses, one JSON file per
	// endpoint, that rest returns.
	RestFixtures string
}

// errOutside is a name that would leave its folder.
var errOutside = errors.New("the name leaves its folder")

// confinedPath joins name (a file name, or a relative path when sub is
// true) to dir, refusing what could leave dir: an absolute path, "..",
// a path when sub is false, and symbolic links anywhere on the way (a
// link may point anywhere). The file itself need not exist.
func confinedPath(dir, name string, sub bool) (string, error) {
	if name == "" || filepath.IsAbs(name) || strings.HasPrefix(name, "/") || strings.Contains(name, `\`) || strings.ContainsRune(name, 0) {
		return "", fmt.Errorf("%q: %w", name, errOutside)
	}
	parts := strings.Split(name, "/")
	if len(parts) > 1 && !sub {
		return "", fmt.Errorf("%q: a file name may not contain a path: %w", name, errOutside)
	}
	p := dir
	for _, part := range parts {
		if part == "" || part == "." || part == ".." {
			return "", fmt.Errorf("%q: %w", name, errOutside)
		}
		p = filepath.Join(p, part)
		st, err := os.Lstat(p)
		if err != nil {
			continue // not there (yet): nothing to follow
		}
		if st.Mode()&os.ModeSymlink != 0 {
			return "", fmt.Errorf("%q: %s is a symbolic link, which spelunk does not follow out of its folder: %w", name, p, errOutside)
		}
	}
	return p, nil
}

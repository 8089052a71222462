package attackdata

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// MediaPrefix is where splunk/attack_data serves the contents of its Git
// LFS files; the rest of the URL is the path inside the repository.
const MediaPrefix = "https://media.githubusercontent.com/media/splunk/attack_data/master/"

// attackDataPrefixes are the URL prefixes under which security_content
// tests name splunk/attack_data files. The raw and github.com forms serve
// the LFS pointer or a redirect, so all three are fetched from MediaPrefix.
var attackDataPrefixes = []string{
	MediaPrefix,
	"https://raw.githubusercontent.com/splunk/attack_data/master/",
	"https://github.com/splunk/attack_data/raw/master/",
}

// Source is where one test's data file comes from: a local file to read
// as it is (Path), or a URL to hand to [Cache.Fetch] (URL). Exactly one
// of the two is set.
type Source struct {
	Path string
	URL  string
}

// Locate maps a test's attack_data data: reference to its Source.
//
// An attack_data URL is first looked up as <dataDir>/<path in the repo>
// (a local copy of splunk/attack_data), and a file found there is used as is;
// otherwise it becomes the MediaPrefix URL of that path, to fetch. Any
// other https URL is fetched as written. A local path is used as is when
// absolute or found as given, else relative to the detection's folder.
func Locate(ref, dataDir, detectionPath string) (Source, error) {
	if ref == "" {
		return Source{}, fmt.Errorf("the test's data: is empty")
	}
	for _, pre := range attackDataPrefixes {
		if !strings.HasPrefix(ref, pre) {
			continue
		}
		rel, err := repoPath(strings.TrimPrefix(ref, pre))
		if err != nil {
			return Source{}, fmt.Errorf("%s: %v", ref, err)
		}
		if dataDir != "" {
			local := filepath.Join(dataDir, filepath.FromSlash(rel))
			if fi, err := os.Stat(local); err == nil && fi.Mode().IsRegular() {
				return Source{Path: local}, nil
			}
		}
		return Source{URL: MediaPrefix + rel}, nil
	}
	if strings.HasPrefix(strings.ToLower(ref), "https://") {
		return Source{URL: ref}, nil
	}
	if strings.Contains(ref, "://") {
		return Source{}, fmt.Errorf("%s: only https URLs and local paths are supported", ref)
	}
	if filepath.IsAbs(ref) {
		return Source{Path: ref}, nil
	}
	if _, err := os.Stat(ref); err == nil {
		return Source{Path: ref}, nil
	}
	return Source{Path: filepath.Join(filepath.Dir(detectionPath), ref)}, nil
}

// repoPath checks the path of a file inside splunk/attack_data and drops
// empty segments: a few security_content URLs have "//", and the
// repository has no folder with an empty name, so they name the same file.
func repoPath(p string) (string, error) {
	var segs []string
	for _, s := range strings.Split(p, "/") {
		switch {
		case s == "":
			continue
		case s == "." || s == "..":
			return "", fmt.Errorf("the path inside splunk/attack_data may not hold %q", s)
		case strings.ContainsAny(s, "\\\x00"):
			return "", fmt.Errorf("the path inside splunk/attack_data may not hold a backslash or NUL")
		}
		segs = append(segs, s)
	}
	if len(segs) == 0 {
		return "", fmt.Errorf("the URL names no file inside splunk/attack_data")
	}
	return path.Join(segs...), nil
}

package attackdata

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// cacheRel is the path, relative to the cache folder, where the file of
// the https URL raw is kept: <host>[_<port>]/<path segments>. It refuses
// anything that could name a place outside the cache folder or that two
// different URLs could share: "." and ".." segments (escaped or not),
// empty segments, slashes or backslashes inside a segment, and queries.
func cacheRel(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	if u.Scheme != "https" {
		return "", errors.New("only https URLs are fetched")
	}
	if u.Opaque != "" {
		return "", errors.New("the URL has no host")
	}
	if u.RawQuery != "" || u.ForceQuery {
		return "", errors.New("a URL with a query is not cached")
	}
	host, err := hostSegment(u)
	if err != nil {
		return "", err
	}
	segs := []string{host}
	p := strings.TrimPrefix(u.EscapedPath(), "/")
	if p == "" {
		return "", errors.New("the URL names no file")
	}
	for _, s := range strings.Split(p, "/") {
		dec, err := url.PathUnescape(s)
		if err != nil {
			return "", err
		}
		switch {
		case dec == "":
			return "", errors.New("the URL path has an empty segment")
		case dec == "." || dec == "..":
			return "", fmt.Errorf("the URL path has a %q segment", dec)
		case strings.ContainsAny(dec, "/\\\x00"):
			return "", fmt.Errorf("the URL path segment %q holds a slash, backslash or NUL", dec)
		}
		segs = append(segs, dec)
	}
	rel := filepath.Join(segs...)
	// IsLocal also refuses absolute paths and, on Windows, reserved names.
	if !filepath.IsLocal(rel) {
		return "", fmt.Errorf("%s is not a path inside the cache", rel)
	}
	return rel, nil
}

// hostSegment is the folder name for the URL's host: lower case, with
// the port after an underscore (a colon is not allowed in Windows names).
func hostSegment(u *url.URL) (string, error) {
	h := strings.ToLower(u.Hostname())
	if h == "" {
		return "", errors.New("the URL has no host")
	}
	if h == "." || h == ".." {
		return "", fmt.Errorf("the host %q is not a host name", h)
	}
	for _, r := range h {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' || r == ':'
		if !ok {
			return "", fmt.Errorf("the host %q has a character (%q) not allowed in a host name", h, r)
		}
	}
	h = strings.ReplaceAll(h, ":", "_") // IPv6 literals
	if port := u.Port(); port != "" {
		h += "_" + port
	}
	return h, nil
}

// checkInside makes sure that target, a path under root (itself free of
// symlinks), does not leave root through a symlink: every component that
// exists is checked with Lstat, and a symlink must resolve inside root. A
// broken symlink is refused too, since where it leads may change later.
func checkInside(root, target string) error {
	rel, err := filepath.Rel(root, target)
	if err != nil || !filepath.IsLocal(rel) {
		return fmt.Errorf("%s is not inside the cache %s", target, root)
	}
	cur := root
	for _, c := range strings.Split(rel, string(filepath.Separator)) {
		cur = filepath.Join(cur, c)
		fi, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		dst, err := filepath.EvalSymlinks(cur)
		if err != nil {
			return fmt.Errorf("%s is a broken symlink in the cache", cur)
		}
		if !within(root, dst) {
			return fmt.Errorf("%s is a symlink leading outside the cache (to %s)", cur, dst)
		}
	}
	return nil
}

// within reports whether p is root or below it; both must be clean and
// absolute.
func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}

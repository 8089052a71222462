// Package attackdata has one job: get the attack data files that detection
// tests name by URL (splunk/attack_data on GitHub) onto the local disk, once.
// [Locate] maps a test's data: reference to a local file or a URL, and
// [Cache.Fetch] downloads URLs over verified HTTPS into a cache folder,
// where later runs find them without a request.
package attackdata

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
)

// Kinds of failure, for errors.Is on an [*Error].
var (
	ErrNotFound    = errors.New("attack data not found")
	ErrStatus      = errors.New("unexpected HTTP status")
	ErrUnreachable = errors.New("cannot reach the host")
	ErrOffline     = errors.New("not in the cache and --offline is set")
	ErrLFSPointer  = errors.New("the server sent a Git LFS pointer")
	ErrIncomplete  = errors.New("download cut short")
	ErrBadURL      = errors.New("the URL cannot be cached")
)

// lfsPointer starts every Git LFS pointer file: what a raw URL of an LFS
// file serves instead of its contents.
var lfsPointer = []byte("version https://git-lfs.github.com/spec/v1")

// Error is the failure to get one URL. Its message names the URL and
// says what to do; Kind is one of the Err* values (nil for an error of
// the local disk) and Err the underlying cause, if any.
type Error struct {
	URL  string
	Kind error
	Err  error
	msg  string
}

func (e *Error) Error() string { return e.msg }

// Unwrap gives errors.Is and errors.As both the kind and the cause.
func (e *Error) Unwrap() []error {
	var out []error
	for _, err := range []error{e.Kind, e.Err} {
		if err != nil {
			out = append(out, err)
		}
	}
	return out
}

func newError(rawURL string, kind, cause error, format string, args ...any) *Error {
	return &Error{URL: rawURL, Kind: kind, Err: cause, msg: fmt.Sprintf(format, args...)}
}

// Cache downloads URLs into a folder and hands back the local files.
// Its fields are read at each Fetch; a Cache must not be copied once used.
type Cache struct {
	// Dir is the cache folder; empty means [DefaultDir].
	Dir string
	// Offline forbids requests: a URL not in the cache is an error.
	Offline bool
	// Client makes the requests; nil means a default http.Client, which
	// verifies TLS and follows redirects. Redirects to a non-https URL are
	// refused whatever the client.
	Client *http.Client
	// Progress, when set, is called as a download advances with the bytes
	// written so far and the size (-1 when the server does not say), and
	// the URL. Calls never overlap, so it need not lock.
	Progress func(done, total int64, name string)

	mu         sync.Mutex
	inflight   map[string]*call // by local path
	progressMu sync.Mutex
}

// call is one download that concurrent requests for its URL wait on.
type call struct {
	done chan struct{}
	path string
	err  error
}

// DefaultDir is the cache folder used when Cache.Dir is empty:
// <user cache dir>/spelunk/attack_data.
func DefaultDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache folder (give --cache-dir): %v", err)
	}
	return filepath.Join(d, "spelunk", "attack_data"), nil
}

// Fetch gets each URL into the cache, jobs at a time (at least one), and
// returns the local file of each URL it got. Every other URL has one
// [*Error] in the returned slice, in the order of urls. A URL listed
// twice, or fetched by another Fetch at the same time, is downloaded
// once; a file already in the cache is used without a request.
func (c *Cache) Fetch(ctx context.Context, urls []string, jobs int) (map[string]string, []error) {
	var unique []string
	seen := map[string]bool{}
	for _, u := range urls {
		if !seen[u] {
			seen[u] = true
			unique = append(unique, u)
		}
	}
	paths := make(map[string]string, len(unique))
	root, err := c.root()
	if err != nil {
		var errs []error
		for _, u := range unique {
			errs = append(errs, newError(u, nil, err, "%s: %v", u, err))
		}
		return paths, errs
	}
	client := c.client()
	if jobs < 1 {
		jobs = 1
	}
	got := make([]string, len(unique))
	errs := make([]error, len(unique))
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(jobs, len(unique)) {
		wg.Go(func() {
			for i := range work {
				got[i], errs[i] = c.get(ctx, client, root, unique[i])
			}
		})
	}
	for i := range unique {
		work <- i
	}
	close(work)
	wg.Wait()
	var failed []error
	for i, u := range unique {
		if errs[i] != nil {
			failed = append(failed, errs[i])
		} else {
			paths[u] = got[i]
		}
	}
	return paths, failed
}

// root is the cache folder, absolute and with its symlinks resolved, so
// the paths under it can be checked against it. Offline, it is not made.
func (c *Cache) root() (string, error) {
	dir := c.Dir
	if dir == "" {
		d, err := DefaultDir()
		if err != nil {
			return "", err
		}
		dir = d
	}
	if !c.Offline {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", fmt.Errorf("cache folder: %v", err)
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r, nil
	}
	return abs, nil
}

// client is the Client to use, with redirects away from https refused:
// a copy, so the caller's client is left as it was.
func (c *Cache) client() *http.Client {
	cl := &http.Client{}
	if c.Client != nil {
		*cl = *c.Client
	}
	next := cl.CheckRedirect
	cl.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Scheme != "https" {
			return fmt.Errorf("redirect to %s refused: not https", req.URL.Redacted())
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return cl
}

// get returns the local file of one URL, from the cache or downloaded.
func (c *Cache) get(ctx context.Context, client *http.Client, root, rawURL string) (string, error) {
	rel, err := cacheRel(rawURL)
	if err != nil {
		return "", newError(rawURL, ErrBadURL, err, "%s: cannot cache this URL: %v", rawURL, err)
	}
	final := filepath.Join(root, rel)
	if err := checkInside(root, final); err != nil {
		return "", newError(rawURL, ErrBadURL, err, "%s: cannot cache this URL: %v", rawURL, err)
	}
	if cached(final) {
		return final, nil
	}
	if c.Offline {
		return "", newError(rawURL, ErrOffline, nil, "%s: not in the cache and --offline is set", rawURL)
	}
	c.mu.Lock()
	if cl, ok := c.inflight[final]; ok {
		c.mu.Unlock()
		select {
		case <-cl.done:
			return cl.path, cl.err
		case <-ctx.Done():
			return "", newError(rawURL, nil, ctx.Err(), "%s: %v", rawURL, ctx.Err())
		}
	}
	cl := &call{done: make(chan struct{})}
	if c.inflight == nil {
		c.inflight = map[string]*call{}
	}
	c.inflight[final] = cl
	c.mu.Unlock()

	// Another download of this file may have finished between the check
	// above and taking the lead.
	if cached(final) {
		cl.path = final
	} else if cl.err = c.download(ctx, client, root, rawURL, final); cl.err == nil {
		cl.path = final
	}
	c.mu.Lock()
	delete(c.inflight, final)
	c.mu.Unlock()
	close(cl.done)
	return cl.path, cl.err
}

// cached reports whether the complete file is in the cache: downloads are
// renamed into place only when whole, so being there is enough.
func cached(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// download requests rawURL and writes the body to final through a
// temporary file in the same folder, renamed into place only once the
// whole body has arrived.
func (c *Cache) download(ctx context.Context, client *http.Client, root, rawURL, final string) error {
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return newError(rawURL, nil, err, "%s: cache folder: %v", rawURL, err)
	}
	// The folders may have been made just now: check them again.
	if err := checkInside(root, final); err != nil {
		return newError(rawURL, ErrBadURL, err, "%s: cannot cache this URL: %v", rawURL, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return newError(rawURL, ErrBadURL, err, "%s: %v", rawURL, err)
	}
	req.Header.Set("User-Agent", "spelunk")
	resp, err := client.Do(req)
	if err != nil {
		return requestError(rawURL, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return newError(rawURL, ErrNotFound, nil, "attack data not found at %s: the test's data: path may be wrong", rawURL)
	case resp.StatusCode != http.StatusOK:
		return newError(rawURL, ErrStatus, nil, "%s: the server answered %s", rawURL, resp.Status)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(final)+".part-*")
	if err != nil {
		return newError(rawURL, nil, err, "%s: cache: %v", rawURL, err)
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	n, err := c.copy(tmp, resp.Body, resp.ContentLength, rawURL)
	if err != nil {
		if err == errPointer {
			return newError(rawURL, ErrLFSPointer, nil,
				"%s: the server sent a Git LFS pointer file, not the data; use the file's %s URL",
				rawURL, "https://media.githubusercontent.com/media/...")
		}
		if ctx.Err() != nil {
			return newError(rawURL, nil, ctx.Err(), "%s: %v", rawURL, ctx.Err())
		}
		var we *writeError
		if errors.As(err, &we) {
			return newError(rawURL, nil, we.err, "%s: cache: %v", rawURL, we.err)
		}
		return newError(rawURL, ErrIncomplete, err, "download of %s cut short after %d bytes: %v", rawURL, n, err)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return newError(rawURL, ErrIncomplete, nil, "download of %s cut short: got %d of %d bytes", rawURL, n, resp.ContentLength)
	}
	if err := tmp.Sync(); err != nil {
		return newError(rawURL, nil, err, "%s: cache: %v", rawURL, err)
	}
	if err := tmp.Close(); err != nil {
		return newError(rawURL, nil, err, "%s: cache: %v", rawURL, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return newError(rawURL, nil, err, "%s: cache: %v", rawURL, err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return newError(rawURL, nil, err, "%s: cache: %v", rawURL, err)
	}
	ok = true
	return nil
}

// writeError marks a failure to write the cache file, as against one to
// read the body.
type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }

// errPointer stops a copy whose body starts as a Git LFS pointer.
var errPointer = errors.New("Git LFS pointer")

// copy writes the body to w, telling Progress as it goes, and returns the
// bytes written. The pointer check looks at the bytes as they come, since
// waiting for a full prefix before writing would stall on a slow server.
func (c *Cache) copy(w io.Writer, r io.Reader, total int64, name string) (int64, error) {
	buf := make([]byte, 64<<10)
	var n int64
	head := make([]byte, 0, len(lfsPointer))
	c.progress(0, total, name)
	for {
		k, rerr := r.Read(buf)
		if need := len(lfsPointer) - len(head); need > 0 && k > 0 {
			head = append(head, buf[:min(k, need)]...)
			if bytes.Equal(head, lfsPointer) {
				return n, errPointer
			}
		}
		if k > 0 {
			if _, err := w.Write(buf[:k]); err != nil {
				return n, &writeError{err}
			}
			n += int64(k)
			c.progress(n, total, name)
		}
		if rerr == io.EOF {
			return n, nil
		}
		if rerr != nil {
			return n, rerr
		}
	}
}

func (c *Cache) progress(done, total int64, name string) {
	if c.Progress == nil {
		return
	}
	c.progressMu.Lock()
	defer c.progressMu.Unlock()
	c.Progress(done, total, name)
}

// requestError explains a request that got no answer: a host that cannot
// be looked up or connected to means no network, and the message says how
// to run without one.
func requestError(rawURL string, err error) error {
	host := rawURL
	if u, perr := url.Parse(rawURL); perr == nil {
		host = u.Host
	}
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var cause error
	switch {
	case errors.As(err, &dnsErr):
		cause = dnsErr
	case errors.As(err, &opErr) && opErr.Op == "dial":
		cause = opErr
	}
	if cause != nil {
		return newError(rawURL, ErrUnreachable, err,
			"cannot reach %s: %v; use --offline with --data-dir or a filled --cache-dir", host, cause)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return newError(rawURL, nil, err, "%s: %v", rawURL, err)
}

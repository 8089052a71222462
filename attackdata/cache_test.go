package attackdata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const (
	goodBody   = "<Event><System><EventID>1</EventID></System></Event>\n"
	targetBody = "the file a redirect leads to\n"
	aBody      = "file a\n"
	bBody      = "file b\n"
	// A real pointer, as raw.githubusercontent.com serves for an LFS file.
	pointerBody = "version https://git-lfs.github.com/spec/v1\n" +
		"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"
)

// testServer is a local HTTPS server with one file per behaviour, counting
// the requests each path gets. Tests reach nothing else.
type testServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
	// gate holds the /par/ requests until both have arrived, so the test
	// sees them run at the same time.
	gate     chan struct{}
	gateOnce sync.Once
	parSeen  int
}

func newTestServer(t *testing.T) *testServer {
	s := &testServer{hits: map[string]int{}, gate: make(chan struct{})}
	mux := http.NewServeMux()
	serve := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", fmt.Sprint(len(body)))
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("/data/good.log", serve(goodBody))
	mux.HandleFunc("/data/target.log", serve(targetBody))
	mux.HandleFunc("/data/pointer.log", serve(pointerBody))
	mux.HandleFunc("/data/missing.log", http.NotFound)
	mux.HandleFunc("/data/busy.log", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "busy", http.StatusServiceUnavailable)
	})
	mux.HandleFunc("/data/redirect.log", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/data/target.log", http.StatusFound)
	})
	mux.HandleFunc("/data/to-http.log", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+r.Host+"/data/target.log", http.StatusFound)
	})
	// Says 1000 bytes, sends 9 and closes the connection.
	mux.HandleFunc("/data/short.log", func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		defer conn.Close()
		fmt.Fprint(buf, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly part")
		buf.Flush()
	})
	// Holds the rest of its body until the request ends.
	mux.HandleFunc("/data/stall.log", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		fmt.Fprint(w, "first bytes")
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(20 * time.Second): // only so a broken Fetch fails instead of hanging
		}
	})
	par := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			s.parSeen++
			if s.parSeen == 2 {
				s.gateOnce.Do(func() { close(s.gate) })
			}
			s.mu.Unlock()
			select {
			case <-s.gate:
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Second): // only so a broken Fetch fails instead of hanging
				http.Error(w, "the other download never started", http.StatusGatewayTimeout)
				return
			}
			serve(body)(w, r)
		}
	}
	mux.HandleFunc("/par/a.log", par(aBody))
	mux.HandleFunc("/par/b.log", par(bBody))
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	// TestFetchVerifiesTLS makes the server log a refused handshake.
	s.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}

func (s *testServer) hitCounts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.hits {
		out[k] = v
	}
	return out
}

// hostDir is where the cache keeps this server's files: <host>_<port>,
// worked out from the listener's address, not from the code under test.
func (s *testServer) hostDir(cacheDir string) string {
	host, port, err := net.SplitHostPort(s.Listener.Addr().String())
	if err != nil {
		panic(err)
	}
	return filepath.Join(cacheDir, host+"_"+port)
}

// files lists every file under dir, relative and slash-separated, so a
// test sees both the final files and any temporary file left behind.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFetchGood(t *testing.T) {
	s := newTestServer(t)
	dir := t.TempDir()
	var calls [][2]int64
	c := &Cache{Dir: dir, Client: s.Client(), Progress: func(done, total int64, name string) {
		if name != s.URL+"/data/good.log" {
			t.Errorf("progress name %q", name)
		}
		calls = append(calls, [2]int64{done, total})
	}}
	u := s.URL + "/data/good.log"
	paths, errs := c.Fetch(context.Background(), []string{u}, 1)
	if len(errs) > 0 {
		t.Fatalf("Fetch: %v", errs)
	}
	want := map[string]string{u: filepath.Join(s.hostDir(dir), "data", "good.log")}
	if d := cmp.Diff(want, paths); d != "" {
		t.Fatalf("paths (-want +got):\n%s", d)
	}
	if got := readFile(t, paths[u]); got != goodBody {
		t.Errorf("cached file = %q, want %q", got, goodBody)
	}
	if d := cmp.Diff([]string{filepath.Base(s.hostDir(dir)) + "/data/good.log"}, files(t, dir)); d != "" {
		t.Errorf("cache contents (-want +got):\n%s", d)
	}
	// The body fits in one read: a start and an end.
	n := int64(len(goodBody))
	if d := cmp.Diff([][2]int64{{0, n}, {n, n}}, calls); d != "" {
		t.Errorf("progress calls (-want +got):\n%s", d)
	}
}

func TestFetchReusesCache(t *testing.T) {
	s := newTestServer(t)
	dir := t.TempDir()
	u := s.URL + "/data/good.log"
	for i, c := range []*Cache{
		{Dir: dir, Client: s.Client()},
		{Dir: dir, Client: s.Client()},                // a later run
		{Dir: dir, Client: s.Client(), Offline: true}, // offline, from the cache
	} {
		paths, errs := c.Fetch(context.Background(), []string{u}, 2)
		if len(errs) > 0 || readFile(t, paths[u]) != goodBody {
			t.Fatalf("fetch %d: %v %v", i, paths, errs)
		}
	}
	if d := cmp.Diff(map[string]int{"/data/good.log": 1}, s.hitCounts()); d != "" {
		t.Errorf("server hits (-want +got):\n%s", d)
	}
}

func TestFetchRedirect(t *testing.T) {
	s := newTestServer(t)
	dir := t.TempDir()
	u := s.URL + "/data/redirect.log"
	paths, errs := (&Cache{Dir: dir, Client: s.Client()}).Fetch(context.Background(), []string{u}, 1)
	if len(errs) > 0 {
		t.Fatalf("Fetch: %v", errs)
	}
	// Kept under the URL the test names, with the body it leads to.
	if got, want := paths[u], filepath.Join(s.hostDir(dir), "data", "redirect.log"); got != want {
		t.Errorf("path = %q, want %q", got, want)
	}
	if got := readFile(t, paths[u]); got != targetBody {
		t.Errorf("cached file = %q, want %q", got, targetBody)
	}
	if d := cmp.Diff(map[string]int{"/data/redirect.log": 1, "/data/target.log": 1}, s.hitCounts()); d != "" {
		t.Errorf("server hits (-want +got):\n%s", d)
	}
}

func TestFetchErrors(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		path       string
		offline    bool
		wantKind   error
		wantPrefix string // the message, with {URL} for the URL
		wantSuffix string
	}{
		{path: "/data/missing.log", wantKind: ErrNotFound,
			wantPrefix: "attack data not found at {URL}: the test's data: path may be wrong"},
		{path: "/data/busy.log", wantKind: ErrStatus,
			wantPrefix: "{URL}: the server answered 503 Service Unavailable"},
		{path: "/data/short.log", wantKind: ErrIncomplete,
			wantPrefix: "download of {URL} cut short after 9 bytes: "},
		{path: "/data/pointer.log", wantKind: ErrLFSPointer,
			wantPrefix: "{URL}: the server sent a Git LFS pointer file, not the data; use the file's https://media.githubusercontent.com/media/... URL"},
		{path: "/data/to-http.log",
			wantPrefix: "{URL}: redirect to http://", wantSuffix: "/data/target.log refused: not https"},
		{path: "/data/good.log", offline: true, wantKind: ErrOffline,
			wantPrefix: "{URL}: not in the cache and --offline is set"},
		{path: "/data/../../etc/passwd", wantKind: ErrBadURL,
			wantPrefix: `{URL}: cannot cache this URL: the URL path has a ".." segment`},
		{path: "//etc/passwd", wantKind: ErrBadURL,
			wantPrefix: "{URL}: cannot cache this URL: the URL path has an empty segment"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			dir := t.TempDir()
			before := s.hitCounts()
			u := s.URL + tc.path
			c := &Cache{Dir: dir, Client: s.Client(), Offline: tc.offline}
			paths, errs := c.Fetch(context.Background(), []string{u}, 1)
			if len(paths) != 0 || len(errs) != 1 {
				t.Fatalf("Fetch = %v, %v; want one error", paths, errs)
			}
			err := errs[0]
			var fe *Error
			if !errors.As(err, &fe) || fe.URL != u {
				t.Errorf("error %#v is not an *Error for %s", err, u)
			}
			if tc.wantKind != nil && !errors.Is(err, tc.wantKind) {
				t.Errorf("error %q is not %v", err, tc.wantKind)
			}
			msg := err.Error()
			t.Log(msg)
			prefix := strings.ReplaceAll(tc.wantPrefix, "{URL}", u)
			if !strings.HasPrefix(msg, prefix) || !strings.HasSuffix(msg, tc.wantSuffix) {
				t.Errorf("error = %q\nwant   %q...%q", msg, prefix, tc.wantSuffix)
			}
			// Nothing under a final name, and no temporary file left.
			if got := files(t, dir); len(got) != 0 {
				t.Errorf("cache holds %v after a failed fetch", got)
			}
			if tc.offline || tc.wantKind == ErrBadURL {
				if d := cmp.Diff(before, s.hitCounts()); d != "" {
					t.Errorf("a request was made (-before +after):\n%s", d)
				}
			}
		})
	}
}

// The default client verifies TLS: the test server's certificate is not
// trusted by it, so the download fails and nothing is cached.
func TestFetchVerifiesTLS(t *testing.T) {
	s := newTestServer(t)
	dir := t.TempDir()
	u := s.URL + "/data/good.log"
	paths, errs := (&Cache{Dir: dir}).Fetch(context.Background(), []string{u}, 1)
	if len(paths) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "certificate") {
		t.Fatalf("Fetch with the default client = %v, %v; want a certificate error", paths, errs)
	}
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("cache holds %v", got)
	}
}

func TestFetchUnreachable(t *testing.T) {
	// A port nothing listens on: the connection is refused on loopback.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	// A name that does not resolve, without asking any resolver: the dialer
	// fails as the resolver would.
	noDNS := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, address string) (net.Conn, error) {
			return nil, &net.OpError{Op: "dial", Net: network,
				Err: &net.DNSError{Err: "no such host", Name: "media.example", IsNotFound: true}}
		},
	}}
	tests := []struct {
		url    string
		client *http.Client
		host   string
	}{
		{url: "https://" + addr + "/data/x.log", client: http.DefaultClient, host: addr},
		{url: "https://media.example/data/x.log", client: noDNS, host: "media.example"},
	}
	for _, tc := range tests {
		c := &Cache{Dir: t.TempDir(), Client: tc.client}
		_, errs := c.Fetch(context.Background(), []string{tc.url}, 1)
		if len(errs) != 1 || !errors.Is(errs[0], ErrUnreachable) {
			t.Fatalf("Fetch(%s) errors = %v, want one ErrUnreachable", tc.url, errs)
		}
		msg := errs[0].Error()
		t.Log(msg)
		prefix := "cannot reach " + tc.host + ": "
		const suffix = "; use --offline with --data-dir or a filled --cache-dir"
		if !strings.HasPrefix(msg, prefix) || !strings.HasSuffix(msg, suffix) {
			t.Errorf("error = %q\nwant   %q...%q", msg, prefix, suffix)
		}
	}
}

// Two Fetch calls at once, each naming two URLs twice: each URL is
// requested once, and the two downloads run at the same time (the server
// holds each until both have arrived).
func TestFetchConcurrent(t *testing.T) {
	s := newTestServer(t)
	dir := t.TempDir()
	a, b := s.URL+"/par/a.log", s.URL+"/par/b.log"
	c := &Cache{Dir: dir, Client: s.Client(), Progress: func(int64, int64, string) {}}
	var wg sync.WaitGroup
	results := make([]map[string]string, 2)
	errs := make([][]error, 2)
	for i := range results {
		wg.Go(func() {
			results[i], errs[i] = c.Fetch(context.Background(), []string{a, b, a, b}, 2)
		})
	}
	wg.Wait()
	want := map[string]string{
		a: filepath.Join(s.hostDir(dir), "par", "a.log"),
		b: filepath.Join(s.hostDir(dir), "par", "b.log"),
	}
	for i := range results {
		if len(errs[i]) > 0 {
			t.Fatalf("Fetch %d: %v", i, errs[i])
		}
		if d := cmp.Diff(want, results[i]); d != "" {
			t.Errorf("Fetch %d paths (-want +got):\n%s", i, d)
		}
	}
	if readFile(t, want[a]) != aBody || readFile(t, want[b]) != bBody {
		t.Errorf("cached files hold the wrong data")
	}
	if d := cmp.Diff(map[string]int{"/par/a.log": 1, "/par/b.log": 1}, s.hitCounts()); d != "" {
		t.Errorf("server hits (-want +got):\n%s", d)
	}
}

// A download stopped midway (here by cancelling once the first bytes are
// written) leaves no file under the final name and no temporary file.
func TestFetchInterrupted(t *testing.T) {
	s := newTestServer(t)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := &Cache{Dir: dir, Client: s.Client(), Progress: func(done, total int64, name string) {
		if done > 0 {
			cancel()
		}
	}}
	u := s.URL + "/data/stall.log"
	paths, errs := c.Fetch(ctx, []string{u}, 1)
	if len(paths) != 0 || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Fatalf("Fetch = %v, %v; want one context.Canceled", paths, errs)
	}
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("cache holds %v after an interrupted download", got)
	}
}

// Symlinks inside the cache may lead elsewhere inside it, never outside.
func TestFetchSymlinks(t *testing.T) {
	s := newTestServer(t)
	u := s.URL + "/data/good.log"
	tests := []struct {
		name    string
		link    func(dir, host, outside string) (string, string) // symlink at, to
		wantErr string
	}{
		{name: "host folder leads outside",
			link:    func(dir, host, out string) (string, string) { return host, out },
			wantErr: "symlink leading outside the cache"},
		{name: "data folder leads outside",
			link:    func(dir, host, out string) (string, string) { return filepath.Join(host, "data"), out },
			wantErr: "symlink leading outside the cache"},
		{name: "cached file leads outside",
			link: func(dir, host, out string) (string, string) {
				return filepath.Join(host, "data", "good.log"), filepath.Join(out, "good.log")
			},
			wantErr: "symlink leading outside the cache"},
		{name: "host folder leads inside",
			link: func(dir, host, out string) (string, string) { return host, filepath.Join(dir, "elsewhere") }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			base := t.TempDir()
			dir, outside := filepath.Join(base, "cache"), filepath.Join(base, "outside")
			for _, d := range []string{dir, outside, filepath.Join(dir, "elsewhere")} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			secret := filepath.Join(outside, "good.log")
			if err := os.WriteFile(secret, []byte("secret"), 0o644); err != nil {
				t.Fatal(err)
			}
			at, to := tc.link(dir, s.hostDir(dir), outside)
			if err := os.MkdirAll(filepath.Dir(at), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(to, at); err != nil {
				t.Skipf("no symlinks here: %v", err)
			}
			before := s.hitCounts()
			paths, errs := (&Cache{Dir: dir, Client: s.Client()}).Fetch(context.Background(), []string{u}, 1)
			if tc.wantErr == "" {
				if len(errs) > 0 {
					t.Fatalf("Fetch: %v", errs)
				}
				if got := readFile(t, filepath.Join(dir, "elsewhere", "data", "good.log")); got != goodBody {
					t.Errorf("file through the link = %q", got)
				}
				return
			}
			if len(paths) != 0 || len(errs) != 1 || !errors.Is(errs[0], ErrBadURL) ||
				!strings.Contains(errs[0].Error(), tc.wantErr) {
				t.Fatalf("Fetch = %v, %v; want an ErrBadURL with %q", paths, errs, tc.wantErr)
			}
			if d := cmp.Diff([]string{"good.log"}, files(t, outside)); d != "" {
				t.Errorf("files outside the cache (-want +got):\n%s", d)
			}
			if got := readFile(t, secret); got != "secret" {
				t.Errorf("the file outside the cache now holds %q", got)
			}
			if d := cmp.Diff(before, s.hitCounts()); d != "" {
				t.Errorf("a request was made (-before +after):\n%s", d)
			}
		})
	}
}

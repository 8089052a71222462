// Package lsptest is a language server client for tests: it speaks the
// base protocol over pipes to a server, as an editor does over the
// server's standard input and output.
package lsptest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"net/url"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// Client speaks to a server over pipes as an editor does over the
// server's standard input and output.
type Client struct {
	t      testing.TB
	w      io.WriteCloser
	mu     sync.Mutex
	nextID int
	calls  map[int]chan rawMessage
	notes  chan rawMessage
	done   chan error
}

// rawMessage is any message from the server.
type rawMessage struct {
	ID     *int            `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// Start runs serve on pipes and initializes the server with root as the
// workspace folder; the test's cleanup shuts it down.
func Start(t testing.TB, root string, serve func(in io.Reader, out io.Writer) error) *Client {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	c := &Client{t: t, w: inW, calls: map[int]chan rawMessage{}, notes: make(chan rawMessage, 1024), done: make(chan error, 1)}
	go func() {
		c.done <- serve(inR, outW)
		outW.Close()
	}()
	go c.readLoop(bufio.NewReader(outR))
	t.Cleanup(func() {
		c.Request("shutdown", nil, nil)
		c.Notify("exit", nil)
		inW.Close()
		select {
		case err := <-c.done:
			if err != nil {
				t.Errorf("server: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("the server did not stop after exit")
		}
	})
	var res protocol.InitializeResult
	uri := URI(root)
	c.Request("initialize", map[string]any{"processId": nil, "rootUri": uri,
		"workspaceFolders": []map[string]string{{"uri": uri, "name": "root"}}, "capabilities": map[string]any{}}, &res)
	c.Notify("initialized", map[string]any{})
	return c
}

func (c *Client) readLoop(r *bufio.Reader) {
	tp := textproto.NewReader(r)
	for {
		hdr, err := tp.ReadMIMEHeader()
		if err != nil {
			close(c.notes)
			return
		}
		n, _ := strconv.Atoi(hdr.Get("Content-Length"))
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			close(c.notes)
			return
		}
		var m rawMessage
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("bad message from the server: %v: %s", err, body)
			continue
		}
		if m.Method != "" {
			c.notes <- m
			continue
		}
		c.mu.Lock()
		ch := c.calls[*m.ID]
		c.mu.Unlock()
		ch <- m
	}
}

func (c *Client) send(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	if _, err := fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(b), b); err != nil {
		c.t.Fatal(err)
	}
}

// Request sends a request and decodes its result into out.
func (c *Client) Request(method string, params, out any) {
	c.t.Helper()
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan rawMessage, 1)
	c.calls[id] = ch
	c.mu.Unlock()
	c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	select {
	case m := <-ch:
		if m.Error != nil {
			c.t.Fatalf("%s: error %d: %s", method, m.Error.Code, m.Error.Message)
		}
		if out != nil {
			if err := json.Unmarshal(m.Result, out); err != nil {
				c.t.Fatalf("%s: %v: %s", method, err, m.Result)
			}
		}
	case <-time.After(120 * time.Second):
		c.t.Fatalf("%s: no answer", method)
	}
}

// Notify sends a notification.
func (c *Client) Notify(method string, params any) {
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// Diag is a diagnostic as the client reads it (glsp's code type does not
// decode).
type Diag struct {
	Range    protocol.Range `json:"range"`
	Severity int            `json:"severity"`
	Code     string         `json:"code"`
	Source   string         `json:"source"`
	Message  string         `json:"message"`
}

// Open opens a document and returns the diagnostics published for it.
func (c *Client) Open(uri, text string) []Diag {
	c.t.Helper()
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
	return c.Diagnostics(uri)
}

// Change replaces a document's text and returns its new diagnostics.
func (c *Client) Change(uri, text string, version int) []Diag {
	c.t.Helper()
	c.Notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": []map[string]any{{"text": text}}})
	return c.Diagnostics(uri)
}

// Diagnostics waits for the next diagnostics of uri.
func (c *Client) Diagnostics(uri string) []Diag {
	c.t.Helper()
	for {
		select {
		case m, ok := <-c.notes:
			if !ok {
				c.t.Fatal("the server closed the stream")
			}
			if m.Method != "textDocument/publishDiagnostics" {
				continue
			}
			var p struct {
				URI         string `json:"uri"`
				Diagnostics []Diag `json:"diagnostics"`
			}
			if err := json.Unmarshal(m.Params, &p); err != nil {
				c.t.Fatal(err)
			}
			if p.URI == uri {
				return p.Diagnostics
			}
		case <-time.After(120 * time.Second):
			c.t.Fatalf("no diagnostics for %s", uri)
		}
	}
}

// WaitNote waits for the next notification of a method.
func (c *Client) WaitNote(method string) json.RawMessage {
	c.t.Helper()
	for {
		select {
		case m := <-c.notes:
			if m.Method == method {
				return m.Params
			}
		case <-time.After(120 * time.Second):
			c.t.Fatalf("no %s", method)
		}
	}
}

// DocPos is the params of a request at a position of a document.
func DocPos(uri string, p protocol.Position) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri}, "position": p}
}

// URI is the file: URI of a path.
func URI(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

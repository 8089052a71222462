package lsp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"sync"
	"testing"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// client speaks to a server over pipes as an editor does over the
// server's standard input and output.
type client struct {
	t      testing.TB
	w      io.WriteCloser
	mu     sync.Mutex
	nextID int
	calls  map[int]chan rawMessage
	notes  chan rawMessage
	done   chan error
}

type rawMessage struct {
	ID     *int            `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  *rpcError       `json:"error"`
}

// startServer runs a server with opt on pipes and initializes it with
// root as the workspace folder.
func startServer(t testing.TB, root string, opt Options) *client {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	c := &client{t: t, w: inW, calls: map[int]chan rawMessage{}, notes: make(chan rawMessage, 1024), done: make(chan error, 1)}
	go func() {
		c.done <- Serve(inR, outW, opt)
		outW.Close()
	}()
	go c.readLoop(bufio.NewReader(outR))
	t.Cleanup(func() {
		c.request("shutdown", nil, nil)
		c.notify("exit", nil)
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
	uri := pathToURI(root)
	c.request("initialize", map[string]any{"processId": nil, "rootUri": uri,
		"workspaceFolders": []map[string]string{{"uri": uri, "name": "root"}}, "capabilities": map[string]any{}}, &res)
	c.notify("initialized", map[string]any{})
	return c
}

func (c *client) readLoop(r *bufio.Reader) {
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

func (c *client) send(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	if _, err := fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(b), b); err != nil {
		c.t.Fatal(err)
	}
}

// request sends a request and decodes its result into out.
func (c *client) request(method string, params, out any) {
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

func (c *client) notify(method string, params any) {
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// diag is a diagnostic as the client reads it (glsp's code type does not
// decode).
type diag struct {
	Range    protocol.Range `json:"range"`
	Severity int            `json:"severity"`
	Code     string         `json:"code"`
	Source   string         `json:"source"`
	Message  string         `json:"message"`
}

// open opens a document and returns the diagnostics published for it.
func (c *client) open(uri, text string) []diag {
	c.t.Helper()
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
	return c.diagnostics(uri)
}

// change replaces a document's text and returns its new diagnostics.
func (c *client) change(uri, text string, version int) []diag {
	c.t.Helper()
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": []map[string]any{{"text": text}}})
	return c.diagnostics(uri)
}

// diagnostics waits for the next diagnostics of uri.
func (c *client) diagnostics(uri string) []diag {
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
				Diagnostics []diag `json:"diagnostics"`
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

// waitNote waits for the next notification of a method.
func (c *client) waitNote(method string) json.RawMessage {
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

func pos(line, char int) map[string]any {
	return map[string]any{"line": line, "character": char}
}

func docPos(uri string, line, char int) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos(line, char)}
}

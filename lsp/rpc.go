package lsp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"strings"
	"sync"

	"github.com/tliron/glsp"
)

// The base protocol: each message is a JSON-RPC 2.0 object after a
// Content-Length header (LSP 3.16, "Base Protocol"). glsp's own server
// serves only the process's stdin and stdout and brings a logging stack
// and a websocket library with it; the protocol types and the dispatch
// (glsp.Handler) are all spelunk needs from it, so the framing is here,
// and tests drive the same code over pipes.

// message is any JSON-RPC message as read.
type message struct {
	JSONRPC string           `json:"jsonrpc"`
	ID      *json.RawMessage `json:"id,omitempty"`
	Method  string           `json:"method,omitempty"`
	Params  json.RawMessage  `json:"params,omitempty"`
}

// response is a reply to a request; Result is written even when null.
type response struct {
	JSONRPC string           `json:"jsonrpc"`
	ID      *json.RawMessage `json:"id"`
	Result  any              `json:"result"`
	Error   *rpcError        `json:"error,omitempty"`
}

type errorResponse struct {
	JSONRPC string           `json:"jsonrpc"`
	ID      *json.RawMessage `json:"id"`
	Error   *rpcError        `json:"error"`
}

type notification struct {
	JSONRPC string `json:"jsonrpc"`
	Method  string `json:"method"`
	Params  any    `json:"params"`
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// JSON-RPC error codes.
const (
	codeParseError     = -32700
	codeInvalidParams  = -32602
	codeMethodNotFound = -32601
	codeInternalError  = -32603
)

// conn reads and writes framed messages; writes may come from several
// goroutines (a long command answers while diagnostics go out).
type conn struct {
	r   *bufio.Reader
	w   io.Writer
	wmu sync.Mutex
}

func newConn(r io.Reader, w io.Writer) *conn {
	return &conn{r: bufio.NewReaderSize(r, 64<<10), w: w}
}

// read returns the next message's body, or io.EOF when the stream ends.
func (c *conn) read() ([]byte, error) {
	tp := textproto.NewReader(c.r)
	hdr, err := tp.ReadMIMEHeader()
	if err != nil {
		if err == io.EOF || strings.Contains(err.Error(), "EOF") {
			return nil, io.EOF
		}
		return nil, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(hdr.Get("Content-Length")))
	if err != nil || n < 0 || n > 64<<20 {
		return nil, fmt.Errorf("bad Content-Length %q", hdr.Get("Content-Length"))
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(c.r, body); err != nil {
		return nil, err
	}
	return body, nil
}

// write sends one message.
func (c *conn) write(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if _, err := fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n", len(b)); err != nil {
		return err
	}
	_, err = c.w.Write(b)
	return err
}

func (c *conn) notify(method string, params any) {
	_ = c.write(notification{JSONRPC: "2.0", Method: method, Params: params})
}

// reply answers a request with what a glsp handler returned.
func (c *conn) reply(id *json.RawMessage, r any, validMethod, validParams bool, err error) {
	var e *rpcError
	switch {
	case !validMethod:
		e = &rpcError{codeMethodNotFound, "method not supported"}
	case !validParams:
		msg := "invalid params"
		if err != nil {
			msg = err.Error()
		}
		e = &rpcError{codeInvalidParams, msg}
	case err != nil:
		e = &rpcError{codeInternalError, err.Error()}
	}
	if e != nil {
		_ = c.write(errorResponse{JSONRPC: "2.0", ID: id, Error: e})
		return
	}
	_ = c.write(response{JSONRPC: "2.0", ID: id, Result: r})
}

// serve reads messages until exit or the end of input and hands each to
// h. Messages are handled in order, so a change is seen before the next
// request; the methods in async run on their own (a test run may take
// seconds) and answer when done.
func serve(c *conn, h glsp.Handler, async map[string]bool) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		body, err := c.read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			_ = c.write(errorResponse{JSONRPC: "2.0", Error: &rpcError{codeParseError, err.Error()}})
			continue
		}
		ctx := &glsp.Context{Method: m.Method, Params: m.Params, Notify: c.notify,
			Call: func(string, any, any) {}}
		if len(ctx.Params) == 0 {
			ctx.Params = json.RawMessage("null")
		}
		handle := func() {
			r, vm, vp, err := h.Handle(ctx)
			if m.ID != nil {
				c.reply(m.ID, r, vm, vp, err)
			}
		}
		if m.Method == "exit" {
			handle()
			return nil
		}
		if async[m.Method] {
			wg.Add(1)
			go func() {
				defer wg.Done()
				handle()
			}()
			continue
		}
		handle()
	}
}

// Package lsp is spelunk's language server: SPL help where detections are
// written (detection and macro YAML, .spl files, macros.conf and
// savedsearches.conf), over the Language Server Protocol 3.16.
// Diagnostics come from the parser, the macro expander, the function
// registries, the CIM and the validate rules; hover and completion from
// the same registries that `spelunk help` prints; code lenses run
// `spelunk test` and `spelunk explain` on a detection.
package lsp

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/macros"
)

// Options configure a Server.
type Options struct {
	// Exec runs spelunk with args for the code lenses' commands and
	// writes what it prints to out; nil leaves the lenses out.
	Exec func(ctx context.Context, args []string, out io.Writer) error
	// Today is the date validate compares content dates with
	// (YYYY-MM-DD); empty means the current day.
	Today string
	// Version is shown to the client.
	Version string
	// DataDir is a local copy of splunk/attack_data and CacheDir the
	// folder of downloaded attack data, as spelunk test's --data-dir and
	// --cache-dir; the lenses pass them on, and explain reads its data
	// from them (CacheDir empty: attackdata.DefaultDir).
	DataDir, CacheDir string
}

// Server holds the open documents and the workspaces they belong to.
type Server struct {
	opt     Options
	handler protocol.Handler

	mu         sync.Mutex
	docs       map[string]*document
	folders    []string
	workspaces map[string]*workspaceSlot

	cimOnce sync.Once
	cimBase *datamodel.Base
}

// workspaceSlot loads a workspace once, however many ask for it at once.
type workspaceSlot struct {
	once sync.Once
	w    *workspace
}

// Serve runs a server on a stream (the process's standard input and
// output for `spelunk lsp`) until the client sends exit or closes it.
func Serve(in io.Reader, out io.Writer, opt Options) error {
	s := New(opt)
	return serve(newConn(in, out), &s.handler, map[string]bool{protocol.MethodWorkspaceExecuteCommand: true})
}

// New makes a server; Serve runs one.
func New(opt Options) *Server {
	s := &Server{opt: opt, docs: map[string]*document{}, workspaces: map[string]*workspaceSlot{}}
	s.handler = protocol.Handler{
		Initialize:                      s.initialize,
		Initialized:                     func(*glsp.Context, *protocol.InitializedParams) error { return nil },
		Shutdown:                        func(*glsp.Context) error { return nil },
		Exit:                            func(*glsp.Context) error { return nil },
		SetTrace:                        func(*glsp.Context, *protocol.SetTraceParams) error { return nil },
		CancelRequest:                   func(*glsp.Context, *protocol.CancelParams) error { return nil },
		TextDocumentDidOpen:             s.didOpen,
		TextDocumentDidChange:           s.didChange,
		TextDocumentDidSave:             func(*glsp.Context, *protocol.DidSaveTextDocumentParams) error { return nil },
		TextDocumentDidClose:            s.didClose,
		TextDocumentHover:               s.hover,
		TextDocumentCompletion:          s.completion,
		TextDocumentDefinition:          s.definition,
		TextDocumentReferences:          s.references,
		TextDocumentCodeLens:            s.codeLens,
		WorkspaceExecuteCommand:         s.executeCommand,
		WorkspaceDidChangeConfiguration: func(*glsp.Context, *protocol.DidChangeConfigurationParams) error { return nil },
	}
	return s
}

// Commands the code lenses run.
const (
	cmdRunTests = "spelunk.runTests"
	cmdExplain  = "spelunk.explain"
)

func (s *Server) initialize(ctx *glsp.Context, p *protocol.InitializeParams) (any, error) {
	var folders []string
	for _, f := range p.WorkspaceFolders {
		if path := uriToPath(f.URI); path != "" {
			folders = append(folders, path)
		}
	}
	if len(folders) == 0 && p.RootURI != nil {
		if path := uriToPath(*p.RootURI); path != "" {
			folders = append(folders, path)
		}
	}
	if len(folders) == 0 && p.RootPath != nil && *p.RootPath != "" {
		folders = append(folders, *p.RootPath)
	}
	s.mu.Lock()
	s.folders = folders
	s.mu.Unlock()
	yes := true
	caps := protocol.ServerCapabilities{
		TextDocumentSync: protocol.TextDocumentSyncOptions{OpenClose: &yes, Change: ptr(protocol.TextDocumentSyncKindFull)},
		HoverProvider:    true,
		CompletionProvider: &protocol.CompletionOptions{
			TriggerCharacters: []string{"|", "`", ".", "=", " ", "("},
		},
		DefinitionProvider: true,
		ReferencesProvider: true,
	}
	if s.opt.Exec != nil {
		caps.CodeLensProvider = &protocol.CodeLensOptions{}
		caps.ExecuteCommandProvider = &protocol.ExecuteCommandOptions{Commands: []string{cmdRunTests, cmdExplain}}
	}
	version := s.opt.Version
	return protocol.InitializeResult{Capabilities: caps, ServerInfo: &protocol.InitializeResultServerInfo{Name: "spelunk", Version: &version}}, nil
}

func ptr[T any](v T) *T { return &v }

func (s *Server) didOpen(ctx *glsp.Context, p *protocol.DidOpenTextDocumentParams) error {
	s.setText(ctx, p.TextDocument.URI, p.TextDocument.Text, p.TextDocument.Version)
	return nil
}

func (s *Server) didChange(ctx *glsp.Context, p *protocol.DidChangeTextDocumentParams) error {
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	s.mu.Unlock()
	text := ""
	if d != nil {
		text = d.text
	}
	for _, c := range p.ContentChanges {
		switch c := c.(type) {
		case protocol.TextDocumentContentChangeEventWhole:
			text = c.Text
		case protocol.TextDocumentContentChangeEvent:
			if c.Range != nil {
				l := newLines(text)
				a, b := l.offset(c.Range.Start), l.offset(c.Range.End)
				text = text[:a] + c.Text + text[max(a, b):]
			} else {
				text = c.Text
			}
		}
	}
	s.setText(ctx, p.TextDocument.URI, text, p.TextDocument.Version)
	return nil
}

// setText analyses a document's new text and publishes its diagnostics.
func (s *Server) setText(ctx *glsp.Context, uri, text string, version int32) {
	d := newDocument(uri, text, version)
	s.mu.Lock()
	s.docs[uri] = d
	s.mu.Unlock()
	if d.path != "" {
		s.workspaceFor(d.path).update(d.path, text)
	}
	s.publish(ctx, d)
	if d.kind != kindMacroYAML && d.kind != kindConf {
		return
	}
	// A macro changed: the other open files of its workspace may call it.
	w := s.workspaceFor(d.path)
	s.mu.Lock()
	var others []*document
	for _, o := range s.docs {
		if o != d && o.path != "" {
			others = append(others, o)
		}
	}
	s.mu.Unlock()
	for _, o := range others {
		if s.workspaceFor(o.path) == w {
			s.publish(ctx, o)
		}
	}
}

func (s *Server) publish(ctx *glsp.Context, d *document) {
	v := protocol.UInteger(d.version)
	ctx.Notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{
		URI: d.uri, Version: &v, Diagnostics: s.diagnostics(d)})
}

func (s *Server) didClose(ctx *glsp.Context, p *protocol.DidCloseTextDocumentParams) error {
	s.mu.Lock()
	delete(s.docs, p.TextDocument.URI)
	s.mu.Unlock()
	ctx.Notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{
		URI: p.TextDocument.URI, Diagnostics: []protocol.Diagnostic{}})
	return nil
}

func (s *Server) doc(uri string) *document {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.docs[uri]
}

// workspaceFor returns the workspace a file belongs to: the content
// repository holding it (the nearest folder above it with detections/),
// else the client's workspace folder holding it, else its own folder.
func (s *Server) workspaceFor(path string) *workspace {
	if path == "" { // not a file: no folder to read
		return s.slot("").get("", s.opt.Today)
	}
	root := repoRoot(path)
	if root == "" {
		s.mu.Lock()
		for _, f := range s.folders {
			if (path == f || strings.HasPrefix(path, f+string(filepath.Separator))) && len(f) > len(root) {
				root = f
			}
		}
		s.mu.Unlock()
	}
	if root == "" {
		root = filepath.Dir(path)
	}
	return s.slot(root).get(root, s.opt.Today)
}

func (s *Server) slot(root string) *workspaceSlot {
	s.mu.Lock()
	defer s.mu.Unlock()
	slot := s.workspaces[root]
	if slot == nil {
		slot = &workspaceSlot{}
		s.workspaces[root] = slot
	}
	return slot
}

func (slot *workspaceSlot) get(root, today string) *workspace {
	slot.once.Do(func() { slot.w = loadWorkspace(root, today) })
	return slot.w
}

// repoRoot is the nearest folder above path that holds detections/.
func repoRoot(path string) string {
	dir := filepath.Dir(path)
	for {
		if st, err := os.Stat(filepath.Join(dir, "detections")); err == nil && st.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// cim is the built-in knowledge, or nil if it cannot load.
func (s *Server) cim() *datamodel.Base {
	s.cimOnce.Do(func() {
		if b, err := datamodel.Builtin(); err == nil {
			s.cimBase = b
		}
	})
	return s.cimBase
}

// macroSet is the workspace's macros; the set is shared, so callers only
// read it.
func (w *workspace) macroSet() *macros.Set {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.macros
}

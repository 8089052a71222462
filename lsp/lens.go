package lsp

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/spelunk-dev/spelunk/attackdata"
	"github.com/spelunk-dev/spelunk/content"
)

// codeLens offers, on a detection with tests, to run them and to explain
// its search on the first test's data.
func (s *Server) codeLens(ctx *glsp.Context, p *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	d := s.doc(p.TextDocument.URI)
	if d == nil || d.det == nil || s.opt.Exec == nil {
		return []protocol.CodeLens{}, nil
	}
	line := max(d.det.SearchLine-1, 0)
	rng := protocol.Range{Start: protocol.Position{Line: protocol.UInteger(line)}, End: protocol.Position{Line: protocol.UInteger(line)}}
	if len(d.det.Tests) == 0 {
		return []protocol.CodeLens{}, nil
	}
	args := []any{p.TextDocument.URI}
	return []protocol.CodeLens{
		{Range: rng, Command: &protocol.Command{Title: fmt.Sprintf("▶ run tests (%d)", len(d.det.Tests)), Command: cmdRunTests, Arguments: args}},
		{Range: rng, Command: &protocol.Command{Title: "explain on its test data", Command: cmdExplain, Arguments: args}},
	}, nil
}

// executeCommand runs spelunk for a lens and shows what it printed: the
// last line as a message, the whole as a log message and as the result.
func (s *Server) executeCommand(ctx *glsp.Context, p *protocol.ExecuteCommandParams) (any, error) {
	if s.opt.Exec == nil {
		return nil, fmt.Errorf("this server runs no commands")
	}
	if len(p.Arguments) != 1 {
		return nil, fmt.Errorf("%s takes the detection's URI", p.Command)
	}
	uri, _ := p.Arguments[0].(string)
	path := uriToPath(uri)
	if st, err := os.Stat(path); path == "" || err != nil || !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a detection file", uri)
	}
	var args []string
	switch p.Command {
	case cmdRunTests:
		args = append([]string{"test"}, s.dataFlags()...)
		args = append(args, path)
	case cmdExplain:
		var err error
		if args, err = s.explainArgs(path); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown command %q", p.Command)
	}
	var out bytes.Buffer
	err := s.opt.Exec(context.Background(), args, &out)
	text := out.String()
	summary := lastLine(text)
	typ := protocol.MessageTypeInfo
	if err != nil {
		typ = protocol.MessageTypeWarning
		summary = strings.TrimSpace(summary + " (" + err.Error() + ")")
	}
	title := "spelunk " + strings.Join(args[:1], " ")
	ctx.Notify(protocol.ServerWindowLogMessage, protocol.LogMessageParams{Type: protocol.MessageTypeLog, Message: title + "\n" + text})
	ctx.Notify(protocol.ServerWindowShowMessage, protocol.ShowMessageParams{Type: typ, Message: title + ": " + summary})
	return text, nil
}

// dataFlags pass the server's data folders on to spelunk test.
func (s *Server) dataFlags() []string {
	var out []string
	if s.opt.DataDir != "" {
		out = append(out, "--data-dir", s.opt.DataDir)
	}
	if s.opt.CacheDir != "" {
		out = append(out, "--cache-dir", s.opt.CacheDir)
	}
	return out
}

// explainArgs explains the detection on its first test's first data file
// that is on this machine: a local file, a file of the data folder, or
// one a test run downloaded (the cache is read, never filled).
func (s *Server) explainArgs(path string) ([]string, error) {
	det, err := content.LoadDetection(path)
	if err != nil {
		return nil, err
	}
	cache := attackdata.Cache{Dir: s.opt.CacheDir, Offline: true}
	for _, t := range det.Tests {
		for _, ad := range t.AttackData {
			src, err := attackdata.Locate(ad.Data, s.opt.DataDir, path)
			if err != nil {
				continue
			}
			if src.URL != "" {
				got, _ := cache.Fetch(context.Background(), []string{src.URL}, 1)
				src.Path = got[src.URL]
			}
			if src.Path == "" {
				continue
			}
			args := []string{"explain", "--detection", path, "--data", src.Path}
			if ad.Sourcetype != "" {
				args = append(args, "--sourcetype", ad.Sourcetype)
			}
			if ad.Source != "" {
				args = append(args, "--source", ad.Source)
			}
			return args, nil
		}
	}
	return []string{"explain", "--detection", path}, nil
}

func lastLine(text string) string {
	ls := strings.Split(strings.TrimSpace(text), "\n")
	return strings.TrimSpace(ls[len(ls)-1])
}

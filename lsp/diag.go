package lsp

import (
	"fmt"
	"strings"
	"unicode/utf8"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/spelunk-dev/spelunk/content/validate"
	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/macros"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/spl"
)

// ownRules are the validate rules whose problems the server finds itself,
// with their exact range in the file rather than a line and column.
var ownRules = map[string]bool{"spl": true, "macro": true, "datamodel": true}

// analysis is a region's SPL expanded and parsed.
type analysis struct {
	exp  *macros.Expansion
	pipe *spl.Pipeline
	// errs, warns (data model names) and info (notices) are positioned
	// in the region's text.
	errs, warns, info []*spl.Error
}

// analyse expands the region with the workspace's macros and, for a
// whole search, parses it and checks the names it uses.
func analyse(r *region, set *macros.Set, cim *datamodel.Base) analysis {
	var a analysis
	if !r.whole {
		exp, err := set.Expand(r.text, macros.Options{})
		a.exp = exp
		a.errs = splErrors(err)
		return a
	}
	exp, pipe, errs, notices := runner.ExpandAndParse(r.text, set)
	a.exp, a.pipe = exp, pipe
	for _, e := range errs {
		if exp != nil {
			e = exp.MapError(e) // a parse error is positioned in the expanded text
		}
		a.errs = append(a.errs, e)
	}
	for _, n := range notices {
		a.info = append(a.info, &spl.Error{Pos: n.Pos, End: n.End, Msg: n.Msg})
	}
	if pipe == nil {
		return a
	}
	for _, e := range unknownFunctions(pipe) {
		a.errs = append(a.errs, exp.MapError(e))
	}
	if cim != nil {
		for _, e := range datamodel.CheckNames(cim, pipe) {
			a.warns = append(a.warns, exp.MapError(e))
		}
	}
	return a
}

func splErrors(err error) []*spl.Error {
	if err == nil {
		return nil
	}
	if list := spl.AsErrors(err); list != nil {
		return list
	}
	return []*spl.Error{{Msg: err.Error()}}
}

// unknownFunctions finds eval and statistical functions no registry
// knows; the engine would refuse them only when the search runs.
func unknownFunctions(p *spl.Pipeline) []*spl.Error {
	var out []*spl.Error
	call := func(c *spl.CallExpr) {
		if _, ok := engine.LookupFunction(c.Name); ok {
			return
		}
		e := &spl.Error{Pos: c.Start, End: c.Start + len(c.Name), Msg: fmt.Sprintf("unknown function %q", c.Name)}
		if s := spl.Suggest(c.Name, engine.FunctionNames()); s != "" {
			e.Hint = fmt.Sprintf("did you mean %q?", s)
		}
		out = append(out, e)
	}
	agg := func(a *spl.Aggregation) {
		if a.Func == "" || a.IsEvalOfAggs() || a.Sparkline != nil {
			return
		}
		if _, ok := engine.LookupAggregation(a.Func); ok {
			return
		}
		e := &spl.Error{Pos: a.Start, End: a.Start + len(a.Func), Msg: fmt.Sprintf("unknown statistical function %q", a.Func)}
		if s := spl.Suggest(a.Func, engine.AggregationNames()); s != "" {
			e.Hint = fmt.Sprintf("did you mean %q?", s)
		}
		out = append(out, e)
	}
	spl.Walk(p, func(n spl.Node) bool {
		switch x := n.(type) {
		case *spl.CallExpr:
			call(x)
		case *spl.Aggregation:
			agg(x)
		case spl.Aggregation:
			agg(&x)
		}
		return true
	})
	return out
}

// fileSpan maps an error positioned in a region's text to the file.
func (r *region) fileSpan(e *spl.Error) (int, int, []string) {
	if r.search != nil {
		m := runner.ToFile(r.search, e)
		return m.Pos, m.End, m.Notes
	}
	pos, _ := r.toFile(e.Pos)
	end := pos + 1
	if e.End > e.Pos {
		last, _ := r.toFile(e.End - 1)
		end = max(last+1, pos+1)
	}
	notes := e.Notes
	if r.label != "search" {
		notes = append(append([]string(nil), notes...), "in "+r.label)
	}
	return pos, end, notes
}

// diagnostics computes a document's diagnostics: its SPL's errors and
// warnings, and the validate rules of its file.
func (s *Server) diagnostics(d *document) []protocol.Diagnostic {
	out := []protocol.Diagnostic{}
	seen := map[string]bool{}
	add := func(start, end int, sev protocol.DiagnosticSeverity, code, msg string) {
		rng := d.lines.rng(start, end)
		// A drilldown holds the detection's search: the same problem
		// there differs only by its note.
		first, _, _ := strings.Cut(msg, "\n")
		key := fmt.Sprint(rng, first)
		if seen[key] {
			return
		}
		seen[key] = true
		out = append(out, diagnostic(rng, sev, code, msg))
	}
	w := s.workspaceFor(d.path)
	cim := s.cim()
	for i := range d.regions {
		r := &d.regions[i]
		a := analyse(r, w.macroSet(), cim)
		for _, e := range a.errs {
			start, end, notes := r.fileSpan(e)
			add(start, end, protocol.DiagnosticSeverityError, "spl", diagMessage(e, notes))
		}
		for _, e := range a.warns {
			start, end, notes := r.fileSpan(e)
			add(start, end, protocol.DiagnosticSeverityWarning, "datamodel", diagMessage(e, notes))
		}
		for _, e := range a.info {
			start, end, _ := r.fileSpan(e)
			add(start, end, protocol.DiagnosticSeverityHint, "notice", e.Msg)
		}
	}
	if d.yamlErr != nil {
		line := yamlErrLine(d.yamlErr)
		start := 0
		if line-1 < len(d.lines.starts) {
			start = d.lines.starts[line-1]
		}
		add(start, lineEnd(d.text, start), protocol.DiagnosticSeverityError, "yaml", d.yamlErr.Error())
	}
	if v := w.validator(); v != nil {
		for _, p := range v.CheckFile(d.path, []byte(d.text)) {
			if ownRules[p.Rule] || (p.Rule == "yaml" && d.yamlErr != nil) {
				continue
			}
			start := d.lines.offsetLineCol(p.Line, p.Col)
			a, b := wordAt(d.text, start)
			if b <= start {
				a, b = start, lineEnd(d.text, start)
			}
			sev := protocol.DiagnosticSeverityError
			if p.Severity == validate.Warning {
				sev = protocol.DiagnosticSeverityWarning
			}
			add(min(a, start), b, sev, p.Rule, p.Message)
		}
	}
	return out
}

func diagMessage(e *spl.Error, notes []string) string {
	msg := e.Error()
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	for _, n := range notes {
		msg += "\n" + n
	}
	return msg
}

func diagnostic(rng protocol.Range, sev protocol.DiagnosticSeverity, code, msg string) protocol.Diagnostic {
	src := "spelunk"
	return protocol.Diagnostic{Range: rng, Severity: &sev, Code: &protocol.IntegerOrString{Value: code}, Source: &src, Message: msg}
}

// offsetLineCol converts a 1-based line and a 1-based column counted in
// characters (spl.LineCol's) to a byte offset.
func (l *lines) offsetLineCol(line, col int) int {
	if line < 1 || line > len(l.starts) {
		return 0
	}
	off := l.starts[line-1]
	for c := 1; c < col && off < len(l.text) && l.text[off] != '\n'; c++ {
		_, w := utf8.DecodeRuneInString(l.text[off:])
		off += w
	}
	return off
}

func lineEnd(text string, off int) int {
	if i := strings.IndexByte(text[off:], '\n'); i >= 0 {
		return off + i
	}
	return len(text)
}

// yamlErrLine reads the line of a yaml error ("yaml: line 3: ..."), 1 if
// it names none.
func yamlErrLine(err error) int {
	var n int
	msg := err.Error()
	if i := strings.Index(msg, "line "); i >= 0 {
		fmt.Sscanf(msg[i+5:], "%d", &n)
	}
	return max(n, 1)
}

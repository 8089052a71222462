package lsp

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/macros"
	"github.com/spelunk-dev/spelunk/spl"
)

// cursor is a position in a document's SPL.
type cursor struct {
	d   *document
	r   *region
	off int // in r.text
	w   *workspace
}

func (s *Server) cursorAt(uri string, pos protocol.Position) (*cursor, bool) {
	d := s.doc(uri)
	if d == nil || d.path == "" {
		return nil, false
	}
	r, off, ok := d.regionAt(d.lines.offset(pos))
	if !ok {
		return nil, false
	}
	return &cursor{d: d, r: r, off: off, w: s.workspaceFor(d.path)}, true
}

// fileRange converts a span of the region's text to a range of the file.
func (c *cursor) fileRange(a, b int) protocol.Range {
	start, _ := c.r.toFile(a)
	end := start
	if b > a {
		last, _ := c.r.toFile(b - 1)
		end = max(last+1, start)
	}
	return c.d.lines.rng(start, end)
}

// macroCall is a backtick call around the cursor: its name, arguments
// and span (backticks included) in the region's text.
type macroCall struct {
	name       string
	args       []string
	start, end int
}

// macroCallAt finds the backtick call holding off: the text between the
// backtick before it and the next, when an odd number come before it.
func macroCallAt(text string, off int) (macroCall, bool) {
	open := -1
	for i := 0; i < len(text) && i < off; i++ {
		if text[i] != '`' {
			continue
		}
		if strings.HasPrefix(text[i:], "```") { // a comment: skip to its end
			j := strings.Index(text[i+3:], "```")
			if j < 0 || i+3+j+3 > off {
				return macroCall{}, false
			}
			i += 3 + j + 2
			continue
		}
		if open < 0 {
			open = i
		} else {
			open = -1
		}
	}
	if open < 0 {
		return macroCall{}, false
	}
	close := strings.IndexByte(text[off:], '`')
	body := text[open+1:]
	end := len(text)
	if close >= 0 {
		body, end = text[open+1:off+close], off+close+1
	}
	name, rest, hasArgs := strings.Cut(body, "(")
	c := macroCall{name: strings.TrimSpace(name), start: open, end: end}
	if hasArgs {
		rest = strings.TrimSuffix(strings.TrimSpace(rest), ")")
		for _, a := range splitTopLevel(rest) {
			c.args = append(c.args, strings.TrimSpace(a))
		}
	}
	return c, c.name != ""
}

// splitTopLevel splits macro arguments at commas outside quotes and
// parentheses.
func splitTopLevel(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	depth, quote, from := 0, byte(0), 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			out = append(out, s[from:i])
			from = i + 1
		}
	}
	return append(out, s[from:])
}

// commandBefore is the name of the command the offset is in: the word
// after the last pipe before it (the implied search when none).
func commandBefore(text string, off int) (string, bool) {
	i := strings.LastIndexAny(text[:min(off, len(text))], "|[")
	if i < 0 {
		return "search", false
	}
	rest := strings.TrimLeft(text[i+1:off], " \t\r\n")
	name, _, _ := strings.Cut(rest, " ")
	return strings.ToLower(strings.TrimSpace(name)), true
}

// startsCommand: the word at a is a command's name (after | or [).
func startsCommand(text string, a int) bool {
	i := lastNonSpace(text, a)
	return i >= 0 && (text[i] == '|' || text[i] == '[')
}

var statsCommands = map[string]bool{"stats": true, "tstats": true, "eventstats": true, "streamstats": true,
	"chart": true, "timechart": true, "sistats": true, "mstats": true, "top": true, "rare": true, "geostats": true}

func (s *Server) hover(ctx *glsp.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	c, ok := s.cursorAt(p.TextDocument.URI, p.Position)
	if !ok {
		return nil, nil
	}
	md, a, b := s.hoverText(c)
	if md == "" {
		return nil, nil
	}
	rng := c.fileRange(a, b)
	return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: md}, Range: &rng}, nil
}

// hoverText is the markdown shown at the cursor and the span it is about.
func (s *Server) hoverText(c *cursor) (string, int, int) {
	text := c.r.text
	if mc, ok := macroCallAt(text, c.off); ok {
		return s.macroHover(c, mc), mc.start, mc.end
	}
	a, b := wordAt(text, c.off)
	if a == b {
		return "", 0, 0
	}
	word := text[a:b]
	cmd, _ := commandBefore(text, a)
	switch {
	case startsCommand(text, a):
		if spec, ok := spl.LookupCommand(word); ok {
			return commandDoc(spec), a, b
		}
	case b < len(text) && text[b] == '(':
		if md := functionDoc(word, statsCommands[cmd]); md != "" {
			return md, a, b
		}
	case strings.HasSuffix(strings.ToLower(text[:a]), "datamodel="):
		if md := s.datasetDoc(word); md != "" {
			return md, a, b
		}
	case (cmd == "lookup" || cmd == "inputlookup") && len(c.w.lookupDefs(word)) > 0:
		return fmt.Sprintf("**lookup** `%s`, defined in %s", word, c.w.lookupDefs(word)[0].path), a, b
	}
	if strings.Contains(word, ".") {
		if md := s.fieldDoc(text, word); md != "" {
			return md, a, b
		}
	}
	if spec, ok := spl.LookupCommand(word); ok && a == 0 {
		return commandDoc(spec), a, b
	}
	return "", 0, 0
}

func commandDoc(spec *spl.CommandSpec) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (command)\n\n```spl\n%s\n```\n\n%s\n", spec.Name, spec.Syntax, spec.Doc)
	if len(spec.Aliases) > 0 {
		fmt.Fprintf(&b, "\nAliases: %s\n", strings.Join(spec.Aliases, ", "))
	}
	if !engine.Executable(spec.Name) {
		fmt.Fprintf(&b, "\nspelunk parses %s but cannot run it yet.", spec.Name)
		if why, ok := engine.NotRunReason(spec.Name); ok {
			fmt.Fprintf(&b, " Running it fails: %s.", why)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// functionDoc documents an eval or statistical function, the kind the
// command takes first.
func functionDoc(name string, stats bool) string {
	var parts []string
	if f, ok := engine.LookupFunction(name); ok {
		var b strings.Builder
		fmt.Fprintf(&b, "**%s** (%s evaluation function)\n\n```spl\n%s\n```\n\n%s\n", f.Name, f.Category, f.Usage, f.Doc)
		if len(f.Examples) > 0 {
			b.WriteString("\nExamples:\n")
			for _, ex := range f.Examples {
				want := ex.Want
				if want == "" {
					want = "null"
				}
				expr := ex.Expr
				if ex.Setup != "" {
					expr = "eval " + ex.Setup + " | eval x=" + ex.Expr
				}
				fmt.Fprintf(&b, "- `%s` → `%s`\n", expr, strings.ReplaceAll(want, "\n", " | "))
			}
		}
		parts = append(parts, b.String())
	}
	if a, ok := engine.LookupAggregation(name); ok {
		var b strings.Builder
		fmt.Fprintf(&b, "**%s** (%s statistical function)\n\n```spl\n%s\n```\n\n%s\n", a.Names[0], a.Category, a.Usage, a.Doc)
		if len(a.Examples) > 0 {
			b.WriteString("\nExamples:\n")
			for _, ex := range a.Examples {
				fmt.Fprintf(&b, "- `%s` → %s = `%s`\n", ex.Search, ex.Field, strings.ReplaceAll(ex.Want, "\n", " | "))
			}
		}
		if stats {
			parts = append([]string{b.String()}, parts...)
		} else {
			parts = append(parts, b.String())
		}
	}
	return strings.Join(parts, "\n---\n\n")
}

// macroHover shows a call's macro: where it is defined, its definition
// and what this call expands to.
func (s *Server) macroHover(c *cursor, mc macroCall) string {
	set := c.w.macroSet()
	m, ok := set.Lookup(mc.name, len(mc.args))
	if !ok {
		return fmt.Sprintf("**macro** `%s` with %d arguments is not defined", mc.name, len(mc.args))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**macro** `%s`", m.Stanza())
	if len(m.Args) > 0 {
		fmt.Fprintf(&b, " (args: %s)", strings.Join(m.Args, ", "))
	}
	fmt.Fprintf(&b, "\n\nDefined in %s\n\n```spl\n%s\n```\n", m.Origin, m.Definition)
	if m.Description != "" {
		fmt.Fprintf(&b, "\n%s\n", m.Description)
	}
	call := c.r.text[mc.start:min(mc.end, len(c.r.text))]
	if exp, err := set.Expand(call, macros.Options{}); err == nil {
		fmt.Fprintf(&b, "\nExpands to:\n\n```spl\n%s\n```\n", exp.Text)
	} else {
		fmt.Fprintf(&b, "\nIt does not expand: %v\n", err)
	}
	return b.String()
}

// datasetDoc describes a data model dataset.
func (s *Server) datasetDoc(name string) string {
	cim := s.cim()
	if cim == nil {
		return ""
	}
	d, err := cim.LookupDataset(name)
	if err != nil {
		return ""
	}
	fields := datasetFields(cim, d)
	return fmt.Sprintf("**%s** (data model dataset)\n\nConstraint: `%s`\n\n%d fields, prefixed `%s.` in tstats: %s\n",
		d.Name(), d.Constraint, len(fields), d.Object(), strings.Join(sortedKeys(fields), ", "))
}

// fieldDoc describes Dataset.field: the dataset, whether the field is
// declared or calculated, and which add-ons set it.
func (s *Server) fieldDoc(text, word string) string {
	cim := s.cim()
	if cim == nil {
		return ""
	}
	prefix, field, _ := strings.Cut(word, ".")
	d := datasetForPrefix(cim, text, prefix)
	if d == nil {
		return ""
	}
	fields := datasetFields(cim, d)
	kind, ok := fields[field]
	if !ok {
		msg := fmt.Sprintf("The **%s** dataset has no field `%s`", d.Name(), field)
		if sug := spl.Suggest(field, sortedKeys(fields)); sug != "" {
			msg += fmt.Sprintf("; did you mean `%s.%s`?", prefix, sug)
		}
		return msg
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (field of the %s dataset)\n\nType: %s\n", word, d.Name(), kind)
	fills := addonsFilling(cim, field)
	if len(fills) > 0 {
		b.WriteString("\nHow the add-ons fill it:\n")
		for i, f := range fills {
			if i == 12 {
				fmt.Fprintf(&b, "- ... and %d more\n", len(fills)-i)
				break
			}
			fmt.Fprintf(&b, "- %s\n", f)
		}
	} else {
		b.WriteString("\nNo add-on knowledge sets it; it comes from the event's own field of that name.\n")
	}
	return b.String()
}

// datasetForPrefix finds the dataset a field prefix (Processes) means:
// the one the search reads with datamodel= if its object matches, else
// the first dataset whose root object or last path element matches.
func datasetForPrefix(cim *datamodel.Base, text, prefix string) *datamodel.DatasetDef {
	for _, m := range datamodelRe().FindAllStringSubmatch(text, -1) {
		if d, err := cim.LookupDataset(m[1]); err == nil && (d.Object() == prefix || lastElem(d.Path) == prefix) {
			return d
		}
	}
	for _, d := range cim.Datasets {
		if d.Path == prefix {
			return d
		}
	}
	for _, d := range cim.Datasets {
		if lastElem(d.Path) == prefix {
			return d
		}
	}
	return nil
}

var datamodelRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)datamodel\s*=\s*"?([A-Za-z_][\w.]*)`) })

func lastElem(path string) string { return path[strings.LastIndexByte(path, '.')+1:] }

// datasetFields maps each field of a dataset to how it gets its value:
// declared (read from the event), or calculated with its expression. The
// fields of its ancestors are its own; a child's come behind its path.
func datasetFields(cim *datamodel.Base, d *datamodel.DatasetDef) map[string]string {
	out := map[string]string{}
	own := func(x *datamodel.DatasetDef, prefix string) {
		for _, f := range x.Fields {
			out[prefix+f] = "declared field, read from the event's field " + f
		}
		for _, c := range x.AllCalcs() {
			out[prefix+c.Field] = "calculated field: `" + c.Expr + "`"
		}
	}
	for _, x := range cim.Datasets {
		if x.Model != d.Model {
			continue
		}
		switch {
		case x.Path == d.Path || strings.HasPrefix(d.Path, x.Path+"."):
			own(x, "")
		case strings.HasPrefix(x.Path, d.Path+"."):
			own(x, x.Path[len(d.Path)+1:]+".")
		}
	}
	for _, f := range []string{"_time", "host", "source", "sourcetype", "index", "tag"} {
		if _, ok := out[f]; !ok {
			out[f] = "field every dataset carries"
		}
	}
	return out
}

// addonsFilling lists the search-time knowledge entries that set a
// field: aliases, calculated fields and extractions.
func addonsFilling(cim *datamodel.Base, field string) []string {
	var out []string
	group := regexp.MustCompile(`\(\?P?<` + regexp.QuoteMeta(field) + `>`)
	for _, k := range cim.Knowledge {
		who := fmt.Sprintf("%s (%s, sourcetype %s)", k.Name, k.Addon, k.Sourcetype)
		for _, a := range k.Aliases {
			if a.Field == field {
				out = append(out, fmt.Sprintf("%s: alias of `%s`", who, a.Expr))
			}
		}
		for _, e := range k.Evals {
			if e.Field == field {
				out = append(out, fmt.Sprintf("%s: `%s`", who, e.Expr))
			}
		}
		for _, r := range k.Reports {
			if group.MatchString(r.Regex) {
				from := r.Field
				if from == "" {
					from = "_raw"
				}
				out = append(out, fmt.Sprintf("%s: extracted from %s", who, from))
			}
		}
	}
	return out
}

// lookupDefs are the definitions of a lookup by name or file name.
func (w *workspace) lookupDefs(name string) []location {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.lookups[name]
}

func (s *Server) definition(ctx *glsp.Context, p *protocol.DefinitionParams) (any, error) {
	c, ok := s.cursorAt(p.TextDocument.URI, p.Position)
	if !ok {
		return nil, nil
	}
	var locs []location
	if mc, ok := macroCallAt(c.r.text, c.off); ok {
		if m, ok := c.w.macroSet().Lookup(mc.name, len(mc.args)); ok {
			if l, ok := c.w.macroLocation(m); ok {
				locs = append(locs, l)
			}
		}
	} else {
		a, b := wordAt(c.r.text, c.off)
		if cmd, _ := commandBefore(c.r.text, a); a < b && (cmd == "lookup" || cmd == "inputlookup" || cmd == "outputlookup") {
			locs = c.w.lookupDefs(c.r.text[a:b])
		}
	}
	return s.protocolLocations(locs), nil
}

func (s *Server) references(ctx *glsp.Context, p *protocol.ReferenceParams) ([]protocol.Location, error) {
	d := s.doc(p.TextDocument.URI)
	if d == nil || d.path == "" {
		return nil, nil
	}
	w := s.workspaceFor(d.path)
	name := ""
	var m macros.Macro
	defined := false
	if c, ok := s.cursorAt(p.TextDocument.URI, p.Position); ok {
		if mc, ok := macroCallAt(c.r.text, c.off); ok {
			name = mc.name
			m, defined = w.macroSet().Lookup(mc.name, len(mc.args))
		}
	}
	if name == "" && d.kind == kindMacroYAML {
		// In a macro's own file, its references are its calls.
		if mm, err := macros.ParseYAML([]byte(d.text), d.path); err == nil {
			name, m, defined = mm.Name, mm, true
		}
	}
	if name == "" {
		return nil, nil
	}
	locs := w.macroCalls(name)
	if p.Context.IncludeDeclaration && defined {
		if l, ok := w.macroLocation(m); ok {
			locs = append([]location{l}, locs...)
		}
	}
	return s.protocolLocations(locs), nil
}

// protocolLocations converts byte spans to LSP locations, reading each
// file's text (an open document's if it is open).
func (s *Server) protocolLocations(locs []location) []protocol.Location {
	out := []protocol.Location{}
	texts := map[string]*lines{}
	for _, l := range locs {
		ls := texts[l.path]
		if ls == nil {
			ls = newLines(s.fileText(l.path))
			texts[l.path] = ls
		}
		out = append(out, protocol.Location{URI: pathToURI(l.path), Range: ls.rng(l.start, l.end)})
	}
	return out
}

// fileText is an open document's text, else the file's.
func (s *Server) fileText(path string) string {
	uri := pathToURI(path)
	if d := s.doc(uri); d != nil {
		return d.text
	}
	w := s.workspaceFor(path)
	w.mu.Lock()
	text, ok := w.files[path]
	w.mu.Unlock()
	if ok {
		return text
	}
	b, _ := readFileLimited(path)
	return string(b)
}

package validate

import (
	"fmt"
	"os"
	"strings"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/macros"
	"github.com/spelunk-dev/spelunk/spl"
)

// searchContext is what searches are checked against.
type searchContext struct {
	macros  *macros.Set
	lookups map[string]bool // lookup names and file names
	cim     *datamodel.Base // nil when the built-in CIM cannot load
}

// externalMacros are macros detections may call that come from apps
// ESCU depends on (contentctl's MACROS_TO_IGNORE): CIM and Enterprise
// Security.
var externalMacros = []string{"drop_dm_object_name", "get_asset", "get_risk_severity", "cim_corporate_web_domain_search"}

// externalLookups are lookups shipped by apps ESCU depends on
// (contentctl's LOOKUPS_TO_IGNORE, plus the asset lookups of Enterprise
// Security's Asset and Identity framework, beside identity_lookup_expanded).
var externalLookups = []string{"ut_shannon_lookup", "identity_lookup_expanded", "cim_corporate_web_domain_lookup",
	"alexa_lookup_by_str", "interesting_ports_lookup", "admon_groups_def", "asset_lookup_by_str", "asset_lookup_by_cidr"}

func (r *repo) searchContext() *searchContext {
	ctx := &searchContext{macros: macros.NewSet(), lookups: map[string]bool{}}
	for _, o := range r.objects[kindMacro] {
		_ = ctx.macros.Load(o.path) // a bad file is reported by checkMacro
	}
	content.AddStubMacros(ctx.macros)
	for _, o := range r.objects[kindLookup] {
		ctx.lookups[o.name] = true
		if _, f := o.get("filename"); f != nil {
			ctx.lookups[f.Value] = true
		}
	}
	for _, l := range externalLookups {
		ctx.lookups[l] = true
	}
	if b, err := datamodel.Builtin(); err == nil {
		ctx.cim = b
	}
	return ctx
}

// checkSearches expands and parses the detection's search and each
// drilldown search, and checks what they call.
func (r *repo) checkSearches(d *detection, ctx *searchContext) {
	det, err := content.ParseDetection(d.o.path, d.o.raw)
	if err != nil {
		return // reported by the field rules
	}
	// A drilldown holds the detection's search: a problem there is
	// reported once, at its place in the file.
	seen := map[string]bool{}
	report := func(s *content.Search, e *spl.Error, sev Severity, rule, msg string) {
		off, _ := s.FileOffset(e.Pos)
		line, col := spl.LineCol(string(d.o.raw), off)
		key := fmt.Sprint(line, col, rule, msg)
		if seen[key] {
			return
		}
		seen[key] = true
		if s.Kind == content.KindDrilldown {
			msg += fmt.Sprintf(" (in drilldown %d)", s.Index+1)
		}
		r.addAt(d.o.path, line, col, sev, rule, "%s", msg)
	}
	for _, s := range det.Searches() {
		exp, err := ctx.macros.Expand(s.Text, macros.Options{})
		if err != nil {
			for _, e := range splErrors(err) {
				if external(e.Msg) {
					continue
				}
				report(&s, e, Error, "macro", withHint(e))
			}
			continue
		}
		pipe, err := spl.Parse(exp.Text)
		if err != nil {
			for _, e := range splErrors(err) {
				report(&s, exp.MapError(e), Error, "spl", withHint(e))
			}
			continue
		}
		for _, e := range lookupsUsed(pipe, ctx.lookups) {
			report(&s, exp.MapError(e), Error, "lookup", e.Msg)
		}
		if s.Kind != content.KindDetection {
			continue
		}
		r.checkTokens(d, pipe)
		if ctx.cim == nil {
			continue
		}
		for _, e := range datamodel.CheckNames(ctx.cim, pipe) {
			msg := e.Msg
			if e.Hint != "" {
				msg += "; " + e.Hint
			}
			report(&s, exp.MapError(e), Warning, "datamodel", msg)
		}
		r.checkRequiredFields(d, pipe, ctx.cim)
	}
}

// external reports an undefined-macro error for a macro of an app ESCU
// depends on, which contentctl does not require either.
func external(msg string) bool {
	for _, m := range externalMacros {
		if strings.Contains(msg, fmt.Sprintf("undefined macro %q", m)) {
			return true
		}
	}
	return false
}

// withHint is the error's message with its hint, if any.
func withHint(e *spl.Error) string {
	if e.Hint != "" {
		return e.Error() + "; " + e.Hint
	}
	return e.Error()
}

func splErrors(err error) []*spl.Error {
	if list := spl.AsErrors(err); list != nil {
		return list
	}
	return []*spl.Error{{Msg: err.Error()}}
}

// lookupsUsed reports lookup and inputlookup tables that the repository
// does not define.
func lookupsUsed(p *spl.Pipeline, known map[string]bool) []*spl.Error {
	var out []*spl.Error
	check := func(table string, at spl.Loc) {
		if table != "" && !known[table] {
			out = append(out, &spl.Error{Pos: at.Start, End: at.End, Msg: fmt.Sprintf("lookup %q is not defined in lookups/", table)})
		}
	}
	spl.Walk(p, func(n spl.Node) bool {
		switch c := n.(type) {
		case *spl.LookupTableCommand:
			check(c.Table, c.Loc)
		case *spl.InputlookupCommand:
			check(c.Table, c.Loc)
		}
		return true
	})
	return out
}

// checkRequiredFields: in a tstats search over a data model, a required
// field written Dataset.field must name a dataset the search uses (a
// misspelt prefix is caught by its closeness to one) and a field the
// dataset has.
func (r *repo) checkRequiredFields(d *detection, p *spl.Pipeline, cim *datamodel.Base) {
	var models []string // "Endpoint.Processes"
	spl.Walk(p, func(n spl.Node) bool {
		if c, ok := n.(*spl.TstatsCommand); ok && c.Datamodel != "" {
			models = append(models, c.Datamodel)
		}
		return true
	})
	if len(models) == 0 {
		return
	}
	objects := map[string]string{} // "Processes" -> "Endpoint.Processes"
	var names []string
	for _, m := range models {
		parts := strings.Split(m, ".")
		for _, part := range parts[1:] {
			objects[part] = m
			names = append(names, part)
		}
	}
	for _, n := range d.requiredFields {
		prefix, field, ok := strings.Cut(strings.TrimSpace(n.Value), ".")
		if !ok || field == "" || strings.ContainsAny(n.Value, " \t") {
			continue
		}
		model, known := objects[prefix]
		if !known {
			if s := spl.Suggest(prefix, names); s != "" {
				r.add(d.o, n, Error, "required-fields", "required field %q: the search uses no dataset %q; did you mean %q?", n.Value, prefix, s+"."+field)
			}
			continue
		}
		q := fmt.Sprintf("| tstats count from datamodel=%s by %s", model, n.Value)
		qp, err := spl.Parse(q)
		if err != nil {
			continue
		}
		for _, e := range datamodel.CheckNames(cim, qp) {
			// Close to a defined field, it is a typo; otherwise perhaps a
			// field the CIM leaves out, for a person to judge.
			msg, sev := fmt.Sprintf("required field %q: %s", n.Value, e.Msg), Warning
			if e.Hint != "" {
				msg, sev = msg+"; "+e.Hint, Error
			}
			r.add(d.o, n, sev, "required-fields", "%s", msg)
		}
	}
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

package datamodel

import (
	"fmt"
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
)

// CheckNames finds the data model names a search uses that the knowledge
// does not define: a tstats dataset that does not exist, or a field
// written with a dataset's prefix (Processes.proces_name) that the
// dataset does not have. Splunk answers such a search with no results
// and no word, which is why an offline tool should say more; the result
// is warnings, each with the closest defined name when one is close.
func CheckNames(b *Base, p *spl.Pipeline) []*spl.Error {
	var out []*spl.Error
	spl.Walk(p, func(n spl.Node) bool {
		if c, ok := n.(*spl.TstatsCommand); ok && c.Datamodel != "" {
			out = append(out, checkTstats(b, c)...)
		}
		return true
	})
	return out
}

func checkTstats(b *Base, c *spl.TstatsCommand) []*spl.Error {
	d, err := b.LookupDataset(c.Datamodel)
	if err != nil {
		at := c.DatamodelLoc
		if at.End == 0 {
			at = c.Loc
		}
		e := &spl.Error{Pos: at.Start, End: at.End, Msg: fmt.Sprintf("tstats: the data model dataset %q does not exist", c.Datamodel)}
		if s := spl.Suggest(c.Datamodel, b.DatasetNames()); s != "" {
			e.Hint = fmt.Sprintf("did you mean %q?", s)
		}
		return []*spl.Error{e}
	}
	fields := b.datasetFields(d)
	prefixes := []string{d.Object() + "."}
	for _, part := range strings.Split(d.Path, ".")[1:] {
		prefixes = append(prefixes, part+".")
	}
	var out []*spl.Error
	check := func(name string, at spl.Loc) {
		if strings.ContainsAny(name, "*") {
			return
		}
		for _, pre := range prefixes {
			rest, ok := strings.CutPrefix(name, pre)
			if !ok {
				continue
			}
			if fields[rest] || enrichment(rest) {
				return
			}
			e := &spl.Error{Pos: at.Start, End: at.End, Msg: fmt.Sprintf("tstats: the %s dataset has no field %q", d.Name(), rest)}
			if s := spl.Suggest(rest, sortedKeys(fields)); s != "" {
				e.Hint = fmt.Sprintf("did you mean %q?", pre+s)
			}
			out = append(out, e)
			return
		}
	}
	spl.Walk(c.Where, func(n spl.Node) bool {
		switch x := n.(type) {
		case *spl.SearchCompare:
			if !x.IsTimeModifier() {
				check(x.Field, x.Loc)
			}
		case *spl.SearchIn:
			check(x.Field, x.Loc)
		}
		return true
	})
	for _, f := range c.By {
		check(f.Name, f.Loc)
	}
	for _, a := range c.Aggs {
		if a.Field != "" {
			check(a.Field, a.Loc)
		}
	}
	return out
}

// datasetFields is the set of fields a dataset's rows may have, as
// compileDataset makes them: the declared and calculated fields of it and
// its ancestors, the fields every dataset carries, and each descendant's
// own fields behind its relative path ("SSL.ssl_issuer").
func (b *Base) datasetFields(d *DatasetDef) map[string]bool {
	out := map[string]bool{}
	for _, f := range baseFields {
		out[f] = true
	}
	own := func(x *DatasetDef, prefix string) {
		for _, f := range x.Fields {
			out[prefix+f] = true
		}
		for _, c := range x.AllCalcs() {
			out[prefix+c.Field] = true
		}
	}
	for _, x := range b.lineage(d) {
		own(x, "")
	}
	for _, x := range b.Datasets {
		if x.Model == d.Model && strings.HasPrefix(x.Path, d.Path+".") {
			own(x, x.Path[len(d.Path)+1:]+".")
		}
	}
	return out
}

// enrichmentSuffixes end the asset and identity fields the CIM declares
// on most datasets (dest_category, user_bunit, ...): Enterprise Security
// fills them from its asset and identity lookups, so spelunk's built-in
// datasets leave them out, yet a search may name them.
var enrichmentSuffixes = []string{"_bunit", "_category", "_priority", "_requires_av", "_should_timesync", "_should_update", "_is_expected"}

func enrichment(field string) bool {
	if field == "cim_entity_zone" {
		return true
	}
	for _, s := range enrichmentSuffixes {
		if strings.HasSuffix(field, s) {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

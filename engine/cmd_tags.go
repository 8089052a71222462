package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// KnowledgeSource is a Source whose events get search-time knowledge
// (tags.conf, eventtypes.conf): tags and typer apply the same knowledge to
// any results. A Source without it has no tags and no eventtypes.
type KnowledgeSource interface {
	Source
	// Knowledge returns the knowledge, for use by one goroutine.
	Knowledge() (Knowledge, error)
}

// Knowledge is a source's tags and eventtypes.
type Knowledge interface {
	// FieldTags lists the tags given to field=value, in the knowledge's
	// order; nil when none.
	FieldTags(field, value string) []string
	// Eventtypes lists, in the knowledge's order, the eventtypes whose
	// search matches row (a search may name an earlier eventtype); row
	// is not changed.
	Eventtypes(row value.Fields) []string
	// EventtypeNames lists every eventtype.
	EventtypeNames() []string
}

// knowledgeOf is the source's knowledge, or none.
func knowledgeOf(rc *runCtx) (Knowledge, error) {
	if ks, ok := rc.src.(KnowledgeSource); ok {
		return ks.Knowledge()
	}
	return noKnowledge{}, nil
}

type noKnowledge struct{}

func (noKnowledge) FieldTags(string, string) []string { return nil }
func (noKnowledge) Eventtypes(value.Fields) []string  { return nil }
func (noKnowledge) EventtypeNames() []string          { return nil }

// tags adds the tags the knowledge gives the values of the fields named
// (all of a result's fields when none is, except tag and tag::*): without
// outputfield, each field's tags go to tag::<field> and all of them to tag
// (added to the tags a result has already, which search time gave from
// the same knowledge); with outputfield, all of them go to that field
// alone, as <field>::<value>::<tag> with inclname and inclvalue (the page's
// examples 3 and 4). A field's tags come in the knowledge's order, once
// each; tag and outputfield list the fields' tags from the last field to
// the first [UNCONFIRMED: inferred from the page's examples 2 to 4, where
// sourcetype's tags come before host's]. tag comes before the tag::<field>
// fields, as in the page's tables. Offline,
// tags.conf stanzas exist for eventtype values only (the knowledge's
// eventtypes), so tag::eventtype is the one such field; tags the
// knowledge attaches to events without naming an eventtype belong to no
// field value.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/tags
func init() {
	registerStream("tags", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.TagsCommand)
		kn, err := knowledgeOf(rc)
		if err != nil {
			return nil, errAt(c, "tags: %v", err)
		}
		allowed := map[string]bool{}
		for _, t := range c.AllowedTags {
			allowed[t] = true
		}
		t := &tagger{c: c, kn: kn, allowed: allowed}
		return &mapStage{next: next, f: t.apply}, nil
	})
}

type tagger struct {
	c       *spl.TagsCommand
	kn      Knowledge
	allowed map[string]bool
}

// fieldTags lists the allowed tags of a field's values, once each; with
// prefix set each entry carries the field name and value as asked.
func (t *tagger) fieldTags(field string, v value.Value, prefix bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range v.Values() {
		s := e.String()
		for _, tag := range t.kn.FieldTags(field, s) {
			if t.c.AllowedTags != nil && !t.allowed[tag] {
				continue
			}
			entry := tag
			if prefix {
				if t.c.InclValue {
					entry = s + "::" + entry
				}
				if t.c.InclName {
					entry = field + "::" + entry
				}
			}
			if !seen[entry] {
				seen[entry] = true
				out = append(out, entry)
			}
		}
	}
	return out
}

func (t *tagger) apply(row *value.Fields) error {
	var fields []string
	if len(t.c.Fields) > 0 {
		fields = fieldNames(t.c.Fields)
	} else {
		for _, f := range *row {
			if f.Name != "tag" && !strings.HasPrefix(f.Name, "tag::") {
				fields = append(fields, f.Name)
			}
		}
	}
	out := t.c.OutputField != ""
	perField := make([][]string, len(fields))
	for i, f := range fields {
		perField[i] = t.fieldTags(f, row.Get(f), out)
	}
	var all []string
	seen := map[string]bool{}
	for i := len(fields) - 1; i >= 0; i-- {
		for _, tag := range perField[i] {
			if !seen[tag] {
				seen[tag] = true
				all = append(all, tag)
			}
		}
	}
	switch {
	case len(all) == 0:
	case out:
		row.Set(t.c.OutputField, value.Strs(all...))
	default:
		merged := row.Get("tag").Strings()
		had := map[string]bool{}
		for _, h := range merged {
			had[h] = true
		}
		for _, tag := range all {
			if !had[tag] {
				had[tag] = true
				merged = append(merged, tag)
			}
		}
		row.Set("tag", value.Strs(merged...))
		for i, f := range fields {
			if len(perField[i]) > 0 {
				row.Set("tag::"+f, value.Strs(perField[i]...))
			}
		}
	}
	return nil
}

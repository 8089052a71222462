package datamodel

import (
	"strings"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// SearchKnowledge is the tags and eventtypes of b for the tags and typer
// commands, for an engine.KnowledgeSource outside the package.
func SearchKnowledge(b *Base) (engine.Knowledge, error) {
	k, err := newSearchKnowledge(b)
	if err != nil {
		return nil, err
	}
	return k, nil
}

// searchKnowledge answers tags and typer from a Base. Its compiled
// searches keep memos, so each command gets its own.
type searchKnowledge struct {
	sh *shaper
	// tags gives, by field and value, the tags tags.conf gives them: the
	// eventtypes' tags, and those of entries that name eventtypes.
	tags map[string]map[string][]string
}

func newSearchKnowledge(b *Base) (*searchKnowledge, error) {
	sh, err := newShaper(b)
	if err != nil {
		return nil, err
	}
	k := &searchKnowledge{sh: sh, tags: map[string]map[string][]string{"eventtype": {}}}
	add := func(name string, tags []string) {
		m := k.tags["eventtype"]
		for _, t := range tags {
			if !containsString(m[name], t) {
				m[name] = append(m[name], t)
			}
		}
	}
	for _, k := range b.Knowledge {
		for _, e := range k.Eventtypes {
			add(e, k.Tags)
		}
	}
	for _, e := range b.Eventtypes {
		add(e.Name, e.Tags)
	}
	return k, nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (k *searchKnowledge) FieldTags(field, val string) []string { return k.tags[field][val] }

func (k *searchKnowledge) EventtypeNames() []string {
	var out []string
	for _, ck := range k.sh.knowledge {
		for _, c := range ck {
			for _, e := range c.k.Eventtypes {
				if !containsString(out, e) {
					out = append(out, e)
				}
			}
		}
	}
	for _, e := range k.sh.eventtypes {
		if !containsString(out, e.et.Name) {
			out = append(out, e.et.Name)
		}
	}
	return out
}

// Eventtypes gives a row the eventtypes search time would: those of the
// knowledge entries that select it, then those whose searches match, in
// order, each seeing the ones before.
func (k *searchKnowledge) Eventtypes(row value.Fields) []string {
	work := make(value.Fields, 0, len(row)+2)
	for _, f := range row {
		if f.Name != "eventtype" && f.Name != "tag" {
			work = append(work, f)
		}
	}
	var sel []*compiledKnowledge
	source := strings.ToLower(work.Get("source").String())
	for _, ck := range k.sh.knowledge[strings.ToLower(work.Get("sourcetype").String())] {
		if (len(ck.k.Eventtypes) > 0 || len(ck.k.Tags) > 0) && ck.selects(source, work) {
			sel = append(sel, ck)
		}
	}
	applyOwnEventtypes(sel, &work)
	applyEventtypes(k.sh.eventtypes, &work)
	return work.Get("eventtype").Strings()
}

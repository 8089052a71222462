package engine

import (
	"strings"
	"unicode/utf8"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// extract with pairdelim and kvdelim splits _raw as a transforms.conf
// DELIMS extraction does (Search Reference, "extract"; transforms.conf
// spec, DELIMS, MV_ADD, CLEAN_KEYS):
//
//   - _raw (its first maxchars characters, default 10240) is cut at every
//     character of pairdelim; each piece is cut at the first character of
//     kvdelim into key and value;
//   - "if the delimiter appears in the value, that value is not
//     extracted" (a second kvdelim character drops the pair);
//   - at most limit pairs (default 50) are taken from an event;
//   - keys are cleaned (clean_keys, default true, as CLEAN_KEYS);
//   - a field that already exists keeps its value unless mv_add=true,
//     which adds the new value to it (MV_ADD: "otherwise the newly found
//     value is discarded").
//
// [UNCONFIRMED] Blanks around keys and values are trimmed, and pieces with
// an empty key or no kvdelim are skipped. Automatic extraction (no
// delimiters) and extractor names are not supported yet: an error says so.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/extract
func init() {
	registerStream("extract", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.ExtractCommand)
		if len(c.Extractors) > 0 {
			return nil, errAt(c, "extract: extractor names (transforms.conf stanzas) are not supported yet; give pairdelim= and kvdelim=")
		}
		if c.PairDelim == "" || c.KVDelim == "" {
			return nil, errAt(c, "extract: automatic key-value extraction is not supported yet; give both pairdelim= and kvdelim=")
		}
		x := &extractor{pair: c.PairDelim, kv: c.KVDelim, limit: c.Limit, maxChars: c.MaxChars,
			clean: c.CleanKeys, mvAdd: c.MvAdd}
		return &mapStage{next: next, f: x.apply}, nil
	})
}

type extractor struct {
	pair, kv        string
	limit, maxChars int
	clean, mvAdd    bool
}

func (x *extractor) apply(r *value.Fields) error {
	raw, ok := str(r.Get("_raw"))
	if !ok {
		return nil
	}
	if x.maxChars > 0 && len(raw) > x.maxChars && utf8.RuneCountInString(raw) > x.maxChars {
		raw = string([]rune(raw)[:x.maxChars])
	}
	n := 0
	for piece := range strings.FieldsFuncSeq(raw, func(c rune) bool { return strings.ContainsRune(x.pair, c) }) {
		if x.limit > 0 && n >= x.limit {
			break
		}
		i := strings.IndexAny(piece, x.kv)
		if i < 0 {
			continue
		}
		key, val := strings.TrimSpace(piece[:i]), strings.TrimSpace(piece[i+1:])
		if strings.ContainsAny(val, x.kv) {
			continue
		}
		if x.clean {
			key = value.CleanKey(key)
		}
		if key == "" {
			continue
		}
		n++
		old := r.Get(key)
		switch {
		case old.IsNull():
			r.Set(key, value.Str(val))
		case x.mvAdd:
			r.Set(key, value.Strs(append(old.Strings(), val)...))
		}
	}
	return nil
}

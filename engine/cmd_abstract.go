package engine

import (
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// abstract replaces each result's _raw with a summary of it. A text of
// at most maxlines lines (default 5) is kept whole; a longer one keeps
// the maxlines lines with the most terms (runs of letters, digits and
// _; on a tie the earlier line), in their order, each line that follows
// a gap prefixed with "..." as the page says. The summary then ends after
// its maxterms-th term (default 1000). [UNCONFIRMED: the page describes
// Splunk's scoring only in outline (more terms, and terms on adjacent
// lines, score higher); spelunk scores by the line's own terms.]
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/abstract
func init() {
	registerStream("abstract", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.AbstractCommand)
		return &mapStage{next: next, f: func(r *value.Fields) error {
			raw, ok := r.Lookup("_raw")
			if !ok || raw.IsNull() {
				return nil
			}
			r.Set("_raw", value.Str(abstractText(strings.Join(raw.Strings(), "\n"), c.MaxLines, c.MaxTerms)))
			return nil
		}}, nil
	})
}

var termRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[A-Za-z0-9_]+`) })

func abstractText(text string, maxLines, maxTerms int) string {
	lines := strings.Split(text, "\n")
	if len(lines) > maxLines {
		idx := make([]int, len(lines))
		score := make([]int, len(lines))
		for i, l := range lines {
			idx[i], score[i] = i, len(termRe().FindAllStringIndex(l, -1))
		}
		sort.SliceStable(idx, func(a, b int) bool { return score[idx[a]] > score[idx[b]] })
		keep := idx[:maxLines]
		sort.Ints(keep)
		var out []string
		for n, i := range keep {
			l := lines[i]
			if (n == 0 && i > 0) || (n > 0 && i != keep[n-1]+1) {
				l = "..." + l
			}
			out = append(out, l)
		}
		text = strings.Join(out, "\n")
	}
	if ts := termRe().FindAllStringIndex(text, maxTerms+1); len(ts) > maxTerms {
		text = text[:ts[maxTerms-1][1]]
	}
	return text
}

package engine

import (
	"math"
	"strings"
	"unicode"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// cluster groups results whose field (default _raw) reads alike. The
// field is cut into terms at delims= (default: every character that is
// not a letter or a digit); match= compares two results by
//   - termlist (the default): the terms in order, the share of positions
//     holding the same term, over the longer list;
//   - termset: the sets of terms, |A∩B| / sqrt(|A|·|B|) (cosine);
//   - ngramset: the sets of 3-character substrings of the value, alike.
//
// Results are taken in order; each joins the first cluster whose first
// result is at least t= similar (default 0.8), else starts a new one
// [UNCONFIRMED: the page names the measures, not the formulas or the
// order]. Clusters are labelled 1, 2, ... in the order they start
// ("if the search returns 10 clusters, then the clusters are labeled from
// 1 to 10"), in labelfield= (cluster_label); showcount=true writes the
// cluster's size in countfield= (cluster_count). labelonly=false (the
// default) keeps only the first result of each cluster, labelonly=true
// keeps every result, in their order. Terms compare with their case
// [UNCONFIRMED]; two empty values are alike, an empty and a non-empty one
// are not.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/cluster
func init() {
	registerStream("cluster", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.ClusterCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			return runCluster(c, rows), nil
		}}, nil
	})
}

// clusterKey is what one result is compared by.
type clusterKey struct {
	list []string
	set  map[string]bool
}

func runCluster(c *spl.ClusterCommand, rows []value.Fields) []value.Fields {
	var reps []clusterKey
	label := make([]int, len(rows))
	var sizes []int
	for i, r := range rows {
		k := clusterKeyOf(c, r.Get(c.Field).String())
		label[i] = -1
		for j, rep := range reps {
			if clusterSimilarity(c.Match, k, rep) >= c.T {
				label[i] = j
				break
			}
		}
		if label[i] < 0 {
			label[i] = len(reps)
			reps = append(reps, k)
			sizes = append(sizes, 0)
		}
		sizes[label[i]]++
	}
	var out []value.Fields
	seen := make([]bool, len(reps))
	for i, r := range rows {
		l := label[i]
		if !c.LabelOnly && seen[l] {
			continue
		}
		seen[l] = true
		r.Set(c.LabelField, value.Num(float64(l+1)))
		if c.ShowCount {
			r.Set(c.CountField, value.Num(float64(sizes[l])))
		}
		out = append(out, r)
	}
	return out
}

// clusterKeyOf cuts s into what match= compares.
func clusterKeyOf(c *spl.ClusterCommand, s string) clusterKey {
	if c.Match == "ngramset" {
		rs := []rune(s)
		set := map[string]bool{}
		for i := 0; i+3 <= len(rs); i++ {
			set[string(rs[i:i+3])] = true
		}
		if len(rs) > 0 && len(rs) < 3 {
			set[s] = true
		}
		return clusterKey{set: set}
	}
	sep := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
	if c.Delims != "" {
		sep = func(r rune) bool { return strings.ContainsRune(c.Delims, r) }
	}
	terms := strings.FieldsFunc(s, sep)
	if c.Match == "termlist" {
		return clusterKey{list: terms}
	}
	set := map[string]bool{}
	for _, t := range terms {
		set[t] = true
	}
	return clusterKey{set: set}
}

// clusterSimilarity is from 0 (nothing shared) to 1 (the same).
func clusterSimilarity(match string, a, b clusterKey) float64 {
	if match == "termlist" {
		n := max(len(a.list), len(b.list))
		if n == 0 {
			return 1
		}
		same := 0
		for i := range min(len(a.list), len(b.list)) {
			if a.list[i] == b.list[i] {
				same++
			}
		}
		return float64(same) / float64(n)
	}
	if len(a.set) == 0 || len(b.set) == 0 {
		if len(a.set) == len(b.set) {
			return 1
		}
		return 0
	}
	common := 0
	for t := range a.set {
		if b.set[t] {
			common++
		}
	}
	return float64(common) / math.Sqrt(float64(len(a.set))*float64(len(b.set)))
}

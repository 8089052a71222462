package engine

import (
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// kmeans clusters the results by the numeric fields named (by default
// every field, internal ones aside, that is a number in every result),
// as the page says: each cluster is defined by its mean, each result
// belongs to the cluster with the nearest mean under dt= (squared
// Euclidean, city block or cosine distance), and the clusters' results
// are moved next to each other. Results lacking a number in a field are
// left out of the clustering and follow the others, unchanged.
//
// Splunk seeds each repetition at random; spelunk is deterministic
// [UNCONFIRMED: the page says only "random starting clusters"]: repetition
// r seeds k-means++ from a PCG generator with seed (r, k), and the
// repetition with the least distortion (the sum of the results'
// distances to their means) wins, the first among equals. Iteration stops
// when no result changes cluster or no mean moves more than t=; a run
// still moving after maxiters= iterations is an error ("failing to
// converge"). Clusters are numbered from 1 in the order of their first
// result [UNCONFIRMED], into cfield= (CLUSTERNUM); showcentroid=true (the
// default) writes each cluster's mean into centroid_<field>
// [UNCONFIRMED: the page does not name these fields]. A k range gives one
// result per k with k, distortion and cluster_sizes (multivalue, by
// cluster number) [UNCONFIRMED: the page names only the distortion].
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/kmeans
func init() {
	registerStream("kmeans", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.KmeansCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			return runKmeans(c, rows)
		}}, nil
	})
}

func runKmeans(c *spl.KmeansCommand, rows []value.Fields) ([]value.Fields, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	fields := kmeansFields(c, rows)
	if len(fields) == 0 {
		return nil, errAt(c, "kmeans: no numeric field to cluster by; name the fields")
	}
	var points [][]float64
	var in, out []value.Fields
	for _, r := range rows {
		pt := make([]float64, len(fields))
		ok := true
		for i, f := range fields {
			v, isNum := r.Get(f).Number()
			if !isNum || math.IsNaN(v) || math.IsInf(v, 0) {
				ok = false
				break
			}
			pt[i] = v
		}
		if ok {
			points = append(points, pt)
			in = append(in, r)
		} else {
			out = append(out, r)
		}
	}
	if len(points) < c.K {
		return nil, errAt(c, "kmeans: k=%d needs at least %d results with numbers in %s, has %d", c.K, c.K, strings.Join(fields, ", "), len(points))
	}
	dist := kmeansDistance(c.Dist)
	if c.Range {
		var summary []value.Fields
		for k := c.K; k <= min(c.KMax, len(points)); k++ {
			res, err := kmeansBest(c, points, k, dist)
			if err != nil {
				return nil, err
			}
			sizes := make([]value.Value, k)
			for j := range k {
				sizes[j] = value.Num(float64(res.sizes[j]))
			}
			summary = append(summary, value.Fields{
				{Name: "k", Value: value.Num(float64(k))},
				{Name: "distortion", Value: value.Num(res.distortion)},
				{Name: "cluster_sizes", Value: value.Multi(sizes...)},
			})
		}
		return summary, nil
	}
	res, err := kmeansBest(c, points, c.K, dist)
	if err != nil {
		return nil, err
	}
	order := make([]int, len(in))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return res.label[order[a]] < res.label[order[b]] })
	sorted := make([]value.Fields, 0, len(rows))
	for _, i := range order {
		r := in[i]
		l := res.label[i]
		r.Set(c.CField, value.Num(float64(l+1)))
		if c.ShowCentroid {
			for j, f := range fields {
				r.Set("centroid_"+f, value.Num(res.means[l][j]))
			}
		}
		sorted = append(sorted, r)
	}
	return append(sorted, out...), nil
}

// kmeansFields are the fields named, or every non-internal field that is
// a number in every result.
func kmeansFields(c *spl.KmeansCommand, rows []value.Fields) []string {
	if len(c.Fields) > 0 {
		out := make([]string, len(c.Fields))
		for i, f := range c.Fields {
			out[i] = f.Name
		}
		return out
	}
	if len(rows) == 0 {
		return nil
	}
	var out []string
	for _, f := range rows[0] {
		if strings.HasPrefix(f.Name, "_") {
			continue
		}
		all := true
		for _, r := range rows {
			if _, ok := r.Get(f.Name).Number(); !ok {
				all = false
				break
			}
		}
		if all {
			out = append(out, f.Name)
		}
	}
	return out
}

func kmeansDistance(dt string) func(a, b []float64) float64 {
	switch dt {
	case "l1":
		return func(a, b []float64) float64 {
			s := 0.0
			for i := range a {
				s += math.Abs(a[i] - b[i])
			}
			return s
		}
	case "cos":
		return func(a, b []float64) float64 {
			dot, na, nb := 0.0, 0.0, 0.0
			for i := range a {
				dot += a[i] * b[i]
				na += a[i] * a[i]
				nb += b[i] * b[i]
			}
			if na == 0 || nb == 0 {
				return 1
			}
			return 1 - dot/math.Sqrt(na*nb)
		}
	}
	return func(a, b []float64) float64 {
		s := 0.0
		for i := range a {
			d := a[i] - b[i]
			s += d * d
		}
		return s
	}
}

// kmeansResult is one clustering: each point's cluster (numbered in the
// order of first appearance), the means, sizes and distortion.
type kmeansResult struct {
	label      []int
	means      [][]float64
	sizes      []int
	distortion float64
}

// kmeansBest runs reps seeded repetitions and keeps the least distortion.
func kmeansBest(c *spl.KmeansCommand, points [][]float64, k int, dist func(a, b []float64) float64) (kmeansResult, error) {
	var best kmeansResult
	for r := range c.Reps {
		rng := rand.New(rand.NewPCG(uint64(r), uint64(k)))
		res, ok := kmeansRun(points, k, c.MaxIters, c.Tol, dist, rng)
		if !ok {
			return kmeansResult{}, errAt(c, "kmeans: did not converge within maxiters=%d iterations", c.MaxIters)
		}
		if r == 0 || res.distortion < best.distortion {
			best = res
		}
	}
	return renumber(best, k), nil
}

// kmeansRun is Lloyd's algorithm from a k-means++ start.
func kmeansRun(points [][]float64, k, maxIters int, tol float64, dist func(a, b []float64) float64, rng *rand.Rand) (kmeansResult, bool) {
	means := kmeansPlusPlus(points, k, dist, rng)
	label := make([]int, len(points))
	for i := range label {
		label[i] = -1
	}
	dims := len(points[0])
	for it := 0; ; it++ {
		changed := false
		for i, p := range points {
			bj, bd := 0, math.Inf(1)
			for j, m := range means {
				if d := dist(p, m); d < bd {
					bj, bd = j, d
				}
			}
			if label[i] != bj {
				label[i], changed = bj, true
			}
		}
		moved := 0.0
		sums := make([][]float64, k)
		counts := make([]int, k)
		for j := range sums {
			sums[j] = make([]float64, dims)
		}
		for i, p := range points {
			counts[label[i]]++
			for d := range p {
				sums[label[i]][d] += p[d]
			}
		}
		for j := range means {
			if counts[j] == 0 {
				continue // an empty cluster keeps its mean
			}
			m := make([]float64, dims)
			for d := range m {
				m[d] = sums[j][d] / float64(counts[j])
			}
			moved = math.Max(moved, dist(means[j], m))
			means[j] = m
		}
		if !changed || moved <= tol {
			res := kmeansResult{label: label, means: means, sizes: counts}
			for i, p := range points {
				res.distortion += dist(p, means[label[i]])
			}
			return res, true
		}
		if it+1 >= maxIters {
			return kmeansResult{}, false
		}
	}
}

// kmeansPlusPlus picks the first mean at random, each next one with
// probability proportional to its distance from the nearest mean so far.
func kmeansPlusPlus(points [][]float64, k int, dist func(a, b []float64) float64, rng *rand.Rand) [][]float64 {
	means := [][]float64{append([]float64(nil), points[rng.IntN(len(points))]...)}
	near := make([]float64, len(points))
	for len(means) < k {
		total := 0.0
		for i, p := range points {
			near[i] = math.Inf(1)
			for _, m := range means {
				near[i] = math.Min(near[i], dist(p, m))
			}
			total += near[i]
		}
		pick := 0
		if total > 0 {
			x := rng.Float64() * total
			for i, d := range near {
				x -= d
				if x < 0 {
					pick = i
					break
				}
			}
		} else {
			pick = rng.IntN(len(points))
		}
		means = append(means, append([]float64(nil), points[pick]...))
	}
	return means
}

// renumber numbers the clusters in the order of their first point.
func renumber(r kmeansResult, k int) kmeansResult {
	newID := make([]int, k)
	for j := range newID {
		newID[j] = -1
	}
	next := 0
	for _, l := range r.label {
		if newID[l] < 0 {
			newID[l] = next
			next++
		}
	}
	for j := range newID {
		if newID[j] < 0 {
			newID[j] = next
			next++
		}
	}
	out := kmeansResult{label: make([]int, len(r.label)), means: make([][]float64, k), sizes: make([]int, k), distortion: r.distortion}
	for i, l := range r.label {
		out.label[i] = newID[l]
	}
	for j := range k {
		out.means[newID[j]] = r.means[j]
		out.sizes[newID[j]] = r.sizes[j]
	}
	return out
}

package sqlgen_test

import (
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/sqlgen"
)

// CorpusTstats lists the corpus detections whose search starts with
// tstats, each with its translation per dialect (nil when it fails).
type corpusCase struct {
	path string
	pipe *spl.Pipeline
}

func corpusTstats(t *testing.T) []corpusCase {
	t.Helper()
	corpus := os.Getenv("SPELUNK_CORPUS")
	if corpus == "" {
		t.Skip("SPELUNK_CORPUS is not set")
	}
	paths, err := content.FindDetections([]string{corpus})
	if err != nil {
		t.Fatal(err)
	}
	r := runner.New(runner.Config{Macros: []string{corpus}, QuietFilters: true, Notice: func(string) {}})
	var out []corpusCase
	for _, p := range paths {
		d, err := content.LoadDetection(p)
		if err != nil || !strings.Contains(d.Search, "tstats") {
			continue
		}
		s, err := r.PrepareDetection(d)
		if err != nil || len(s.Pipeline.Commands) == 0 {
			continue
		}
		if _, ok := s.Pipeline.Commands[0].(*spl.TstatsCommand); !ok {
			continue
		}
		out = append(out, corpusCase{p, s.Pipeline})
	}
	return out
}

// TestCorpusTstatsCompile counts the corpus's tstats detections whose
// whole pipeline becomes SQL, per dialect: at least 80% must.
func TestCorpusTstatsCompile(t *testing.T) {
	cases := corpusTstats(t)
	base := builtinBase(t)
	for _, name := range sqlgen.DialectNames {
		d, _ := sqlgen.LookupDialect(name)
		complete := 0
		reasons := map[string]int{}
		for _, c := range cases {
			res, err := sqlgen.Translate(c.pipe, sqlgen.Options{Dialect: d, Base: base})
			if err != nil {
				reasons["error: "+firstWords(err.Error())]++
				continue
			}
			if res.Complete() {
				complete++
				continue
			}
			reasons[firstWords(res.Stop)]++
		}
		share := float64(complete) / float64(len(cases))
		t.Logf("%s: %d of %d tstats detections compile entirely (%.1f%%)", name, complete, len(cases), 100*share)
		type kv struct {
			k string
			n int
		}
		var list []kv
		for k, n := range reasons {
			list = append(list, kv{k, n})
		}
		sort.Slice(list, func(i, j int) bool { return list[i].n > list[j].n || list[i].n == list[j].n && list[i].k < list[j].k })
		for i, e := range list {
			if i == 15 {
				break
			}
			t.Logf("  %4d  stops at %s", e.n, e.k)
		}
		if share < 0.8 {
			t.Errorf("%s: %.1f%% of the corpus's tstats detections compile entirely, want at least 80%%", name, 100*share)
		}
	}
}

// firstWords is a stop reason without its offset, to count alike ones.
func firstWords(s string) string {
	if i := strings.Index(s, " at offset "); i >= 0 {
		rest := s[i+len(" at offset "):]
		if j := strings.Index(rest, ": "); j >= 0 {
			return s[:i] + ": " + rest[j+2:]
		}
	}
	return s
}

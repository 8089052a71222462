package engine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/macros"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// streamingCorpusCommands are the commands whose corpus uses this test checks.
var streamingCorpusCommands = map[string]bool{
	"eval": true, "where": true, "rex": true, "regex": true, "replace": true, "fillnull": true,
	"dedup": true, "sort": true, "head": true, "tail": true, "reverse": true, "makemv": true,
	"mvexpand": true, "nomv": true, "mvcombine": true, "spath": true, "fromjson": true,
	"xmlkv": true, "foreach": true, "table": true, "fields": true, "rename": true, "convert": true,
	"search": true,
}

// TestCorpusStreamingCommandsCompile builds every eval, where, rex, foreach
// ... command of the security_content detections (each on its own, after
// makeresults) and runs it over one empty row: no function, type check or
// regular expression the corpus writes may be rejected.
func TestCorpusStreamingCommandsCompile(t *testing.T) {
	corpus := os.Getenv("SPELUNK_CORPUS")
	if corpus == "" {
		t.Skip("SPELUNK_CORPUS not set; skipping the compile check of the corpus's streaming commands")
	}
	set := macros.NewSet()
	if err := set.Load(corpus); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(corpus, "detections", "*", "*.yml"))
	checked := 0
	for _, f := range files {
		d, err := content.LoadDetection(f)
		if err != nil || d.Search == "" {
			continue
		}
		exp, err := set.Expand(d.Search, macros.Options{})
		if err != nil {
			continue
		}
		segs, err := spl.SplitPipeline(exp.Text)
		if err != nil {
			continue
		}
		for _, seg := range segs {
			seg = strings.TrimSpace(seg)
			name := strings.ToLower(strings.Fields(seg + " x")[0])
			if !streamingCorpusCommands[name] || name == "search" {
				continue
			}
			q := "| makeresults | " + seg
			p, err := spl.Parse(q)
			if err != nil {
				t.Errorf("%s: %s\n  parse: %v", filepath.Base(f), seg, err)
				continue
			}
			_, err = Run(t.Context(), p, &memSource{events: []value.Fields{row("_raw", "x")}}, Options{})
			if err != nil {
				t.Errorf("%s: %s\n  %v", filepath.Base(f), seg, err)
			}
			checked++
		}
	}
	t.Logf("%d commands checked", checked)
}

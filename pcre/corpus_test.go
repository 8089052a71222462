package pcre

import (
	"bufio"
	"compress/gzip"
	"html"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestCorpusPatternsAgree runs every regular expression of the corpus's
// detections and macros (match(), rex, regex; SPELUNK_CORPUS) and of the
// built-in knowledge's extractions that Go's
// regexp takes on real event values (SPELUNK_REALDATA, when set) and on
// texts made of the pattern's own words, and compares each method's
// answers with the regexp's alone (checkPlan).
func TestCorpusPatternsAgree(t *testing.T) {
	root := os.Getenv("SPELUNK_CORPUS")
	if root == "" {
		t.Skip("SPELUNK_CORPUS is not set")
	}
	if testing.Short() {
		t.Skip("short")
	}
	patterns := append(corpusPatterns(t, root), builtinPatterns(t)...)
	values := realValues(t, os.Getenv("SPELUNK_REALDATA"), 600)
	rng := rand.New(rand.NewSource(4104))
	planned := 0
	for _, p := range patterns {
		r, err := Compile(p)
		if err != nil || r.re == nil || r.plan == nil {
			continue
		}
		planned++
		for _, s := range values {
			checkPlan(t, r, s)
		}
		for _, s := range planSubjects(p, rng, 100) {
			checkPlan(t, r, s)
		}
	}
	t.Logf("%d patterns, %d with a plan, %d real values", len(patterns), planned, len(values))
	if planned == 0 {
		t.Error("no corpus pattern has a plan")
	}
}

// splPattern finds the patterns: the quoted second argument of match(),
// rex's quoted pattern and regex's.
var splPattern = regexp.MustCompile(`(?:\bmatch\(\s*(?:[^,()"]|\([^()]*\))+,\s*|\brex\b[^"|]*|\bregex\s+[\w.]+!?=\s*)"((?:[^"\\]|\\.)*)"`)

func corpusPatterns(t *testing.T, root string) []string {
	seen := map[string]bool{}
	for _, dir := range []string{"detections", "macros"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yml") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			var doc map[string]any
			if yaml.Unmarshal(data, &doc) != nil {
				return nil
			}
			for _, key := range []string{"search", "definition"} {
				text, _ := doc[key].(string)
				for _, m := range splPattern.FindAllStringSubmatch(text, -1) {
					seen[unquoteSPL(m[1])] = true
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// builtinRegex finds the extractions of spelunk's own knowledge
// (datamodel/builtin), single-quoted YAML.
var builtinRegex = regexp.MustCompile(`\bregex: '((?:[^']|'')*)'`)

func builtinPatterns(t *testing.T) []string {
	files, err := filepath.Glob(filepath.Join("..", "datamodel", "builtin", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no knowledge files: %v", err)
	}
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range builtinRegex.FindAllStringSubmatch(string(data), -1) {
			out = append(out, strings.ReplaceAll(m[1], "''", "'"))
		}
	}
	return out
}

// unquoteSPL undoes an SPL string's escapes: \" and \\.
func unquoteSPL(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

var xmlData = regexp.MustCompile(`(?s)<Data Name='[^']*'>(.*?)</Data>`)

// realValues takes up to n distinct <Data> values from the realdata
// files, a few from each file.
func realValues(t *testing.T, root string, n int) []string {
	if root == "" {
		return nil
	}
	files, err := filepath.Glob(filepath.Join(root, "otrf", "*", "*.log.gz"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		if len(out) >= n {
			break
		}
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(fh)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(nil, 1<<22)
		taken := 0
		for sc.Scan() && taken < n/len(files)+1 {
			for _, m := range xmlData.FindAllStringSubmatch(sc.Text(), -1) {
				v := html.UnescapeString(m[1])
				if !seen[v] {
					seen[v] = true
					out = append(out, v)
					taken++
				}
			}
		}
		zr.Close()
		fh.Close()
	}
	return out
}

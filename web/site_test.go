package web

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/internal/playground"
	"github.com/spelunk-dev/spelunk/internal/tutorial"
)

// The site's copy of the seed detection's files is the repository's
// testdata/seed, file for file.
func TestSeedCopy(t *testing.T) {
	var want, got []string
	_ = filepath.WalkDir("../testdata/seed", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			want = append(want, strings.TrimPrefix(filepath.ToSlash(p), "../testdata/seed/"))
		}
		return err
	})
	_ = fs.WalkDir(Site, "site/data/seed", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			got = append(got, strings.TrimPrefix(p, "site/data/seed/"))
		}
		return err
	})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("files (-testdata/seed +site/data/seed):\n%s", diff)
	}
	for _, name := range want {
		a, _ := os.ReadFile(filepath.Join("../testdata/seed", name))
		b, _ := fs.ReadFile(Site, "site/data/seed/"+name)
		if string(a) != string(b) {
			t.Errorf("site/data/seed/%s differs from testdata/seed/%s: run cp -r testdata/seed web/site/data/", name, name)
		}
	}
}

type dataset struct {
	ID    string `json:"id"`
	Files []struct {
		URL        string `json:"url"`
		Sourcetype string `json:"sourcetype"`
	} `json:"files"`
	Macros    []string `json:"macros"`
	Detection string   `json:"detection"`
	Tutorial  bool     `json:"tutorial"`
}

// urls lists every file a data set names: its macros, its data files and
// its detection.
func (d dataset) urls() []string {
	urls := slices.Clone(d.Macros)
	for _, f := range d.Files {
		urls = append(urls, f.URL)
	}
	if d.Detection != "" {
		urls = append(urls, d.Detection)
	}
	return urls
}

// Every file a data set names is in the site, below it.
func TestDatasets(t *testing.T) {
	var sets []dataset
	readJSON(t, "site/datasets.json", &sets)
	for _, d := range sets {
		urls := d.urls()
		if len(urls) == 0 && !d.Tutorial {
			t.Errorf("%s: no data", d.ID)
		}
		for _, u := range urls {
			if !fs.ValidPath(u) || path.Clean(u) != u {
				t.Errorf("%s: %q is not a plain path inside the site", d.ID, u)
				continue
			}
			if _, err := fs.Stat(Site, "site/"+u); err != nil {
				t.Errorf("%s: %v", d.ID, err)
			}
		}
	}
}

type lesson struct {
	ID, Title, Data, Starter, Solution string
	Expect                             struct {
		Columns []string   `json:"columns"`
		Rows    [][]string `json:"rows"`
		Ordered bool       `json:"ordered"`
	} `json:"expect"`
}

// Each lesson's solution, over the tutorial data, gives the rows the
// lesson expects; its starter does not. The expected rows were written
// from the generator's planted counts (internal/tutorial), not from a run.
// check is app.js's checkLesson written again in Go.
func TestLessons(t *testing.T) {
	var lessons []lesson
	readJSON(t, "site/lessons.json", &lessons)
	if len(lessons) < 5 {
		t.Fatalf("%d lessons", len(lessons))
	}
	var ds playground.DataSet
	for _, f := range tutorial.Generate(tutorial.Seed) {
		ds.Files = append(ds.Files, playground.File{Name: f.Name, Text: f.Text, Sourcetype: f.Sourcetype, Source: f.Source})
	}
	s, _, err := playground.Load(ds)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lessons {
		t.Run(l.ID, func(t *testing.T) {
			if l.Data != "tutorial" {
				t.Fatalf("data %q: the test loads only the tutorial set", l.Data)
			}
			res := s.Run(context.Background(), l.Solution)
			if res.Error != "" {
				t.Fatalf("solution: %s", res.Error)
			}
			got, ok := project(res, l.Expect.Columns)
			if !ok {
				t.Fatalf("solution's columns %v lack some of %v", res.Columns, l.Expect.Columns)
			}
			want := slices.Clone(l.Expect.Rows)
			if !l.Expect.Ordered {
				sortRows(got)
				sortRows(want)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("solution's rows (-lesson +spelunk):\n%s", diff)
			}
			if st := s.Run(context.Background(), l.Starter); st.Error == "" {
				if rows, ok := project(st, l.Expect.Columns); ok && cmp.Equal(rows, l.Expect.Rows) {
					t.Errorf("the starter already answers the lesson")
				}
			}
		})
	}
}

func project(res playground.Result, cols []string) ([][]string, bool) {
	idx := make([]int, len(cols))
	for i, c := range cols {
		idx[i] = slices.Index(res.Columns, c)
		if idx[i] < 0 {
			return nil, false
		}
	}
	rows := [][]string{}
	for _, r := range res.Rows {
		row := make([]string, len(idx))
		for i, j := range idx {
			row[i] = strings.Join(r[j], "\n")
		}
		rows = append(rows, row)
	}
	return rows, true
}

func sortRows(rows [][]string) {
	slices.SortFunc(rows, func(a, b []string) int { return slices.Compare(a, b) })
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := fs.ReadFile(Site, name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// The service worker keeps every file a data set names (so that the page
// switches data sets offline), and those files exist.
func TestServiceWorkerFiles(t *testing.T) {
	b, err := fs.ReadFile(Site, "site/sw.js")
	if err != nil {
		t.Fatal(err)
	}
	list := regexp.MustCompile(`(?s)const FILES = \[(.*?)\];`).FindSubmatch(b)
	if list == nil {
		t.Fatal("no FILES list in sw.js")
	}
	kept := map[string]bool{}
	for _, m := range regexp.MustCompile(`"([^"]+)"`).FindAllSubmatch(list[1], -1) {
		name := string(m[1])
		kept[name] = true
		if name == "./" || name == "spelunk.wasm" || name == "wasm_exec.js" {
			continue // the page itself, and what go generate writes
		}
		if _, err := fs.Stat(Site, "site/"+name); err != nil {
			t.Errorf("sw.js keeps %s: %v", name, err)
		}
	}
	var sets []dataset
	readJSON(t, "site/datasets.json", &sets)
	for _, d := range sets {
		for _, u := range d.urls() {
			if !kept[u] {
				t.Errorf("sw.js does not keep %s (data set %s)", u, d.ID)
			}
		}
	}
}

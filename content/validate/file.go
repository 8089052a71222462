package validate

import (
	"path/filepath"
	"strings"
	"sync"
)

// Workspace is a repository read once, whose files can then be checked
// again one at a time with new text: an editor checks the file being
// typed against the rest of the repository as it is on disk.
type Workspace struct {
	mu  sync.Mutex
	r   *repo
	ctx *searchContext
}

// Open reads the repository that holds path, as Run does, without
// checking it.
func Open(path string, opt Options) (*Workspace, error) {
	root, err := findRoot(path)
	if err != nil {
		return nil, err
	}
	r, err := loadRepo(root, opt)
	if err != nil {
		return nil, err
	}
	r.problems = nil
	return &Workspace{r: r, ctx: r.searchContext()}, nil
}

// Root is the repository's root folder.
func (w *Workspace) Root() string { return w.r.root }

// CheckFile runs the rules of one file (its path in the repository, and
// its text raw) against the rest of the repository, and returns its
// problems sorted by position. A file outside the repository's content
// folders has none. The repository keeps the file as it was read.
func (w *Workspace) CheckFile(path string, raw []byte) []Problem {
	w.mu.Lock()
	defer w.mu.Unlock()
	r := w.r
	k, ok := r.kindOf(path)
	if !ok {
		return nil
	}
	r.problems = nil
	defer func() { r.problems = nil }()
	o := r.parseObject(k, path, raw)
	if o != nil {
		list := r.objects[k]
		i := -1
		for j, x := range list {
			if x.path == path {
				i = j
			}
		}
		if i >= 0 {
			old := list[i]
			list[i] = o
			defer func() { list[i] = old }()
		}
		r.checkUniqueOf(o)
		r.checkCommon(o)
		switch k {
		case kindDataSource:
			r.requireStrings(o, "source", "sourcetype")
		case kindMacro:
			r.checkMacro(o)
		case kindLookup:
			r.checkLookup(o)
		case kindStory:
			r.checkStory(o)
		case kindDetection:
			r.checkDetection(o, w.ctx)
		}
	}
	var out []Problem
	for _, p := range r.problems {
		if p.File == path {
			out = append(out, p)
		}
	}
	sortProblems(out)
	return out
}

// kindOf tells which content folder of the repository path is in.
func (r *repo) kindOf(path string) (kind, bool) {
	rel, err := filepath.Rel(r.root, path)
	if err != nil || strings.HasPrefix(rel, "..") || !strings.HasSuffix(path, ".yml") || strings.Contains(filepath.Base(path), ".spelunk.") {
		return "", false
	}
	top, rest, _ := strings.Cut(filepath.ToSlash(rel), "/")
	for _, k := range []kind{kindDataSource, kindLookup, kindMacro, kindStory, kindDetection} {
		if top == string(k) && rest != "" && (k == kindDetection || !strings.Contains(rest, "/")) {
			return k, true
		}
	}
	return "", false
}

// checkUniqueOf is checkUnique for one object: its name or id is taken
// when an object before it, in checkUnique's order, has it.
func (r *repo) checkUniqueOf(o *object) {
	id := strings.ToLower(o.id)
	nameTaken, idTaken := "", ""
outer:
	for _, k := range []kind{kindDataSource, kindLookup, kindMacro, kindStory, kindDetection} {
		for _, x := range r.objects[k] {
			if x.path == o.path {
				break outer
			}
			if o.name != "" && x.name == o.name && nameTaken == "" {
				nameTaken = x.path
			}
			if id != "" && strings.ToLower(x.id) == id && idTaken == "" {
				idTaken = x.path
			}
		}
	}
	if nameTaken != "" {
		kn, _ := o.get("name")
		r.add(o, kn, Error, "unique-name", "name %q is already used by %s", o.name, r.rel(nameTaken))
	}
	if idTaken != "" {
		kn, _ := o.get("id")
		r.add(o, kn, Error, "unique-id", "id %s is already used by %s", o.id, r.rel(idTaken))
	}
}

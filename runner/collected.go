package runner

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
)

// Folders are the engine's folders of the Config, each checked to be a
// folder.
func (r *Runner) Folders() (engine.Folders, error) {
	f := engine.Folders{}
	for _, d := range []struct {
		setting, dir string
		to           *string
	}{{"--collect-dir", r.cfg.CollectDir, &f.Collect}, {"--csv-dir", r.cfg.CSVDir, &f.CSV}, {"--rest-fixtures", r.cfg.RestFixtures, &f.RestFixtures}} {
		if d.dir == "" {
			continue
		}
		real, err := realDir(d.dir)
		if err != nil {
			return f, &ConfigError{Setting: d.setting, Value: d.dir, Err: err}
		}
		*d.to = real
	}
	return f, nil
}

// realDir is dir made absolute with its symbolic links resolved, when it
// is a folder.
func realDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", err
	}
	st, err := os.Stat(real)
	if err != nil {
		return "", err
	}
	if !st.IsDir() {
		return "", fmt.Errorf("%s is not a folder", dir)
	}
	return real, nil
}

// collected is the store of the events collect wrote in
// Config.CollectDir (its *.stash files, regular files only), read again
// whenever the files changed since the last search: a search reads back
// what an earlier one collected. nil when there are none.
func (r *Runner) collected() (*store.Store, error) {
	if r.cfg.CollectDir == "" {
		return nil, nil
	}
	dir, err := realDir(r.cfg.CollectDir)
	if err != nil {
		return nil, &ConfigError{Setting: "--collect-dir", Value: r.cfg.CollectDir, Err: err}
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, &ConfigError{Setting: "--collect-dir", Value: r.cfg.CollectDir, Err: err}
	}
	var files, sig []string
	for _, e := range ents {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".stash") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		files = append(files, filepath.Join(dir, e.Name()))
		sig = append(sig, fmt.Sprintf("%s\x00%d\x00%d", e.Name(), info.Size(), info.ModTime().UnixNano()))
	}
	sort.Strings(files)
	sort.Strings(sig)
	key := strings.Join(sig, "\x01")
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.collKey == key && r.collSet {
		return r.coll, nil
	}
	var st *store.Store
	if len(files) > 0 {
		kb, err := r.Base()
		if err != nil {
			return nil, err
		}
		if st, err = store.NewWith(kb); err != nil {
			return nil, err
		}
		if _, err := st.AddPaths(files, ingest.Options{}, 1, nil); err != nil {
			return nil, &DataError{Err: fmt.Errorf("--collect-dir: %w", err)}
		}
	}
	r.coll, r.collKey, r.collSet = st, key, true
	return st, nil
}

// withCollected is src with the collected events added, when there are
// any.
func (r *Runner) withCollected(src *store.Store) (engine.Source, error) {
	coll, err := r.collected()
	if err != nil || coll == nil || coll.Len() == 0 {
		return src, err
	}
	return store.Union(src, coll), nil
}

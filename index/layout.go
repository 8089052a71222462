// Package index writes log events to a folder of Apache Parquet files and
// reads them back as an engine.Source: ingest once, search many times.
//
// The folder holds a manifest (spelunk-index.json) and Hive-style
// partitions, index=<i>/sourcetype=<st>/day=<YYYY-MM-DD>/part-<n>.parquet,
// one row per event: _time, _raw, host, source, sourcetype, index and the
// fields the event's format yields (docs/INDEX.md lists the columns). A
// search over the folder gives the add-on knowledge to each event as it is
// read, with the same shaper a search over the raw files uses, so the
// results are those of the raw files.
package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spelunk-dev/spelunk/ingest"
)

// ManifestName is the manifest's file name in an index folder.
const ManifestName = "spelunk-index.json"

// manifestVersion is the layout this package writes. Version 2 added the
// summary cells kept as their event's place in _raw (summary_copy.go),
// which a reader of version 1 would read as nulls; version 1 reads as
// before. Version 3 added the summary cells kept as a reference to their
// event's column (summary_cref.go); versions 1 and 2 read as before.
const manifestVersion = 3

// Manifest lists what an index folder holds.
type Manifest struct {
	Version int `json:"version"`
	// Files are the files indexed, in the order their events were read.
	Files []FileEntry `json:"files"`
	// Parts are the Parquet files written.
	Parts []PartEntry `json:"parts"`
	// Summaries are the Parquet files of the data model summaries.
	Summaries []SummaryPart `json:"summaries,omitempty"`
	// Runs are the indexing runs, with what reading their files found.
	Runs []RunEntry `json:"runs"`
	// NextSeq is the first _seq value the next run gives.
	NextSeq int64 `json:"next_seq"`
}

// FileEntry is one file indexed.
type FileEntry struct {
	Path  string    `json:"path"`
	Size  int64     `json:"size"`
	MTime time.Time `json:"mtime"`
	// XXH3 is the content's 128-bit XXH3; SHA256 its SHA-256, which
	// indexes made before XXH3 have instead, and new entries only when
	// such an entry has their size (see pickByContent).
	XXH3   string `json:"xxh3,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	Events int    `json:"events"`
}

// PartEntry is one Parquet file of a partition.
type PartEntry struct {
	// Path is relative to the index folder, with forward slashes.
	Path       string  `json:"path"`
	Index      string  `json:"index"`
	Sourcetype string  `json:"sourcetype"`
	Day        string  `json:"day"`
	Events     int64   `json:"events"`
	Bytes      int64   `json:"bytes"`
	MinTime    float64 `json:"min_time"`
	MaxTime    float64 `json:"max_time"`
	RowGroups  int     `json:"row_groups"`
}

// RunEntry is one indexing run: the ingest options its files were read
// with and what the reading found (bad records, notes).
type RunEntry struct {
	Started    time.Time    `json:"started"`
	Sourcetype string       `json:"sourcetype,omitempty"`
	Source     string       `json:"source,omitempty"`
	Host       string       `json:"host,omitempty"`
	Index      string       `json:"index,omitempty"`
	Stats      ingest.Stats `json:"stats"`
	// Summarized gives each dataset the run summarized its events for
	// the fingerprint of the knowledge it was built with.
	Summarized map[string]string `json:"summarized,omitempty"`
}

// IsIndex reports whether dir is an index folder: a folder holding a
// manifest.
func IsIndex(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, ManifestName))
	return err == nil && st.Mode().IsRegular()
}

// ReadManifest reads dir's manifest.
func ReadManifest(dir string) (*Manifest, error) {
	path := filepath.Join(dir, ManifestName)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if m.Version < 1 || m.Version > manifestVersion {
		return nil, fmt.Errorf("%s: layout version %d, this spelunk reads %d: index the files again into an empty folder (spelunk index --data FILES --out NEWDIR)", path, m.Version, manifestVersion)
	}
	for _, p := range m.Parts {
		if err := checkRel(p.Path); err != nil {
			return nil, fmt.Errorf("%s: part %q: %w", path, p.Path, err)
		}
	}
	for _, p := range m.Summaries {
		if err := checkRel(p.Path); err != nil {
			return nil, fmt.Errorf("%s: summary part %q: %w", path, p.Path, err)
		}
	}
	return &m, nil
}

// writeManifest replaces dir's manifest at once (a reader sees the old
// one or the new one, never half of one).
func writeManifest(dir string, m *Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".manifest-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, ManifestName))
}

// emptyPartition names a partition whose value is empty, as Hive does.
const emptyPartition = "__HIVE_DEFAULT_PARTITION__"

// maxPartitionValue bounds an escaped partition value: file systems take
// 255 bytes a name.
const maxPartitionValue = 200

// EscapePartition makes a partition value safe as part of a folder name,
// as Hive escapes it: %XX for the separators (/ \ =), %, characters file
// systems refuse or treat specially (: * ? " < > |), control and non-ASCII
// bytes, and a leading dot (so that no name is "." or ".." or hidden).
// Readers that know Hive's escaping (DuckDB, Spark) get the value back.
func EscapePartition(v string) (string, error) {
	if v == "" {
		return emptyPartition, nil
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < 0x20 || c >= 0x7f || strings.IndexByte(`/\=%:*?"<>|#`, c) >= 0 || (i == 0 && c == '.') {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	if b.Len() > maxPartitionValue {
		return "", fmt.Errorf("partition value %.40q... is too long for a folder name", v)
	}
	return b.String(), nil
}

// partitionDir is the relative folder of a partition.
func partitionDir(idx, st, day string) (string, error) {
	var parts []string
	for _, kv := range [][2]string{{"index", idx}, {"sourcetype", st}, {"day", day}} {
		e, err := EscapePartition(kv[1])
		if err != nil {
			return "", fmt.Errorf("%s: %w", kv[0], err)
		}
		parts = append(parts, kv[0]+"="+e)
	}
	return strings.Join(parts, "/"), nil
}

var errOutside = errors.New("the path leads out of the index folder")

// checkRel refuses a relative path that is absolute, climbs out (..) or
// is not in clean form.
func checkRel(rel string) error {
	if rel == "" || filepath.IsAbs(rel) || strings.HasPrefix(rel, "/") || strings.Contains(rel, `\`) {
		return errOutside
	}
	for _, c := range strings.Split(rel, "/") {
		if c == "" || c == "." || c == ".." {
			return errOutside
		}
	}
	return nil
}

// safeJoin joins dir and a relative path of the index, refusing one that
// leads out of dir: by its text, or through a link on the way (no
// component below dir may be a symbolic link). The last component need
// not exist.
func safeJoin(dir, rel string) (string, error) {
	if err := checkRel(rel); err != nil {
		return "", fmt.Errorf("%s: %w", rel, err)
	}
	path := dir
	for _, c := range strings.Split(rel, "/") {
		path = filepath.Join(path, c)
		st, err := os.Lstat(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if st.Mode()&os.ModeSymlink != 0 {
			return "", fmt.Errorf("%s: is a symbolic link: %w", path, errOutside)
		}
	}
	return path, nil
}

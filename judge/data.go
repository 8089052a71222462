package judge

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strings"

	"github.com/spelunk-dev/spelunk/attackdata"
)

// fetch is one data file of a test that is to be downloaded: the URL,
// and the key whose path the downloaded file fills in.
type fetch struct {
	tc  *Case
	key int
	url string
}

// locateData resolves a test's data references in order: a local file
// becomes a key at once, a URL a key whose path waits for its download.
// The first reference that cannot be used skips the test, and the rest
// are not looked at.
func locateData(tc *Case, opt Options) []fetch {
	if len(tc.Test.AttackData) == 0 {
		tc.Skip = "the test names no attack data"
		return nil
	}
	var out []fetch
	for _, ad := range tc.Test.AttackData {
		src, err := attackdata.Locate(ad.Data, opt.DataDir, tc.Detection.Path)
		if err != nil {
			tc.Skip, tc.keys = err.Error(), nil
			return nil
		}
		k := dataKey{path: src.Path, source: ad.Source, sourcetype: ad.Sourcetype}
		if src.URL != "" {
			u := src.URL
			if opt.MediaBase != "" {
				if rel, ok := strings.CutPrefix(u, attackdata.MediaPrefix); ok {
					u = opt.MediaBase + rel
				}
			}
			out = append(out, fetch{tc: tc, key: len(tc.keys), url: u})
		} else if _, err := os.Stat(src.Path); errors.Is(err, fs.ErrNotExist) {
			tc.Skip, tc.keys = "data file missing: "+src.Path, nil
			return nil
		}
		tc.keys = append(tc.keys, k)
	}
	return out
}

// fetchData downloads every URL of fetches in one Cache.Fetch and fills
// in the keys' paths. A test whose file could not be had is skipped with
// the download's error, which names the URL and says what to do.
func fetchData(ctx context.Context, fetches []fetch, opt Options) {
	if len(fetches) == 0 {
		return
	}
	if opt.Cache == nil {
		for _, f := range fetches {
			if f.tc.Skip == "" {
				f.tc.Skip = f.url + ": not in --data-dir, and downloads are off"
			}
		}
		return
	}
	urls := make([]string, len(fetches))
	for i, f := range fetches {
		urls[i] = f.url
	}
	paths, errs := opt.Cache.Fetch(ctx, urls, opt.Jobs)
	failed := map[string]string{}
	for _, err := range errs {
		var ae *attackdata.Error
		if errors.As(err, &ae) {
			failed[ae.URL] = err.Error()
		}
	}
	for _, f := range fetches {
		p, ok := paths[f.url]
		switch {
		case f.tc.Skip != "":
		case ok:
			f.tc.keys[f.key].path = p
		case failed[f.url] != "":
			f.tc.Skip = failed[f.url]
		default:
			f.tc.Skip = f.url + ": not downloaded"
		}
	}
	// A skipped test reads no data: its keys must not hold stores back.
	for _, f := range fetches {
		if f.tc.Skip != "" {
			f.tc.keys = nil
		}
	}
}

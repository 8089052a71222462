package attackdata

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/content"
)

// Every https data: URL in security_content must map to a URL that the
// cache accepts, so no corpus test is refused for the shape of its URL.
func TestCorpusURLs(t *testing.T) {
	corpus := os.Getenv("SPELUNK_CORPUS")
	if corpus == "" {
		t.Skip("SPELUNK_CORPUS is not set")
	}
	var n int
	err := filepath.WalkDir(filepath.Join(corpus, "detections"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yml") {
			return err
		}
		det, err := content.LoadDetection(p)
		if err != nil {
			return nil // not this package's concern
		}
		for _, tc := range det.Tests {
			for _, ad := range tc.AttackData {
				if !strings.HasPrefix(ad.Data, "https://") {
					continue
				}
				n++
				src, err := Locate(ad.Data, "", p)
				if err != nil {
					t.Errorf("%s: %v", p, err)
					continue
				}
				if !strings.HasPrefix(src.URL, MediaPrefix) {
					t.Errorf("%s: %s located as %+v, want a %s URL", p, ad.Data, src, MediaPrefix)
				}
				if _, err := cacheRel(src.URL); err != nil {
					t.Errorf("%s: %s: %v", p, src.URL, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatalf("no https data: URL found under %s", corpus)
	}
	t.Logf("%d data: URLs checked", n)
}

package benchgen

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spelunk-dev/spelunk/ingest"
)

// The same seed gives the same bytes; the records read back as the
// events they describe.
func TestGenerate(t *testing.T) {
	for _, f := range []Format{SysmonXML, CrowdStrikeJSON} {
		var a, b, c bytes.Buffer
		if err := Generate(&a, Options{Events: 5000, Seed: 3, Format: f}); err != nil {
			t.Fatal(err)
		}
		_ = Generate(&b, Options{Events: 5000, Seed: 3, Format: f})
		_ = Generate(&c, Options{Events: 5000, Seed: 4, Format: f})
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("format %d: same seed, different output", f)
		}
		if bytes.Equal(a.Bytes(), c.Bytes()) {
			t.Errorf("format %d: another seed, same output", f)
		}
		wermgr := 0
		st, err := ingest.Read(bytes.NewReader(a.Bytes()), "gen", ingest.Options{}, func(ev *ingest.Event) error {
			for _, fld := range ev.Fields {
				if (fld.Name == "ParentImage" || fld.Name == "ParentBaseFileName") && strings.HasSuffix(fld.Value.String(), "wermgr.exe") {
					wermgr++
				}
			}
			return nil
		})
		if err != nil || st.Events != 5000 || st.Bad != 0 {
			t.Fatalf("format %d: read %+v, %v", f, st, err)
		}
		// 0.1% of 5,000 is 5, give or take the draw.
		if wermgr < 1 || wermgr > 15 {
			t.Errorf("format %d: %d wermgr.exe parents in 5,000 events", f, wermgr)
		}
		if f == SysmonXML && !bytes.Contains(a.Bytes(), []byte("&amp;")) {
			t.Errorf("no XML entity in the Sysmon output")
		}
	}
}

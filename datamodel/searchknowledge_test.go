package datamodel

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

var (
	_ engine.KnowledgeSource = (*Store)(nil)
	_ engine.KnowledgeSource = (*Stream)(nil)
	_ engine.KnowledgeSource = union(nil)
)

// TestKnowledgeEventtypesMatchStore checks typer's path against the
// store's: the eventtypes Knowledge computes again for each stored event
// are the ones the store gave it at ingest time.
func TestKnowledgeEventtypesMatchStore(t *testing.T) {
	s, err := NewStore()
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "datamodels", "*"))
	more, _ := filepath.Glob(filepath.Join("..", "testdata", "cim_detections", "data", "*"))
	paths = append(paths, more...)
	if _, err := s.AddPaths(paths, ingest.Options{}, 2, nil); err != nil {
		t.Fatal(err)
	}
	k, err := s.Knowledge()
	if err != nil {
		t.Fatal(err)
	}
	typed := 0
	err = s.Events(context.Background(), func(ev value.Fields) error {
		want := ev.Get("eventtype").Strings()
		typed += min(len(want), 1)
		if diff := cmp.Diff(want, k.Eventtypes(ev), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s event at %v: (-store +knowledge)\n%s", ev.Get("sourcetype"), ev.Get("_time"), diff)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if typed == 0 {
		t.Fatal("no event has an eventtype: the test checks nothing")
	}
}

// TestKnowledgeFieldTags checks the tags.conf side: an eventtype's tags
// come from its entry in the built-in knowledge (Splunk_TA_windows's
// eventtypes.conf and tags.conf: wineventlog_security is tagged os and
// windows), and values without a stanza have none.
func TestKnowledgeFieldTags(t *testing.T) {
	s, err := NewStore()
	if err != nil {
		t.Fatal(err)
	}
	k, err := s.Knowledge()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		field, value string
		want         []string
	}{
		{"eventtype", "wineventlog_security", []string{"os", "windows"}},
		{"eventtype", "windows_logon_failure", []string{"authentication"}},
		{"eventtype", "nosuch", nil},
		{"host", "wineventlog_security", nil},
	}
	for _, tc := range cases {
		if diff := cmp.Diff(tc.want, k.FieldTags(tc.field, tc.value)); diff != "" {
			t.Errorf("FieldTags(%s, %s): (-want +got)\n%s", tc.field, tc.value, diff)
		}
	}
}

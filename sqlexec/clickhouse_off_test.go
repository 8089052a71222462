//go:build spelunk_noclickhouse

package sqlexec

import (
	"strings"
	"testing"
)

// Built without the ClickHouse client, a clickhouse:// URL is an error
// that says how to get it, for --engine and for index --to alike.
func TestNoClickHouse(t *testing.T) {
	url := "clickhouse://localhost:9000/db"
	if _, err := Open(url); err == nil || !strings.Contains(err.Error(), "spelunk_noclickhouse") {
		t.Errorf("Open(%q) = %v, want the error of a binary without ClickHouse", url, err)
	}
	if _, err := DialClickHouse(url); err == nil || !strings.Contains(err.Error(), "build it without the tag") {
		t.Errorf("DialClickHouse(%q) = %v, want the error of a binary without ClickHouse", url, err)
	}
}

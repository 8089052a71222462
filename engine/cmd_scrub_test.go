package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/value"
)

// TestScrub checks what docs/SEMANTICS.md says spelunk's scrub does (the
// Search Reference, https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/scrub,
// says it replaces identifying data "with fictional values that maintain
// the same word length"): each term keeps its length, letter case and
// digit places; dictionary words, punctuation and internal fields stay;
// a term becomes the same in _raw and in a field and in every run; a
// namespace changes the replacements.
func TestScrub(t *testing.T) {
	src := &memSource{events: []value.Fields{row("_raw", "user=Alice99 login failed from 10.1.2.3", "user", "Alice99", "src", "10.1.2.3", "_cd", "7:1", "sourcetype", "linux_secure")}}
	run := func(q string) value.Fields {
		res, err := runQuery(t, src, q)
		if err != nil {
			t.Fatal(err)
		}
		return res.Rows[0]
	}
	a, b := run("* | scrub"), run("* | scrub")
	if diff := cmp.Diff(table(&Result{Rows: []value.Fields{a}}), table(&Result{Rows: []value.Fields{b}})); diff != "" {
		t.Errorf("two runs differ (-first +second):\n%s", diff)
	}
	raw, user, ip := a.Get("_raw").String(), a.Get("user").String(), a.Get("src").String()
	if len(raw) != len("user=Alice99 login failed from 10.1.2.3") || !strings.HasPrefix(raw, "user=") || !strings.Contains(raw, " login failed from ") {
		t.Errorf("_raw %q: dictionary words and the shape must stay", raw)
	}
	if user == "Alice99" || len(user) != 7 || user[0] < 'A' || user[0] > 'Z' || user[1] < 'a' || user[5] < '0' || user[5] > '9' {
		t.Errorf("user %q: want a made-up term shaped like Alice99", user)
	}
	if !strings.Contains(raw, "user="+user+" ") || !strings.HasSuffix(raw, " "+ip) {
		t.Errorf("_raw %q does not hold the scrubbed user %q and src %q", raw, user, ip)
	}
	if strings.Count(ip, ".") != 3 || len(ip) != len("10.1.2.3") || ip == "10.1.2.3" {
		t.Errorf("src %q: want a made-up address of the same shape", ip)
	}
	if a.Get("_cd").String() != "7:1" || a.Get("sourcetype").String() != "linux_secure" {
		t.Errorf("internal fields and sourcetype must stay: %v", a)
	}
	if c := run("* | scrub namespace=other"); c.Get("user").String() == user {
		t.Errorf("namespace=other gave the same replacement %q", user)
	}
	if _, err := runQuery(t, src, "* | scrub dictionary=words.txt"); err == nil || !strings.Contains(err.Error(), "own dictionary") {
		t.Errorf("dictionary=: %v, want an error", err)
	}
}

package index

import (
	"math/rand"
	"testing"

	"github.com/spelunk-dev/spelunk/value"
)

// rootGates skip a root only for values it failed on before: over random
// rows (fields absent, text, multivalues of text in changing order,
// numbers, a row made in the space of the one before), a skipped
// root's test would have failed, and most repeats are skipped.
func TestRootGates(t *testing.T) {
	reads := [][]string{{"tag"}, {"tag", "user"}, nil, {"user"}}
	// Each root's test: a function of the values of the fields it reads.
	tests := []func(value.Fields) bool{
		func(r value.Fields) bool { return hasText(r, "tag", "process") },
		func(r value.Fields) bool { return hasText(r, "tag", "network") && hasText(r, "user", "bob") },
		func(r value.Fields) bool { return false },
		func(r value.Fields) bool { return hasText(r, "user", "alice") },
	}
	tagValues := []value.Value{
		value.Str("process"), value.Str("network"), value.Str("report"),
		value.Multi(value.Str("report"), value.Str("network")),
		value.Multi(value.Str("network"), value.Str("report")),
		value.Multi(value.Str("process"), value.Str("report")),
		value.Num(1),
	}
	users := []string{"alice", "bob", "carol"}
	rng := rand.New(rand.NewSource(1))
	g := newRootGates(reads)
	var row value.Fields
	skipped, failed := 0, 0
	for range 20000 {
		row = row[:0]
		row = append(row, value.Field{Name: "host", Value: value.Str("h")})
		// Runs of repeats, as events of a sourcetype repeat their tags.
		tag := tagValues[rng.Intn(len(tagValues))]
		if rng.Intn(4) > 0 {
			tag = tagValues[rng.Intn(2)+2]
		}
		if rng.Intn(10) > 0 {
			row = append(row, value.Field{Name: "tag", Value: tag})
		}
		if rng.Intn(5) > 0 {
			row = append(row, value.Field{Name: "user", Value: value.Str(users[rng.Intn(len(users))])})
		}
		g.event(row)
		for i, test := range tests {
			met := test(row)
			if !met {
				failed++
			}
			if g.fails(i) {
				skipped++
				if met {
					t.Fatalf("root %d skipped for %v, whose test passes", i, row)
				}
				continue
			}
			g.result(i, met)
		}
	}
	if skipped < failed/10 {
		t.Errorf("only %d of %d failed tests skipped", skipped, failed)
	}
}

// hasText reports whether field holds text (one of its values).
func hasText(r value.Fields, field, text string) bool {
	v, ok := r.Lookup(field)
	if !ok {
		return false
	}
	for _, e := range v.Values() {
		if e.Kind() == value.KindString && e.String() == text {
			return true
		}
	}
	return false
}

// isText agrees with comparing v.String().
func TestIsText(t *testing.T) {
	vals := []value.Value{
		value.Str(""), value.Str("a"), value.Str("a\nb"), value.Num(1.5),
		value.Multi(value.Str("a"), value.Str("b")), value.Multi(value.Str("a\nb")),
		value.Multi(value.Str(""), value.Str("b")), value.Multi(value.Str("a"), value.Str("")),
		value.Multi(value.Str("a"), value.Num(2)), value.Multi(),
	}
	texts := []string{"", "a", "b", "a\nb", "a\n", "\nb", "1.5", "a\nb\n", "a\n2", "ab"}
	for _, v := range vals {
		for _, s := range append(texts, v.String()) {
			if got, want := isText(s, v), s == v.String(); got != want {
				t.Errorf("isText(%q, %#v) = %v, want %v", s, v, got, want)
			}
		}
	}
}

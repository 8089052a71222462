package index

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/spelunk-dev/spelunk/value"
)

// rootGates skip a root only for values it failed on before, and pass one
// untested only for values it met before: over random rows (fields
// absent, text, multivalues of text in changing order, numbers, a row
// made in the space of the one before), a skipped root's test would have
// failed, a passed one's met, and most repeats are decided so.
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
	skipped, failed, passed, met := 0, 0, 0, 0
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
			ok := test(row)
			if !ok {
				failed++
			} else {
				met++
			}
			if g.fails(i) {
				skipped++
				if ok {
					t.Fatalf("root %d skipped for %v, whose test passes", i, row)
				}
				continue
			}
			if g.meets(i) {
				passed++
				if !ok {
					t.Fatalf("root %d passed for %v, whose test fails", i, row)
				}
				continue
			}
			g.result(i, ok)
		}
	}
	if skipped < failed/10 {
		t.Errorf("only %d of %d failed tests skipped", skipped, failed)
	}
	if passed < met/10 {
		t.Errorf("only %d of %d tests met passed untested", passed, met)
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
			if got, want := isText(s, &v), s == v.String(); got != want {
				t.Errorf("isText(%q, %#v) = %v, want %v", s, v, got, want)
			}
		}
	}
}

// groupIDs orders rows as comparing their key texts does (the sort
// before ranks): random batches of layouts with and without the key
// fields, a field searches filter on, empty texts, repeats, equal times.
func TestSortRowsByRanks(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	// process_name is a field searches filter on: a key before the others.
	lays := []*sumLayout{{names: []string{"a", "b", "c", "process_name"}}, {names: []string{"b", "a"}},
		{names: []string{"process_name", "c", "x"}}}
	for round := range 200 {
		batch := make([]sumRow, 1+rng.Intn(300))
		for i := range batch {
			lay := lays[rng.Intn(len(lays))]
			texts := make([]string, len(lay.names))
			for k := range texts {
				if n := rng.Intn(8 + round%60); n > 0 {
					texts[k] = fmt.Sprint("v", n%(2+round%70))
				}
			}
			batch[i] = sumRow{t: float64(rng.Intn(5)), seq: int64(i), lay: lay, texts: texts}
		}
		want := append([]sumRow(nil), batch...)
		sortRowsByTexts(want)
		// Fields written with a dictionary are numbered whatever their
		// distinct values; the others only while they may be keys.
		for _, dict := range []func(string) bool{
			func(string) bool { return false },
			func(string) bool { return true },
			func(name string) bool { return name == "a" || name == "x" },
		} {
			var g groupIDs
			g.number(batch, dict)
			order := g.order(batch)
			for i, k := range order {
				if got := batch[k.i].seq; got != want[i].seq {
					t.Fatalf("round %d: row %d is %d, want %d", round, i, got, want[i].seq)
				}
			}
		}
	}
}

// sortRowsByTexts is groupIDs.order comparing the key texts themselves.
func sortRowsByTexts(batch []sumRow) {
	num := map[string]int{}
	distinct := []map[string]bool{}
	var names []string
	for _, r := range batch {
		for k, n := range r.lay.names {
			id, ok := num[n]
			if !ok {
				id = len(distinct)
				num[n] = id
				distinct = append(distinct, map[string]bool{})
				names = append(names, n)
			}
			if d := distinct[id]; d != nil {
				if d[r.texts[k]] = true; len(d) > keyValues {
					distinct[id] = nil
				}
			}
		}
	}
	var keys []int
	for id, d := range distinct {
		if len(d) > 1 {
			keys = append(keys, id)
		}
	}
	sort.SliceStable(keys, func(i, j int) bool {
		if fi, fj := filteredBy[names[keys[i]]], filteredBy[names[keys[j]]]; fi != fj {
			return fi
		}
		return len(distinct[keys[i]]) < len(distinct[keys[j]])
	})
	keys = keys[:min(len(keys), sortKeys)]
	text := func(r sumRow, key int) string {
		for k, n := range r.lay.names {
			if num[n] == key {
				return r.texts[k]
			}
		}
		return ""
	}
	sort.SliceStable(batch, func(a, b int) bool {
		x, y := batch[a], batch[b]
		for _, key := range keys {
			if tx, ty := text(x, key), text(y, key); tx != ty {
				return tx < ty
			}
		}
		if x.t != y.t {
			return x.t > y.t
		}
		return x.seq < y.seq
	})
}

// The summary parts written with the dictionaries' entries taken by the
// cells' numbers are those written looking up each text: random rows of
// a few layouts, fields of few and of many distinct values (written with
// and without a dictionary), empty texts, types, several row groups.
func TestSummaryDictIDsMatchTexts(t *testing.T) {
	defer SetSummaryGroupRows(SetSummaryGroupRows(300))
	lays := []*sumLayout{{names: []string{"a", "b", "c", "d"}}, {names: []string{"b", "a", "id"}}, {names: []string{"d", "c", "x", "id"}}}
	for _, seed := range []int64{1, 2, 3} {
		rng := rand.New(rand.NewSource(seed))
		rows := make([]sumRow, 1000+rng.Intn(500))
		for i := range rows {
			lay := lays[rng.Intn(len(lays))]
			texts := make([]string, len(lay.names))
			for k, name := range lay.names {
				switch {
				case name == "id":
					texts[k] = fmt.Sprint("id-", rng.Intn(1<<30))
				case rng.Intn(10) == 0:
					texts[k] = ""
				case i > 0 && rng.Intn(2) == 0 && rows[i-1].lay == lay:
					texts[k] = rows[i-1].texts[k] // a neighbour's value, as rows repeat them
				default:
					texts[k] = fmt.Sprint(name, rng.Intn(3+int(seed)*40))
				}
			}
			r := sumRow{t: float64(rng.Intn(50)), tOK: rng.Intn(5) > 0, seq: int64(i), lay: lay, texts: texts, size: 100}
			if rng.Intn(4) == 0 {
				r.types = `{"a":"m"}`
			}
			rows[i] = r
		}
		write := func(number bool) []byte {
			defer func(old bool) { numberDicts = old }(numberDicts)
			numberDicts = number
			sb := &summaryBuilder{dir: t.TempDir()}
			w := &sumWriter{b: sb, name: "M.D", rel: "datamodel=M/dataset=D", declared: []string{"_time", "host"}}
			sb.writers = []*sumWriter{w}
			for i := 0; i < len(rows); i += 128 {
				if err := w.add(append([]sumRow(nil), rows[i:min(i+128, len(rows))]...), arenaBlocks{}); err != nil {
					t.Fatal(err)
				}
			}
			parts, _, err := sb.close()
			if err != nil || len(parts) != 1 || parts[0].RowGroups < 2 {
				t.Fatalf("parts %+v, %v", parts, err)
			}
			b, err := os.ReadFile(filepath.Join(sb.dir, parts[0].Path))
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		if got, want := write(true), write(false); !bytes.Equal(got, want) {
			t.Errorf("seed %d: the part written by numbers (%d bytes) differs from the one by texts (%d bytes)", seed, len(got), len(want))
		}
	}
}

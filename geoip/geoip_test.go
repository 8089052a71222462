package geoip

import (
	"bytes"
	"encoding/binary"
	"math"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/value"
)

// The tests build a tiny City database with the MMDB format as MaxMind
// specifies it (https://maxmind.github.io/MaxMind-DB/): a binary search
// tree over the address bits, a data section, and a metadata map.

type mmdbWriter struct{ buf bytes.Buffer }

func (w *mmdbWriter) ctrl(typ, size int) {
	ext := typ > 7
	t := typ
	if ext {
		t = 0
	}
	switch {
	case size < 29:
		w.buf.WriteByte(byte(t<<5 | size))
	case size < 285:
		w.buf.WriteByte(byte(t<<5 | 29))
		if ext {
			w.buf.WriteByte(byte(typ - 7))
			ext = false
		}
		w.buf.WriteByte(byte(size - 29))
	default:
		panic("size too large for the test writer")
	}
	if ext {
		w.buf.WriteByte(byte(typ - 7))
	}
}

func (w *mmdbWriter) value(v any) {
	switch x := v.(type) {
	case string:
		w.ctrl(2, len(x))
		w.buf.WriteString(x)
	case float64:
		w.ctrl(3, 8)
		_ = binary.Write(&w.buf, binary.BigEndian, math.Float64bits(x))
	case uint16:
		w.ctrl(5, 2)
		_ = binary.Write(&w.buf, binary.BigEndian, x)
	case uint32:
		w.ctrl(6, 4)
		_ = binary.Write(&w.buf, binary.BigEndian, x)
	case uint64:
		w.ctrl(9, 8)
		_ = binary.Write(&w.buf, binary.BigEndian, x)
	case []any:
		w.ctrl(11, len(x))
		for _, e := range x {
			w.value(e)
		}
	case map[string]any:
		w.ctrl(7, len(x))
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			w.value(k)
			w.value(x[k])
		}
	default:
		panic("unsupported type")
	}
}

// writeCityDB writes an IPv4 database holding one network.
func writeCityDB(t *testing.T, network netip.Prefix, rec map[string]any) string {
	t.Helper()
	bits := network.Bits()
	nodeCount := uint32(bits)
	var data mmdbWriter
	data.value(rec)
	var tree bytes.Buffer
	addr := network.Addr().As4()
	for i := 0; i < bits; i++ {
		bit := (addr[i/8] >> (7 - uint(i%8))) & 1
		next := uint32(i + 1)
		if i == bits-1 {
			next = nodeCount + 16 // data at offset 0
		}
		left, right := nodeCount, nodeCount
		if bit == 0 {
			left = next
		} else {
			right = next
		}
		_ = binary.Write(&tree, binary.BigEndian, left)
		_ = binary.Write(&tree, binary.BigEndian, right)
	}
	var out bytes.Buffer
	out.Write(tree.Bytes())
	out.Write(make([]byte, 16))
	out.Write(data.buf.Bytes())
	out.WriteString("\xAB\xCD\xEFMaxMind.com")
	var meta mmdbWriter
	meta.value(map[string]any{
		"node_count": nodeCount, "record_size": uint16(32), "ip_version": uint16(4),
		"database_type": "GeoLite2-City", "languages": []any{"en"},
		"binary_format_major_version": uint16(2), "binary_format_minor_version": uint16(0),
		"build_epoch": uint64(1700000000), "description": map[string]any{"en": "spelunk test database"},
	})
	out.Write(meta.buf.Bytes())
	p := filepath.Join(t.TempDir(), "city.mmdb")
	if err := os.WriteFile(p, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLocate(t *testing.T) {
	p := writeCityDB(t, netip.MustParsePrefix("81.2.69.0/24"), map[string]any{
		"city":         map[string]any{"names": map[string]any{"en": "London", "de": "London"}},
		"continent":    map[string]any{"names": map[string]any{"en": "Europe", "de": "Europa"}},
		"country":      map[string]any{"names": map[string]any{"en": "United Kingdom", "de": "Vereinigtes Königreich"}},
		"subdivisions": []any{map[string]any{"names": map[string]any{"en": "England"}}},
		"location":     map[string]any{"latitude": 51.5142, "longitude": -0.0931, "time_zone": "Europe/London"},
	})
	db, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, ok := db.Locate(netip.MustParseAddr("81.2.69.160"), true, "de")
	if !ok {
		t.Fatal("81.2.69.160 not found")
	}
	str := func(s string) value.Value { return value.Str(s) }
	want := []value.Field{{Name: "City", Value: str("London")}, {Name: "Country", Value: str("Vereinigtes Königreich")},
		{Name: "Region", Value: str("England")}, {Name: "lat", Value: str("51.5142")}, {Name: "lon", Value: str("-0.0931")},
		{Name: "Continent", Value: str("Europa")}, {Name: "Timezone", Value: str("Europe/London")}}
	if diff := cmp.Diff(want, got, cmp.Comparer(value.Equal)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, ok := db.Locate(netip.MustParseAddr("8.8.8.8"), false, "en"); ok {
		t.Errorf("8.8.8.8 should not be in the database")
	}
}

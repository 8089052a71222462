// Package geoip reads MaxMind GeoIP2/GeoLite2 City databases (.mmdb) for
// the iplocation command.
//
// It uses github.com/oschwald/maxminddb-golang/v2: a maintained, pure-Go
// reader of the MMDB format (no cgo), the one MaxMind's own Go libraries
// build on.
package geoip

import (
	"net/netip"
	"strconv"

	"github.com/oschwald/maxminddb-golang/v2"

	"github.com/spelunk-dev/spelunk/value"
)

// DB is an open City database.
type DB struct {
	r *maxminddb.Reader
}

// Open opens a .mmdb file.
func Open(path string) (*DB, error) {
	r, err := maxminddb.Open(path)
	if err != nil {
		return nil, err
	}
	return &DB{r: r}, nil
}

// Close releases the database.
func (d *DB) Close() error { return d.r.Close() }

type names map[string]string

// cityRecord is the part of a GeoIP2/GeoLite2 City record iplocation
// shows.
type cityRecord struct {
	City struct {
		Names names `maxminddb:"names"`
	} `maxminddb:"city"`
	Continent struct {
		Names names `maxminddb:"names"`
	} `maxminddb:"continent"`
	Country struct {
		Names names `maxminddb:"names"`
	} `maxminddb:"country"`
	Subdivisions []struct {
		Names names `maxminddb:"names"`
	} `maxminddb:"subdivisions"`
	Location struct {
		Latitude  *float64 `maxminddb:"latitude"`
		Longitude *float64 `maxminddb:"longitude"`
		MetroCode uint     `maxminddb:"metro_code"`
		TimeZone  string   `maxminddb:"time_zone"`
	} `maxminddb:"location"`
}

func (n names) in(lang string) string {
	if v, ok := n[lang]; ok {
		return v
	}
	return n["en"]
}

// Locate implements engine.GeoIP. Fields the record lacks are left out.
func (d *DB) Locate(ip netip.Addr, all bool, lang string) ([]value.Field, bool) {
	res := d.r.Lookup(ip)
	if !res.Found() {
		return nil, false
	}
	var rec cityRecord
	if err := res.Decode(&rec); err != nil {
		return nil, false
	}
	var out []value.Field
	add := func(name, v string) {
		if v != "" {
			out = append(out, value.Field{Name: name, Value: value.Str(v)})
		}
	}
	add("City", rec.City.Names.in(lang))
	add("Country", rec.Country.Names.in(lang))
	if len(rec.Subdivisions) > 0 {
		add("Region", rec.Subdivisions[0].Names.in(lang))
	}
	if rec.Location.Latitude != nil {
		add("lat", strconv.FormatFloat(*rec.Location.Latitude, 'f', -1, 64))
	}
	if rec.Location.Longitude != nil {
		add("lon", strconv.FormatFloat(*rec.Location.Longitude, 'f', -1, 64))
	}
	if all {
		add("Continent", rec.Continent.Names.in(lang))
		if rec.Location.MetroCode != 0 {
			add("MetroCode", strconv.FormatUint(uint64(rec.Location.MetroCode), 10))
		}
		add("Timezone", rec.Location.TimeZone)
	}
	return out, true
}

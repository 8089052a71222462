package main

import (
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/geoip"
)

// loadGeoIP opens the --mmdb database; "" gives none.
func loadGeoIP(path string) (engine.GeoIP, error) {
	if path == "" {
		return nil, nil
	}
	db, err := geoip.Open(path)
	if err != nil {
		return nil, inputErr("--mmdb %s: %v", path, err)
	}
	return db, nil
}

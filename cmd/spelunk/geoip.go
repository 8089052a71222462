package main

import (
	"github.com/spelunk-dev/spelunk/engine"
)

// loadGeoIP opens the --mmdb database; "" gives none.
func loadGeoIP(path string) (engine.GeoIP, error) {
	if path == "" {
		return nil, nil
	}
	return nil, inputErr("--mmdb %s: not supported yet", path)
}

package engine

// GeoIP answers IP geolocation for iplocation.
type GeoIP interface {
	// Locate returns the location fields of an address (City, Country,
	// Region, lat, lon, and with all, Continent, MetroCode, Timezone);
	// ok is false when the database has no entry for it.
	Locate(ip string, all bool, lang string) (fields map[string]string, ok bool)
}

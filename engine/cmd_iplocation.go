package engine

import (
	"net/netip"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// GeoIP answers IP geolocation for iplocation.
type GeoIP interface {
	// Locate returns the location fields of an address (City, Country,
	// Region, lat, lon; with all also Continent, MetroCode, Timezone),
	// names in lang where the database has it; ok is false when the
	// database has no entry for the address.
	Locate(ip netip.Addr, all bool, lang string) (fields []value.Field, ok bool)
}

// iplocation adds City, Country, Region, lat and lon (allfields=true:
// also Continent, MetroCode, Timezone), each with prefix=, for the IP in
// a field, from the MaxMind database given with --mmdb (Splunk bundles
// GeoLite2-City). Private, loopback, link-local and other internal
// addresses get no fields, as in Splunk (docs/SEMANTICS.md §19); so do values
// that are not IP addresses and addresses the database lacks. Without a
// database the results pass unchanged and a notice says why.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/iplocation
func init() {
	registerStream("iplocation", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.IplocationCommand)
		if rc.geoip == nil {
			rc.warn("iplocation: no GeoIP database (give --mmdb with a MaxMind GeoLite2/GeoIP2 City .mmdb); City, Country, Region, lat and lon stay empty")
			return &mapStage{next: next, f: func(*value.Fields) error { return nil }}, nil
		}
		prefix, lang, all := c.Prefix, c.Lang, c.AllFields
		field := c.Field.Name
		geo := rc.geoip
		return &mapStage{next: next, f: func(r *value.Fields) error {
			ip, err := netip.ParseAddr(strings.TrimSpace(r.Get(field).First().String()))
			if err != nil {
				return nil
			}
			ip = ip.Unmap()
			if ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() || ip.IsMulticast() || ip.IsLinkLocalMulticast() {
				return nil
			}
			fields, ok := geo.Locate(ip, all, lang)
			if !ok {
				return nil
			}
			for _, f := range fields {
				r.Set(prefix+f.Name, f.Value)
			}
			return nil
		}}, nil
	})
}

package spl

// GeostatsCommand computes statistics per geographic bin, for cluster
// maps:
//
//	geostats [translatetoxy=<bool>] [latfield=<string>] [longfield=<string>]
//	         [globallimit=<int>] [locallimit=<int>] [outputlatfield=<string>]
//	         [outputlongfield=<string>] [binspanlat=<float> binspanlong=<float>]
//	         [maxzoomlevel=<int>] <stats-agg-term>... [<by-clause>]
//
// Options may also follow the BY clause, as the page's examples write
// them (`geostats latfield=lat longfield=lon count by product globallimit=4`).
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/geostats
type GeostatsCommand struct {
	Loc
	Options []Option // as written, checked
	Aggs    []Aggregation
	By      []FieldName
	// The documented defaults: lat, lon, latitude, longitude, 10, 10,
	// 22.5, 45.0, 9.
	LatField, LongField, OutputLat, OutputLong string
	GlobalLimit, LocalLimit, MaxZoomLevel      int
	BinSpanLat, BinSpanLong                    float64
	TranslateToXY                              bool
}

func (c *GeostatsCommand) CommandName() string { return "geostats" }
func (c *GeostatsCommand) String() string {
	return statsString("geostats", c.Options, c.Aggs, c.By)
}

var geostatsOptions = optionSet{
	"translatetoxy": optBool, "latfield": optAny, "longfield": optAny, "globallimit": optInt,
	"locallimit": optInt, "outputlatfield": optAny, "outputlongfield": optAny,
	"binspanlat": optNumber, "binspanlong": optNumber, "maxzoomlevel": optInt,
}

func init() {
	register(&CommandSpec{
		Name:   "geostats",
		Syntax: "geostats [latfield=<string>] [longfield=<string>] [globallimit=<int>] [binspanlat=<float> binspanlong=<float>] [maxzoomlevel=<int>] <stats-agg-term>... [BY <field>]",
		Doc:    "Computes statistics per latitude/longitude bin at every zoom level, for cluster maps.",
		Parse:  parseGeostats,
	})
}

func parseGeostats(p *cmdParser) (Command, error) {
	known := map[string]bool{}
	for k := range geostatsOptions {
		known[k] = true
	}
	c := &GeostatsCommand{LatField: "lat", LongField: "lon", OutputLat: "latitude", OutputLong: "longitude",
		GlobalLimit: 10, LocalLimit: 10, MaxZoomLevel: 9, BinSpanLat: 22.5, BinSpanLong: 45.0}
	opts, aggs, by, err := p.statsArgs(known)
	if err != nil {
		return nil, err
	}
	for !p.atEnd() {
		o, ok, err := p.knownOption(geostatsOptions)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, p.unexpected(p.peek(), "an option such as globallimit=", "end of command")
		}
		opts = append(opts, o)
	}
	if len(by) > 1 {
		return nil, p.errorf(token{pos: by[1].Start, end: by[1].End}, "takes one BY field")
	}
	c.Options, c.Aggs, c.By = opts, aggs, by
	for _, o := range opts {
		if msg := geostatsOptions[o.Key](o.Value); msg != "" {
			return nil, p.optionError(o, "%s %s", o.Key, msg)
		}
		switch o.Key {
		case "translatetoxy":
			c.TranslateToXY, _ = ParseBool(o.Value)
		case "latfield":
			c.LatField = o.Value
		case "longfield":
			c.LongField = o.Value
		case "outputlatfield":
			c.OutputLat = o.Value
		case "outputlongfield":
			c.OutputLong = o.Value
		case "globallimit":
			c.GlobalLimit, _ = ParseInt(o.Value)
		case "locallimit":
			c.LocalLimit, _ = ParseInt(o.Value)
		case "maxzoomlevel":
			c.MaxZoomLevel, _ = ParseInt(o.Value)
		case "binspanlat":
			c.BinSpanLat, _ = parseNumber(o.Value)
		case "binspanlong":
			c.BinSpanLong, _ = parseNumber(o.Value)
		}
	}
	_, lat := optionValue(opts, "binspanlat")
	_, long := optionValue(opts, "binspanlong")
	if lat != long {
		return nil, p.errorf(p.name, "binspanlat and binspanlong go together").withHint("for example: geostats binspanlat=22.5 binspanlong=45.0 count")
	}
	c.Loc = p.loc()
	return c, nil
}

package engine

import (
	"fmt"
	"math"
	"sort"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// geostats computes statistics per geographic bin at every zoom level
// from 0 to maxzoomlevel: at level z a bin spans binspanlat/2^z degrees
// of latitude and binspanlong/2^z of longitude ("At each level of zoom,
// the number of bins is doubled in both dimensions"). Each result is one
// bin with a result, in the page's order of fields: geobin, the output
// latitude and longitude fields, then the functions, split by the BY
// field as chart splits them, globallimit series kept and the rest in
// OTHER. Results without a numeric latfield and longfield are left out.
// [UNCONFIRMED] The page names geobin but not its form nor where a
// bin's latitude and longitude lie: spelunk writes
// bin_id_zl_<z>_y_<row>_x_<column>, rows counted from -90 and columns
// from -180, gives the mean position of the bin's results, orders bins
// by level, row and column, and does not apply locallimit;
// translatetoxy=false is refused. docs/SEMANTICS.md, "geostats".
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/geostats
func init() {
	registerStream("geostats", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.GeostatsCommand)
		if !c.TranslateToXY && hasOption(c.Options, "translatetoxy") {
			return nil, errAt(c, "geostats: translatetoxy=false is not supported yet")
		}
		o := spl.ChartOptions{Limit: c.GlobalLimit, UseOther: true, UseNull: true, OtherStr: "OTHER", NullStr: "NULL"}
		core, err := newChartCore(rc, "geostats", o, c.Aggs)
		if err != nil {
			return nil, err
		}
		core.rowField, core.rowName = geobinField, geobinField
		if len(c.By) > 0 {
			core.colField = c.By[0].Name
		}
		return &geostatsStage{next: next, c: c, core: core, pos: map[string]*geoPos{}}, nil
	})
}

const geobinField = "geobin"

func hasOption(opts []spl.Option, key string) bool {
	for _, o := range opts {
		if o.Key == key {
			return true
		}
	}
	return false
}

type geoPos struct {
	lat, lon float64
	n        int
	z, y, x  int
}

type geostatsStage struct {
	next stage
	c    *spl.GeostatsCommand
	core *chartCore
	pos  map[string]*geoPos
}

func (s *geostatsStage) push(rows []value.Fields) error {
	var out []value.Fields
	for _, r := range rows {
		lat, ok1 := r.Get(s.c.LatField).Number()
		lon, ok2 := r.Get(s.c.LongField).Number()
		if !ok1 || !ok2 || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
			continue
		}
		for z := 0; z <= s.c.MaxZoomLevel; z++ {
			f := math.Pow(2, float64(z))
			y := int(math.Floor((lat + 90) / (s.c.BinSpanLat / f)))
			x := int(math.Floor((lon + 180) / (s.c.BinSpanLong / f)))
			bin := fmt.Sprintf("bin_id_zl_%d_y_%d_x_%d", z, y, x)
			p := s.pos[bin]
			if p == nil {
				p = &geoPos{z: z, y: y, x: x}
				s.pos[bin] = p
			}
			p.lat += lat
			p.lon += lon
			p.n++
			row := append(value.Fields(nil), r...)
			row.Set(geobinField, value.Str(bin))
			out = append(out, row)
		}
	}
	return s.core.push(out)
}

func (s *geostatsStage) finish() error {
	rows := s.core.result()
	out := make([]value.Fields, 0, len(rows))
	for _, r := range rows {
		bin := r.Get(geobinField).String()
		p := s.pos[bin]
		if p == nil {
			continue
		}
		row := value.Fields{
			{Name: geobinField, Value: value.Str(bin)},
			{Name: s.c.OutputLat, Value: value.Num(p.lat / float64(p.n))},
			{Name: s.c.OutputLong, Value: value.Num(p.lon / float64(p.n))},
		}
		for _, f := range r {
			if f.Name != geobinField {
				row = append(row, f)
			}
		}
		out = append(out, row)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := s.pos[out[i].Get(geobinField).String()], s.pos[out[j].Get(geobinField).String()]
		if a.z != b.z {
			return a.z < b.z
		}
		if a.y != b.y {
			return a.y < b.y
		}
		return a.x < b.x
	})
	if len(out) > 0 {
		if err := s.next.push(out); err != nil {
			return err
		}
	}
	return s.next.finish()
}

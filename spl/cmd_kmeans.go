package spl

import (
	"strconv"
	"strings"
)

// KmeansCommand partitions the results into k clusters by their numeric
// fields:
//
//	kmeans [reps=<int>] [maxiters=<int>] [t=<num>] [k=<int>|<int>-<int>] [cfield=<field>] [dt=<distance>] [showcentroid=<bool>] [<field>...]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/kmeans
type KmeansCommand struct {
	Loc
	Reps     int     // default 10
	MaxIters int     // default 10000
	Tol      float64 // t=, default 0
	// K, or the range K-KMax when Range (written with a dash).
	K, KMax int
	Range   bool
	CField  string // default CLUSTERNUM
	// Dist is l2 (squared Euclidean, the default), l1 (city block) or
	// cos (cosine).
	Dist         string
	ShowCentroid bool // default true
	Fields       []FieldName
	Options      []Option // as written, for String
}

func (c *KmeansCommand) CommandName() string { return "kmeans" }

func (c *KmeansCommand) String() string {
	return optionsAndFieldsString("kmeans", c.Options, c.Fields)
}

// kmeansDistances maps the page's spellings of dt= to spelunk's three.
var kmeansDistances = map[string]string{
	"l1": "l1", "l1norm": "l1", "cityblock": "l1", "cb": "l1",
	"l2": "l2", "l2norm": "l2", "sq": "l2", "sqeuclidean": "l2",
	"cos": "cos", "cosine": "cos",
}

// The page's limits.conf [kmeans] defaults: k below maxkvalue, a k
// range no wider than maxkrange.
const (
	kmeansMaxK     = 1000
	kmeansMaxRange = 100
)

func init() {
	register(&CommandSpec{
		Name:   "kmeans",
		Syntax: "kmeans [reps=<int>] [maxiters=<int>] [t=<num>] [k=<int>|<int>-<int>] [cfield=<field>] [dt=l1|l2|cos] [showcentroid=<bool>] [<field>...]",
		Doc:    "Partitions the results into k clusters by their numeric fields (all of them by default), writes each result's cluster number into CLUSTERNUM and puts the clusters' results next to each other; a k range gives each k's distortion instead.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(optionSet{
				"reps": optAny, "maxiters": optAny, "t": optNumber, "k": optAny, "cfield": optAny,
				"dt": optAny, "showcentroid": optBool,
			})
			if err != nil {
				return nil, err
			}
			c := &KmeansCommand{Loc: p.loc(), Reps: 10, MaxIters: 10000, K: 2, KMax: 2, CField: "CLUSTERNUM", Dist: "l2", ShowCentroid: true, Fields: fields}
			for i, o := range opts {
				if err := p.kmeansOption(c, &opts[i], o); err != nil {
					return nil, err
				}
			}
			c.Options = opts
			return c, nil
		},
	})
}

func (p *cmdParser) kmeansOption(c *KmeansCommand, dst *Option, o Option) error {
	var err error
	switch o.Key {
	case "reps":
		c.Reps, err = p.intAtLeast(o, 1, "must be a whole number, at least 1")
	case "maxiters":
		c.MaxIters, err = p.intAtLeast(o, 1, "must be a whole number, at least 1")
	case "t":
		c.Tol, _ = parseNumber(o.Value)
		if c.Tol < 0 {
			return p.optionError(o, "t=%s must be 0 or more", o.Value)
		}
	case "k":
		lo, hi, ok := parseKRange(o.Value)
		switch {
		case !ok:
			return p.optionError(o, "k=%s must be a whole number or a range such as 2-5", o.Value)
		case lo < 2 || hi >= kmeansMaxK:
			return p.optionError(o, "k=%s must be greater than 1 and less than %d", o.Value, kmeansMaxK)
		case hi < lo:
			return p.optionError(o, "k=%s: the range must go from the lower number to the higher", o.Value)
		case hi-lo > kmeansMaxRange:
			return p.optionError(o, "k=%s: a range may span at most %d", o.Value, kmeansMaxRange)
		}
		c.K, c.KMax, c.Range = lo, hi, strings.Contains(o.Value, "-")
	case "cfield":
		c.CField = o.Value
	case "dt":
		d, ok := kmeansDistances[strings.ToLower(o.Value)]
		if !ok {
			return p.optionError(o, "dt=%s is not a distance: use l1 (l1norm, cityblock, cb), l2 (l2norm, sq, sqeuclidean) or cos (cosine)", o.Value)
		}
		c.Dist = d
	case "showcentroid":
		c.ShowCentroid, _ = ParseBool(o.Value)
	}
	*dst = o
	return err
}

// parseKRange reads <int> or <int>-<int>.
func parseKRange(s string) (int, int, bool) {
	a, b, isRange := strings.Cut(s, "-")
	lo, err := strconv.Atoi(a)
	if err != nil || strings.HasPrefix(a, "+") {
		return 0, 0, false
	}
	if !isRange {
		return lo, lo, true
	}
	hi, err := strconv.Atoi(b)
	if err != nil || strings.HasPrefix(b, "+") {
		return 0, 0, false
	}
	return lo, hi, true
}

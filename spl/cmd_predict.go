package spl

import (
	"strconv"
	"strings"
)

// PredictCommand forecasts time series:
//
//	predict <field> [AS <newfield>] ... [<predict_options>] [<field> ... [<predict_options>]]...
//
// Options written after a run of fields apply to that run (the page's
// example 10: `predict foo1 algorithm=LL future_timespan=15 foo2
// algorithm=LLP period=7`); options before the first field apply to the
// first run.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/predict
type PredictCommand struct {
	Loc
	Groups []PredictGroup
}

// PredictField is one predicted field and its optional new name.
type PredictField struct {
	Loc
	Field string
	As    string
}

// Pred is the field the prediction is written to.
func (f PredictField) Pred() string {
	if f.As != "" {
		return f.As
	}
	return "prediction(" + f.Field + ")"
}

// PredictBound is one side of the confidence interval: its level in
// percent and, when given, the field it is written to.
type PredictBound struct {
	Level int
	Field string
}

// PredictGroup is a run of fields with the options that apply to them.
type PredictGroup struct {
	Fields []PredictField
	// Algorithm is LL, LLT, LLP, LLP5, LLB or BiLL (default LLP5).
	Algorithm      string
	Correlate      string
	FutureTimespan int // default 5
	Holdback       int
	Period         int // 0: found from the data
	Suppress       string
	Upper, Lower   PredictBound
	// Options are the options as written, for String.
	Options []Option
}

// BoundField is the field of one side of the interval for field f.
func (g PredictGroup) BoundField(f PredictField, upper bool) string {
	b, side := g.Lower, "lower"
	if upper {
		b, side = g.Upper, "upper"
	}
	if b.Field != "" {
		return b.Field
	}
	return side + strconv.Itoa(b.Level) + "(" + f.Pred() + ")"
}

func (c *PredictCommand) CommandName() string { return "predict" }

func (c *PredictCommand) String() string {
	parts := []string{"predict"}
	for _, g := range c.Groups {
		for _, f := range g.Fields {
			parts = append(parts, word(f.Field)+asString(f.As))
		}
		if len(g.Options) > 0 {
			parts = append(parts, optionsString(g.Options))
		}
	}
	return strings.Join(parts, " ")
}

// predictAlgorithms maps the lower-case spelling to the page's.
var predictAlgorithms = map[string]string{"ll": "LL", "llt": "LLT", "llp": "LLP", "llp5": "LLP5", "llb": "LLB", "bill": "BiLL"}

func init() {
	register(&CommandSpec{
		Name:   "predict",
		Syntax: "predict <field> [AS <newfield>]... [algorithm=LL|LLT|LLP|LLP5|LLB|BiLL] [correlate=<field>] [future_timespan=<num>] [holdback=<num>] [period=<num>] [suppress=<field>] [upper<int>=<field>] [lower<int>=<field>]",
		Doc:    "Forecasts time series with Kalman-filter state space models: writes prediction(<field>) and its upper95/lower95 confidence bounds on each result and adds future_timespan results after the last.",
		Parse:  parsePredict,
	})
}

func parsePredict(p *cmdParser) (Command, error) {
	c := &PredictCommand{Loc: p.loc()}
	newGroup := func() *PredictGroup {
		c.Groups = append(c.Groups, PredictGroup{FutureTimespan: 5, Upper: PredictBound{Level: 95}, Lower: PredictBound{Level: 95}})
		return &c.Groups[len(c.Groups)-1]
	}
	var g *PredictGroup
	for !p.atEnd() {
		if p.peek().kind == tComma {
			p.next()
			continue
		}
		if p.isOptionAt() {
			if g == nil {
				g = newGroup()
			}
			if err := p.predictOption(g); err != nil {
				return nil, err
			}
			continue
		}
		f, ok := p.field()
		if !ok {
			return nil, p.unexpected(p.peek(), "a field name", "an option")
		}
		if g == nil || (len(g.Options) > 0 && len(g.Fields) > 0) {
			g = newGroup()
		}
		pf := PredictField{Loc: f.Loc, Field: f.Name}
		if isKeyword(p.peek(), "as") {
			as := p.next()
			nf, ok := p.field()
			if !ok {
				return nil, p.errorf(as, "AS needs a new field name after it")
			}
			pf.As, pf.End = nf.Name, nf.End
		}
		g.Fields = append(g.Fields, pf)
	}
	if len(c.Groups) == 0 || len(c.Groups[0].Fields) == 0 {
		return nil, p.errorf(p.name, "missing field").withHint("for example: predict count future_timespan=10")
	}
	for i := range c.Groups {
		if err := p.checkPredictGroup(&c.Groups[i]); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// predictOption reads one option of predict into g.
func (p *cmdParser) predictOption(g *PredictGroup) error {
	k, v := p.peek(), p.peekAt(2)
	key := strings.ToLower(k.text)
	o := Option{Loc: Loc{Start: k.pos, End: v.end}, Key: key, Value: v.val}
	bad := func(must string) error { return p.optionError(o, "%s=%s %s", k.text, v.val, must) }
	num := func(least int) (int, bool) {
		n, ok := ParseInt(v.val)
		return n, ok && n >= least
	}
	switch {
	case key == "algorithm":
		a, ok := predictAlgorithms[strings.ToLower(v.val)]
		if !ok {
			return bad("is not an algorithm: use LL, LLT, LLP, LLP5, LLB or BiLL")
		}
		g.Algorithm, o.Value = a, a
	case key == "correlate" || key == "correlate_field":
		g.Correlate, o.Key = v.val, "correlate"
	case key == "future_timespan":
		n, ok := num(0)
		if !ok {
			return bad("must be a whole number, 0 or more")
		}
		g.FutureTimespan = n
	case key == "holdback":
		n, ok := num(0)
		if !ok {
			return bad("must be a whole number, 0 or more")
		}
		g.Holdback = n
	case key == "period":
		n, ok := num(2)
		if !ok {
			return bad("must be a whole number, at least 2")
		}
		g.Period = n
	case key == "suppress":
		g.Suppress = v.val
	case strings.HasPrefix(key, "upper") || strings.HasPrefix(key, "lower"):
		lvl, err := strconv.Atoi(key[5:])
		if err != nil || strings.ContainsAny(key[5:], "+-") {
			return p.unknownPredictOption(k)
		}
		if lvl < 0 || lvl >= 100 {
			return p.optionError(o, "the confidence level of %s must be from 0 to 99, not %d", key[:5], lvl)
		}
		b := PredictBound{Level: lvl, Field: v.val}
		if key[0] == 'u' {
			g.Upper = b
		} else {
			g.Lower = b
		}
	default:
		return p.unknownPredictOption(k)
	}
	p.i += 3
	p.skipOptionComma()
	g.Options = append(g.Options, o)
	return nil
}

func (p *cmdParser) unknownPredictOption(k token) error {
	names := []string{"algorithm", "correlate", "future_timespan", "holdback", "lower<int>", "period", "suppress", "upper<int>"}
	e := p.errorf(k, "unknown option %q", k.text)
	e.Expected = quoteAll(names)
	if s := Suggest(k.text, names); s != "" {
		e.Hint = "did you mean " + strconv.Quote(s) + "?"
	}
	return e
}

// checkPredictGroup checks the options that depend on the algorithm.
func (p *cmdParser) checkPredictGroup(g *PredictGroup) error {
	at := func(key string) Option {
		for _, o := range g.Options {
			if o.Key == key {
				return o
			}
		}
		return Option{Loc: g.Fields[0].Loc}
	}
	if len(g.Fields) == 0 {
		o := g.Options[0]
		return &Error{Pos: o.Start, End: o.End, Msg: "predict: options with no field before or after them"}
	}
	alg := g.Algorithm
	switch {
	case alg == "LLB" && g.Correlate == "":
		return p.optionError(at("algorithm"), "algorithm=LLB needs correlate=<field>, the series it predicts from")
	case alg != "LLB" && g.Correlate != "":
		return p.optionError(at("correlate"), "correlate= goes only with algorithm=LLB")
	case alg == "LLB" && hasOption(g.Options, "future_timespan"):
		return p.optionError(at("future_timespan"), "future_timespan= does not go with algorithm=LLB, which predicts only where the correlate field has values")
	case alg == "BiLL" && len(g.Fields) != 2:
		return p.optionError(at("algorithm"), "algorithm=BiLL predicts two fields together; %d given", len(g.Fields))
	case g.Period != 0 && alg != "" && alg != "LLP" && alg != "LLP5":
		return p.optionError(at("period"), "period= goes only with algorithm=LLP or LLP5")
	case g.Suppress != "" && alg != "BiLL":
		return p.optionError(at("suppress"), "suppress= goes only with algorithm=BiLL")
	case g.Suppress != "" && g.Suppress != g.Fields[0].Field && g.Suppress != g.Fields[1].Field:
		return p.optionError(at("suppress"), "suppress=%s names neither predicted field", g.Suppress)
	}
	return nil
}

func hasOption(opts []Option, key string) bool {
	_, ok := optionValue(opts, key)
	return ok
}

package spl

import "strings"

// FitCommand trains a model (AI Toolkit, formerly the Machine Learning
// Toolkit):
//
//	fit <algorithm> [<param>=<value>]... [<target>... from] <feature>...
//	    [by <field>...] [into [app:]<model_name>] [as <output_field>]
//
// `from` separates the field to predict from the explanatory fields;
// algorithms without a target (KMeans, DensityFunction) take only
// features, and DensityFunction groups with `by "a,b"`. Parsed fully; not
// run offline (training needs the toolkit's Python algorithms).
// https://help.splunk.com/splunk-enterprise/apply-machine-learning/use-ai-toolkit/5.6.1/mltk-commands-macros-and-visualizations/about-the-fit-and-apply-commands
type FitCommand struct {
	Loc
	Algorithm string
	// Params keep their keys as written (Python keyword arguments).
	Params []Option
	// Target holds the fields before `from`; nil when there is no from.
	Target   []FieldName
	Features []FieldName
	By       []FieldName
	// Into is the model name to save; "" when the model is not saved.
	Into string
	As   string
}

func (c *FitCommand) CommandName() string { return "fit" }

func (c *FitCommand) String() string {
	var b strings.Builder
	b.WriteString("fit " + word(c.Algorithm))
	if len(c.Params) > 0 {
		b.WriteString(" " + optionsString(c.Params))
	}
	if c.Target != nil {
		b.WriteString(" " + fieldNamesString(c.Target, " ") + " from")
	}
	if len(c.Features) > 0 {
		b.WriteString(" " + fieldNamesString(c.Features, " "))
	}
	if len(c.By) > 0 {
		b.WriteString(" by " + fieldNamesString(c.By, " "))
	}
	if c.Into != "" {
		b.WriteString(" into " + word(c.Into))
	}
	if c.As != "" {
		b.WriteString(" as " + word(c.As))
	}
	return b.String()
}

func init() {
	register(&CommandSpec{
		Name:   "fit",
		Syntax: "fit <algorithm> [<param>=<value>]... [<target> from] <feature>... [by <field>...] [into <model_name>] [as <output_field>]",
		Doc:    "Trains a machine learning model (AI Toolkit / MLTK); parsed, not run offline.",
		Parse:  parseFit,
	})
}

func parseFit(p *cmdParser) (Command, error) {
	c := &FitCommand{}
	algo := p.next()
	if algo.kind != tWord && algo.kind != tString {
		return nil, p.unexpected(algo, "an algorithm name such as LinearRegression or DensityFunction")
	}
	c.Algorithm = algo.val
	var fields []FieldName // the list being filled: target/features or by
	var from, by token
	name := func(kw token, what string) (string, error) {
		n := p.next()
		if n.kind != tWord && n.kind != tString {
			return "", p.unexpected(n, what+" after "+strings.ToUpper(kw.text))
		}
		return n.val, nil
	}
	for !p.atEnd() {
		if o, ok := p.paramOption(); ok {
			c.Params = append(c.Params, o)
			continue
		}
		t := p.peek()
		switch {
		case t.kind == tComma:
			p.next()
		case isKeyword(t, "from") && from.kind == tEOF && by.kind == tEOF:
			p.next()
			from = t
			if len(fields) == 0 {
				return nil, p.errorf(t, "FROM needs the field to predict before it").withHint("for example: fit LinearRegression y from x1 x2")
			}
			c.Target, fields = fields, nil
		case isKeyword(t, "by") && by.kind == tEOF:
			p.next()
			by = t
			c.Features, fields = fields, nil
		case isKeyword(t, "into") && c.Into == "":
			p.next()
			v, err := name(t, "a model name")
			if err != nil {
				return nil, err
			}
			c.Into = v
		case isKeyword(t, "as") && c.As == "":
			p.next()
			v, err := name(t, "an output field name")
			if err != nil {
				return nil, err
			}
			c.As = v
		case isKeyword(t, "from") || isKeyword(t, "by") || isKeyword(t, "into") || isKeyword(t, "as"):
			return nil, p.errorf(t, "%s cannot appear here: fit takes [<target> FROM] <features> [BY ...] [INTO ...] [AS ...], each once", strings.ToUpper(t.text))
		default:
			f, ok := p.field()
			if !ok {
				return nil, p.unexpected(t, "a field name", "FROM", "INTO", "AS", "<param>=<value>")
			}
			fields = append(fields, f)
		}
	}
	if by.kind != tEOF {
		if len(fields) == 0 {
			return nil, p.errorf(by, "BY needs at least one field")
		}
		c.By = fields
	} else {
		c.Features = fields
	}
	if from.kind != tEOF && len(c.Features) == 0 {
		return nil, p.errorf(from, "FROM needs at least one explanatory field after it")
	}
	c.Loc = p.loc()
	return c, nil
}

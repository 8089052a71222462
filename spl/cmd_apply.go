package spl

import "strings"

// ApplyCommand scores results with a model trained by fit (Splunk AI
// Toolkit, formerly the Machine Learning Toolkit):
//
//	apply <model_name> [as <output_field>] [<param>=<value>]...
//
// Parameters such as threshold=0.005 go to the model's algorithm. spelunk
// parses apply fully but cannot run it: the model lives in the Splunk
// instance that trained it.
// https://help.splunk.com/splunk-enterprise/apply-machine-learning/use-ai-toolkit/5.6.4/ai-toolkit-commands-macros-and-visualizations/search-commands-for-machine-learning
type ApplyCommand struct {
	Loc
	// Model is the model name, possibly with an "app:" prefix.
	Model string
	// As is the output field prefix given with AS; "" when none.
	As string
	// Params keep their keys as written (they are Python keyword
	// arguments, where case matters).
	Params []Option
}

func (c *ApplyCommand) CommandName() string { return "apply" }

func (c *ApplyCommand) String() string {
	var b strings.Builder
	b.WriteString("apply " + word(c.Model))
	if c.As != "" {
		b.WriteString(" AS " + word(c.As))
	}
	if len(c.Params) > 0 {
		b.WriteString(" " + optionsString(c.Params))
	}
	return b.String()
}

func init() {
	register(&CommandSpec{
		Name:   "apply",
		Syntax: "apply <model_name> [as <output_field>] [<param>=<value>]...",
		Doc:    "Applies a model trained with fit (AI Toolkit / MLTK); parsed, not run offline.",
		Parse:  parseApply,
	})
}

func parseApply(p *cmdParser) (Command, error) {
	c := &ApplyCommand{}
	model := p.next()
	if model.kind != tWord && model.kind != tString {
		return nil, p.unexpected(model, "a model name").withHint("for example: apply my_model threshold=0.01")
	}
	c.Model = model.val
	for !p.atEnd() {
		if o, ok := p.paramOption(); ok {
			c.Params = append(c.Params, o)
			continue
		}
		t := p.next()
		if !isKeyword(t, "as") || c.As != "" {
			return nil, p.unexpected(t, "AS <output_field>", "<param>=<value>")
		}
		n := p.next()
		if n.kind != tWord && n.kind != tString {
			return nil, p.unexpected(n, "an output field name after AS")
		}
		c.As = n.val
	}
	c.Loc = p.loc()
	return c, nil
}

package spl

import "strings"

// SummaryCommand returns what a model trained by fit learned (AI Toolkit,
// formerly MLTK):
//
//	| summary <model_name> [<param>=<value>]...
//
// It is a generating command; security_content writes it as a subsearch,
// `join user [ summary cloud_excessive_api_calls_v1]`. Parsed, not run
// offline: the model lives in the Splunk instance that trained it.
// https://help.splunk.com/splunk-enterprise/apply-machine-learning/use-ai-toolkit/5.6.4/ai-toolkit-commands-macros-and-visualizations/search-commands-for-machine-learning
type SummaryCommand struct {
	Loc
	Model  string
	Params []Option
}

func (c *SummaryCommand) CommandName() string { return "summary" }

func (c *SummaryCommand) String() string {
	var b strings.Builder
	b.WriteString("summary " + word(c.Model))
	if len(c.Params) > 0 {
		b.WriteString(" " + optionsString(c.Params))
	}
	return b.String()
}

func init() {
	register(&CommandSpec{
		Name:       "summary",
		Generating: true,
		Syntax:     "| summary <model_name>",
		Doc:        "Describes a model trained with fit (AI Toolkit / MLTK); parsed, not run offline.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &SummaryCommand{}
			model := p.next()
			if model.kind != tWord && model.kind != tString {
				return nil, p.unexpected(model, "a model name").withHint("for example: | summary my_model")
			}
			c.Model = model.val
			for !p.atEnd() {
				o, ok := p.paramOption()
				if !ok {
					return nil, p.unexpected(p.peek(), "<param>=<value>", "end of command")
				}
				c.Params = append(c.Params, o)
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}

package spl

// SearchCommand filters results with search terms:
//
//	search <search-expression>
//
// It is also the implied first command of every search that does not start
// with "|". https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/search
type SearchCommand struct {
	Loc
	// Expr is nil when the command has no terms (it then keeps everything).
	Expr SearchExpr
}

func (c *SearchCommand) CommandName() string { return "search" }

func (c *SearchCommand) String() string {
	if c.Expr == nil {
		return "search"
	}
	return "search " + c.Expr.String()
}

func init() {
	register(&CommandSpec{
		Name:   "search",
		Syntax: "search <search-expression>",
		Doc:    "Keeps the results that match search terms (field=value, wildcards, AND/OR/NOT, IN).",
		Parse: func(p *cmdParser) (Command, error) {
			x, err := p.parseSearchExpr(nil)
			if err != nil {
				return nil, err
			}
			return &SearchCommand{Loc: p.loc(), Expr: x}, nil
		},
	})
}

// ParseSearch parses a standalone search expression, such as a data model
// constraint (`tag=process tag=report`). It returns nil for empty text.
func ParseSearch(text string) (SearchExpr, error) {
	p, err := Parse("search " + text)
	if err != nil {
		// Shift positions back over the "search " prefix.
		for _, e := range AsErrors(err) {
			e.Pos = max(0, e.Pos-len("search "))
			e.End = max(e.Pos, e.End-len("search "))
		}
		return nil, err
	}
	if len(p.Commands) != 1 {
		return nil, &Error{Pos: 0, End: len(text), Msg: "expected one search expression, found a pipeline"}
	}
	return p.Commands[0].(*SearchCommand).Expr, nil
}

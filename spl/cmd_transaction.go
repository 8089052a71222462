package spl

import "strings"

// TransactionCommand groups events into transactions:
//
//	transaction [<field-list>] [maxspan=<span>] [maxpause=<span>] [maxevents=<int>]
//	            [startswith=<filter>] [endswith=<filter>] [keepevicted=<bool>] [mvlist=<bool>]
//	            [connected=<bool>] [keeporphans=<bool>] [delim=<string>] [mvraw=<bool>] ...
//
// A filter is a search expression in parentheses or quotes
// (startswith=(EventCode=4698), startswith="login") or eval(<expr>).
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/transaction
type TransactionCommand struct {
	Loc
	Fields     []FieldName
	Options    []Option
	StartsWith *TxnFilter
	EndsWith   *TxnFilter
}

// TxnFilter is a startswith/endswith condition: a search expression, or
// an eval expression written eval(...).
type TxnFilter struct {
	Search SearchExpr
	Eval   Expr
}

func (f *TxnFilter) String() string {
	if f.Eval != nil {
		return "eval(" + f.Eval.String() + ")"
	}
	return "(" + f.Search.String() + ")"
}

func (c *TransactionCommand) CommandName() string { return "transaction" }

func (c *TransactionCommand) String() string {
	var b strings.Builder
	b.WriteString("transaction")
	if len(c.Fields) > 0 {
		b.WriteString(" " + fieldNamesString(c.Fields, " "))
	}
	if len(c.Options) > 0 {
		b.WriteString(" " + optionsString(c.Options))
	}
	if c.StartsWith != nil {
		b.WriteString(" startswith=" + c.StartsWith.String())
	}
	if c.EndsWith != nil {
		b.WriteString(" endswith=" + c.EndsWith.String())
	}
	return b.String()
}

// Option returns the value of a named option.
func (c *TransactionCommand) Option(key string) (string, bool) { return optionValue(c.Options, key) }

var transactionOptions = map[string]bool{
	"name": true, "maxspan": true, "maxpause": true, "maxevents": true, "keepevicted": true,
	"mvlist": true, "connected": true, "unifyends": true, "keeporphans": true, "delim": true,
	"mvraw": true, "nullstr": true, "maxopentxn": true, "maxopenevents": true,
}

func init() {
	register(&CommandSpec{
		Name:   "transaction",
		Syntax: "transaction [<field-list>] [maxspan=<span>] [maxpause=<span>] [maxevents=<int>] [startswith=(<search>)] [endswith=(<search>)] [keepevicted=<bool>] [mvlist=<bool>]",
		Doc:    "Groups events with the same field values into transactions, adding duration and eventcount.",
		Parse:  parseTransaction,
	})
}

func parseTransaction(p *cmdParser) (Command, error) {
	c := &TransactionCommand{}
	for !p.atEnd() {
		t := p.peek()
		if t.kind == tComma {
			p.next()
			continue
		}
		if (isKeyword(t, "startswith") || isKeyword(t, "endswith")) && p.peekAt(1).kind == tOp && p.peekAt(1).text == "=" {
			p.next()
			p.next()
			f, err := p.txnFilter()
			if err != nil {
				return nil, err
			}
			if isKeyword(t, "startswith") {
				c.StartsWith = f
			} else {
				c.EndsWith = f
			}
			continue
		}
		if o, ok := p.option(transactionOptions); ok {
			c.Options = append(c.Options, o)
			continue
		}
		if t.kind == tWord && p.peekAt(1).kind == tOp {
			return nil, p.unexpected(t, "a field name", "an option such as maxspan=30m")
		}
		fs := p.fieldList(nil)
		if len(fs) == 0 {
			return nil, p.unexpected(t, "a field name", "an option such as maxspan=30m")
		}
		c.Fields = append(c.Fields, fs...)
	}
	c.Loc = p.loc()
	return c, nil
}

// txnFilter reads the value of startswith= or endswith=.
func (p *cmdParser) txnFilter() (*TxnFilter, error) {
	t := p.peek()
	switch {
	case t.kind == tLParen:
		x, err := (&searchParser{p: p}).primary(0)
		if err != nil {
			return nil, err
		}
		return &TxnFilter{Search: x}, nil
	case isKeyword(t, "eval") && p.peekAt(1).kind == tLParen:
		p.next()
		open := p.i
		closeIdx, err := p.matchParen(open)
		if err != nil {
			return nil, err
		}
		start, end := p.toks[open].end, p.toks[closeIdx].pos
		x, err := parseExprAt(p.raw(start, end), start, p.cmdName())
		if err != nil {
			return nil, err
		}
		p.i = closeIdx + 1
		return &TxnFilter{Eval: x}, nil
	case t.kind == tString || t.kind == tWord:
		p.next()
		x, err := ParseSearch(t.val)
		if err != nil {
			return nil, p.errorf(t, "%v", err)
		}
		if x == nil {
			return nil, p.errorf(t, "empty filter")
		}
		return &TxnFilter{Search: x}, nil
	}
	return nil, p.unexpected(t, "(<search>)", `"<search>"`, "eval(<expression>)")
}

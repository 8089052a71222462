package spl

import (
	"math"
	"strings"
)

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
	Fields  []FieldName
	Options []Option // as written, for String
	// MaxSpan and MaxPause are maxspan= and maxpause= in seconds; -1
	// (the default) for no limit.
	MaxSpan, MaxPause float64
	// MaxEvents is maxevents= (default 1000); 0 or less for no limit.
	MaxEvents int
	// KeepEvicted, MvList, KeepOrphans, Connected (default true),
	// UnifyEnds and MvRaw are the Boolean options.
	KeepEvicted, MvList, KeepOrphans, Connected, UnifyEnds, MvRaw bool
	StartsWith                                                    *TxnFilter
	EndsWith                                                      *TxnFilter
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
	c := &TransactionCommand{MaxSpan: -1, MaxPause: -1, MaxEvents: 1000, Connected: true}
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
			if err := c.setOption(p, o); err != nil {
				return nil, err
			}
			c.Options = append(c.Options, o)
			continue
		}
		if e := p.unknownOption(transactionOptions); e != nil {
			return nil, e
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

func (c *TransactionCommand) setOption(p *cmdParser, o Option) error {
	var err error
	switch o.Key {
	case "maxspan", "maxpause":
		secs := -1.0
		if o.Value != "-1" {
			if secs, err = parseSecondsOrSpan(o.Value); err != nil {
				return p.optionError(o, "%s=%s: %v", o.Key, o.Value, err)
			}
		}
		if o.Key == "maxspan" {
			c.MaxSpan = secs
		} else {
			c.MaxPause = secs
		}
	case "maxevents":
		c.MaxEvents, err = p.intAtLeast(o, math.MinInt, "must be a whole number")
	case "keepevicted":
		c.KeepEvicted, err = p.boolOption(o)
	case "mvlist":
		c.MvList, err = p.boolOption(o)
	case "keeporphans":
		c.KeepOrphans, err = p.boolOption(o)
	case "connected":
		c.Connected, err = p.boolOption(o)
	case "unifyends":
		c.UnifyEnds, err = p.boolOption(o)
	case "mvraw":
		c.MvRaw, err = p.boolOption(o)
	case "maxopentxn", "maxopenevents":
		_, err = p.intAtLeast(o, math.MinInt, "must be a whole number")
	}
	return err
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
	case t.kind == tWord && p.peekAt(1).kind == tOp && p.peekAt(1).pos == t.end:
		// startswith=EventCode=4800: the run of text up to a space is
		// the search, as public searches write it.
		end, j := t.end, p.i+1
		for ; p.toks[j].kind != tEOF && p.toks[j].pos == end; j++ {
			end = p.toks[j].end
		}
		x, err := ParseSearch(p.raw(t.pos, end))
		if err != nil || x == nil {
			return nil, p.errorf(t, "startswith/endswith: %q is not a search", p.raw(t.pos, end))
		}
		p.i = j
		return &TxnFilter{Search: x}, nil
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

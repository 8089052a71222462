package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// diff compares a field (attribute=, default _raw) of two results
// (position1= and position2=, default 1 and 2, counted from 1) line by
// line and returns one result whose _raw is the unified diff, with three
// lines of context around each change, as *nix diff -u writes it; the
// first maxlen bytes (default 100000, 0 for all) of each are compared.
// [UNCONFIRMED] The page does not show the output: spelunk writes the
// header, with diffheader=true, as "--- result <position1>" and "+++
// result <position2>", gives an empty _raw when the two are the same and
// no result when there are fewer results than position2; context=true
// (context-format output) is refused.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/diff
func init() {
	registerStream("diff", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.ReferenceCommand)
		opt := func(k, def string) string {
			if v, ok := c.Option(k); ok {
				return v
			}
			return def
		}
		p1, _ := strconv.Atoi(opt("position1", "1"))
		p2, _ := strconv.Atoi(opt("position2", "2"))
		maxlen, _ := strconv.Atoi(opt("maxlen", "100000"))
		attr := opt("attribute", "_raw")
		header, _ := spl.ParseBool(opt("diffheader", "false"))
		if ctx, _ := spl.ParseBool(opt("context", "false")); ctx {
			return nil, errAt(c, "diff: context=true (context-format output) is not supported yet; the default is the unified diff")
		}
		if p1 < 1 || p2 <= p1 {
			return nil, errAt(c, "diff: position1 must be at least 1 and position2 greater than position1")
		}
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			if len(rows) < p2 {
				return nil, nil
			}
			a, b := rows[p1-1].Get(attr).String(), rows[p2-1].Get(attr).String()
			if maxlen > 0 {
				a, b = a[:min(len(a), maxlen)], b[:min(len(b), maxlen)]
			}
			var out strings.Builder
			if header {
				fmt.Fprintf(&out, "--- result %d\n+++ result %d\n", p1, p2)
			}
			hunks := unifiedDiff(strings.Split(a, "\n"), strings.Split(b, "\n"), 3)
			if len(hunks) == 0 {
				out.Reset()
			}
			out.WriteString(hunks)
			return []value.Fields{{{Name: "_raw", Value: value.Str(strings.TrimSuffix(out.String(), "\n"))}}}, nil
		}}, nil
	})
}

// unifiedDiff writes the hunks of a unified diff of two line lists, with
// ctx lines of context, from a longest common subsequence.
func unifiedDiff(a, b []string, ctx int) string {
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type op struct {
		kind   byte // ' ', '-', '+'
		text   string
		ai, bi int // line numbers (0-based) in a and b before this op
	}
	var ops []op
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, op{' ', a[i], i, j})
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			// Removed lines come before added ones, as diff writes them.
			ops = append(ops, op{'-', a[i], i, j})
			i++
		default:
			ops = append(ops, op{'+', b[j], i, j})
			j++
		}
	}
	var out strings.Builder
	for k := 0; k < len(ops); {
		if ops[k].kind == ' ' {
			k++
			continue
		}
		// A hunk: from ctx lines before the change to ctx lines after the
		// last change that is within 2*ctx unchanged lines of the next.
		start := max(0, k-ctx)
		end := k
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*ctx {
				end = min(len(ops), end+ctx)
				break
			}
			end = run
		}
		aStart, bStart, aLen, bLen := ops[start].ai, ops[start].bi, 0, 0
		var body strings.Builder
		for _, o := range ops[start:end] {
			body.WriteString(string(o.kind) + o.text + "\n")
			if o.kind != '+' {
				aLen++
			}
			if o.kind != '-' {
				bLen++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n%s", hunkRange(aStart, aLen), hunkRange(bStart, bLen), body.String())
		k = end
	}
	return out.String()
}

// hunkRange writes a hunk's line range as diff -u does: "start,len",
// "start" alone for one line, and the line before for none.
func hunkRange(start, n int) string {
	switch n {
	case 0:
		return strconv.Itoa(start) + ",0"
	case 1:
		return strconv.Itoa(start + 1)
	}
	return strconv.Itoa(start+1) + "," + strconv.Itoa(n)
}

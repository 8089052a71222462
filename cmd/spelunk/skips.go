package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/spelunk-dev/spelunk/judge"
)

// skipGroupMin is how many SKIPs with one reason make a group line.
const skipGroupMin = 4

// skipNamesShown is how many names a group line shows.
const skipNamesShown = 3

// fileRe matches what makes one SKIP's reason differ from another's: the
// data file's path or URL (a name with a folder and an extension).
var fileRe = regexp.MustCompile(`\S*/\S*\.\w+`)

// reportLines are the lines spelunk test prints for results: each
// result's Line, except that, unless verbose, SKIPs with the same reason
// once their file is left out (1,158 "data file missing" on the corpus)
// become one line, where the first of them was, with the count and the
// first few names.
func reportLines(results []judge.Result, verbose bool) []string {
	var lines []string
	for _, it := range reportItems(results, verbose) {
		lines = append(lines, it.line)
	}
	return lines
}

// reportItem is one line of reportLines, with the result it reports (nil
// for a group of SKIPs), so that what follows a result (its risk events)
// can be printed under it.
type reportItem struct {
	line   string
	result *judge.Result
}

func reportItems(results []judge.Result, verbose bool) []reportItem {
	groups := map[string][]int{}
	if !verbose {
		for i, r := range results {
			if r.Verdict == judge.Skip {
				k := fileRe.ReplaceAllString(r.Reason, "FILE")
				groups[k] = append(groups[k], i)
			}
		}
	}
	var items []reportItem
	for i := range results {
		r := &results[i]
		if r.Verdict != judge.Skip || verbose {
			items = append(items, reportItem{r.Line(), r})
			continue
		}
		k := fileRe.ReplaceAllString(r.Reason, "FILE")
		g := groups[k]
		switch {
		case len(g) < skipGroupMin:
			items = append(items, reportItem{r.Line(), r})
		case g[0] == i:
			items = append(items, reportItem{skipGroupLine(results, g, k), nil})
		}
	}
	return items
}

// skipGroupLine is the one line of a group of SKIPs.
func skipGroupLine(results []judge.Result, idx []int, reason string) string {
	var names []string
	for _, i := range idx[:skipNamesShown] {
		r := results[i]
		if r.Test != "" {
			names = append(names, r.Detection+" / "+r.Test)
		} else {
			names = append(names, r.Detection)
		}
	}
	// "FILE: not in the cache" and "data file missing: FILE" read best
	// without it; elsewhere it is "the data file".
	reason = strings.TrimPrefix(strings.TrimSuffix(reason, ": FILE"), "FILE: ")
	reason = strings.ReplaceAll(reason, "FILE", "the data file")
	return fmt.Sprintf("%-5s %d tests: %s (%s and %d more; -v lists them)",
		judge.Skip, len(idx), reason, strings.Join(names, ", "), len(idx)-skipNamesShown)
}

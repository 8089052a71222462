package engine

import (
	"bytes"
	"strings"

	"github.com/klauspost/compress/flate"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// anomalies writes each result's unexpectedness, the page's formula
// [s(P and X) - s(P)] / [s(P) + s(X)], X the result's field (default
// _raw) and P the values of the maxvalues= results before it (of its BY
// group), s a measure of how uniform the data is. spelunk takes s as the
// size of the values, joined by newlines, compressed with DEFLATE at its
// best level [UNCONFIRMED: the page does not name the measure;
// compression is uniformity's usual measure, and the scores Splunk prints
// differ]. The encoder is klauspost/compress's, pinned by go.mod, so a
// score does not move with the Go toolchain (Go 1.27's compress/flate is
// that encoder, whose faster levels find no repeat in a short text and
// so score a result like the one before it as new). s of no values is 0,
// so a group's first result scores 1; a score is never below 0.
// normalize=true (the default) makes every digit 0 first ("All
// characters in the field from 0 to 9 are considered identical").
// labelonly=false (the default) keeps the results scoring above
// threshold= (0.01), labelonly=true keeps all.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/anomalies
func init() {
	registerStream("anomalies", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.AnomaliesCommand)
		windows := map[string][]string{}
		return &flatStage{next: next, f: func(r value.Fields, emit func(value.Fields)) error {
			key := groupKeyOf(r, c.By)
			x := r.Get(c.Field).String()
			if c.Normalize {
				x = zeroDigits(x)
			}
			p := windows[key]
			score := unexpectedness(p, x)
			p = append(p, x)
			if len(p) > c.MaxValues {
				p = p[1:]
			}
			windows[key] = p
			r.Set("unexpectedness", value.Num(score))
			if c.LabelOnly || score > c.Threshold {
				emit(r)
			}
			return nil
		}}, nil
	})
}

func groupKeyOf(r value.Fields, by []spl.FieldName) string {
	var b strings.Builder
	for _, f := range by {
		b.WriteString(r.Get(f.Name).String())
		b.WriteByte(0)
	}
	return b.String()
}

func zeroDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '0'
		}
		return r
	}, s)
}

func unexpectedness(p []string, x string) float64 {
	sp := compressedSize(p)
	sx := compressedSize([]string{x})
	spx := compressedSize(append(append([]string(nil), p...), x))
	if sp+sx == 0 {
		return 0
	}
	// Compression can make the whole a byte smaller than its part; the
	// score stays at 0 or above.
	return max(float64(spx-sp)/float64(sp+sx), 0)
}

// compressedSize is the DEFLATE size of the values joined by newlines; 0
// for no values.
func compressedSize(vals []string) int {
	if len(vals) == 0 {
		return 0
	}
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	_, _ = w.Write([]byte(strings.Join(vals, "\n")))
	_ = w.Close()
	return buf.Len()
}

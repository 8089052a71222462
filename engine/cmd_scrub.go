package engine

import (
	"hash/fnv"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// scrub anonymizes the results. Offline it has no Splunk dictionary
// files, so it uses spelunk's own: a term (a run of letters and digits)
// that is one of a list of common English and log words (scrubPublic,
// compared ignoring case) is kept, and any other term becomes a made-up
// one of the same shape: each letter a letter of the same case, each
// digit a digit, chosen by a hash of the term and namespace= (so a term
// becomes the same thing everywhere, in _raw and in the fields, and the
// same in every run). Punctuation and spaces are kept, so IP addresses,
// paths and e-mail addresses keep their form. It changes _raw and every
// field not starting with "_", except eventtype, linecount, punct,
// sourcetype, timeendpos and timestartpos [UNCONFIRMED: the fields Splunk
// leaves alone]. public-terms=, private-terms=, name-terms=, dictionary=
// and timeconfig= name files of a Splunk installation: an error.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/scrub
func init() {
	registerStream("scrub", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.ScrubCommand)
		ns := ""
		for _, o := range c.Options {
			if o.Key != "namespace" {
				return nil, errAt(c, "scrub: %s= names a file of a Splunk installation, which spelunk does not have; it scrubs with its own dictionary (see spelunk help scrub)", o.Key)
			}
			ns = o.Value
		}
		return &mapStage{next: next, f: func(r *value.Fields) error {
			for i, f := range *r {
				if (strings.HasPrefix(f.Name, "_") && f.Name != "_raw") || scrubKeep[f.Name] || f.Value.IsNull() {
					continue
				}
				vals := f.Value.Values()
				out := make([]value.Value, len(vals))
				for j, v := range vals {
					out[j] = value.Str(scrubText(v.String(), ns))
				}
				(*r)[i].Value = value.Multi(out...)
			}
			return nil
		}}, nil
	})
}

var scrubKeep = map[string]bool{"eventtype": true, "linecount": true, "punct": true, "sourcetype": true, "timeendpos": true, "timestartpos": true}

// scrubText replaces the terms of s that are not public.
func scrubText(s, ns string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if !isAlnum(s[i]) {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && isAlnum(s[j]) {
			j++
		}
		b.WriteString(scrubTerm(s[i:j], ns))
		i = j
	}
	return b.String()
}

func isAlnum(c byte) bool {
	return (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

func scrubTerm(t, ns string) string {
	if scrubPublic[strings.ToLower(t)] {
		return t
	}
	h := fnv.New64a()
	h.Write([]byte(ns))
	h.Write([]byte{0})
	h.Write([]byte(t))
	x := h.Sum64()
	out := []byte(t)
	for i, c := range out {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		switch {
		case c >= '0' && c <= '9':
			out[i] = '0' + byte(x%10)
		case c >= 'a' && c <= 'z':
			out[i] = 'a' + byte(x%26)
		default:
			out[i] = 'A' + byte(x%26)
		}
	}
	return string(out)
}

// scrubPublic are the terms scrub keeps: common English words and the
// words of log messages, which identify nobody.
var scrubPublic = setOfWords(`a about access account action add added after all allow allowed an and any are as at
auth authentication be been before by can cannot client code command connect connected connection could
create created data debug delete deleted denied deny did disabled do does done down enabled end error
event failed failure false file for from get group has have host http https id if in info information
into invalid is it its key level log logged login logoff logon logout message method new no not null of
off ok on open or out password path permission port post process protocol put read received remote
request response result root security sent server service session set start started status stop stopped
succeeded success successful system tcp that the this time to true type udp up update url user
using value warn warning was were when which with write`)

func setOfWords(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

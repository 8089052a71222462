// Package tutorial generates the playground's tutorial data set: a day of
// a small company's logs in three files, web access (NGINX Plus
// key=value), Windows logons (Security 4624/4625 as XmlWinEventLog) and
// process creation (Sysmon EventID 1 as XmlWinEventLog).
//
// Background traffic is drawn from a seeded generator; a few incidents are
// planted with fixed counts, so that the lessons' expected answers follow
// from this file alone (see Planted):
//
//   - a scanner at 203.0.113.66 asks for 120 paths that do not exist (404);
//     no other request gets a 404;
//   - /api/orders fails with a 500 seven times; no other request gets a 5xx;
//   - 203.0.113.99 guesses the administrator's password on DC-01 60 times
//     (4625, logon type 3) and then logs on (4624); four users mistype
//     their password once each;
//   - on WS-07, erin opens a document whose macro starts an encoded
//     PowerShell (WINWORD.EXE -> powershell.exe), which runs whoami and net
//     user; no other Office program starts a process.
package tutorial

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// File is one generated log file.
type File struct {
	Name, Sourcetype, Source, Text string
}

// Seed is the seed of the data set the playground ships.
const Seed = 24

// Sizes of the three files, planted events included.
const (
	WebEvents     = 2000
	LogonEvents   = 1000
	ProcessEvents = 1000
)

// Planted are the incidents' fixed counts, for the lessons and tests.
var Planted = struct {
	ScannerIP       string
	Scanner404s     int
	OrderErrors     int
	BruteIP         string
	BruteFailures   int
	Typos           []string
	MacroHost       string
	MacroUser       string
	MacroCommand    string
	MacroChildCount int
}{
	ScannerIP: "203.0.113.66", Scanner404s: 120, OrderErrors: 7,
	BruteIP: "203.0.113.99", BruteFailures: 60,
	Typos:     []string{"bob", "dave", "grace", "heidi"},
	MacroHost: "WS-07", MacroUser: `CORP\erin`,
	MacroCommand:    `powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA`,
	MacroChildCount: 2,
}

// start is the first second of the day the data covers.
var start = time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)

var users = []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"}

// Generate returns the three files for seed; the same seed gives the same
// bytes.
func Generate(seed uint64) []File {
	rng := rand.New(rand.NewPCG(seed, 0x5e1))
	return []File{
		{Name: "web_access.log", Sourcetype: "nginx:plus:kv", Source: "/var/log/nginx/access.log", Text: web(rng)},
		{Name: "security.xml", Sourcetype: "XmlWinEventLog", Source: "XmlWinEventLog:Security", Text: logons(rng)},
		{Name: "sysmon.xml", Sourcetype: "XmlWinEventLog", Source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", Text: processes(rng)},
	}
}

// timed is one rendered event and its time, for sorting a file by time.
type timed struct {
	t    time.Time
	text string
}

func join(evs []timed) string {
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].t.Before(evs[j].t) })
	var b strings.Builder
	for _, e := range evs {
		b.WriteString(e.text)
		b.WriteByte('\n')
	}
	return b.String()
}

// at is a random second of the day, or of the hour h when h >= 0.
func at(rng *rand.Rand, h int) time.Time {
	if h >= 0 {
		return start.Add(time.Duration(h)*time.Hour + time.Duration(rng.IntN(3600))*time.Second)
	}
	return start.Add(time.Duration(rng.IntN(86400)) * time.Second)
}

var pages = []string{"/", "/index.html", "/products", "/products/17", "/products/42", "/cart", "/login", "/static/app.js", "/static/site.css", "/api/orders", "/api/search", "/about"}

var scanPaths = []string{"/wp-login.php", "/.env", "/admin", "/phpmyadmin/", "/.git/config", "/backup.zip", "/server-status", "/config.php"}

func web(rng *rand.Rand) string {
	var evs []timed
	line := func(t time.Time, src, method, path, query string, status, bytes int) {
		evs = append(evs, timed{t, fmt.Sprintf(`site="www.example.test" server="WEB-01" dest_port="443" https="on" src_ip="%s" user="-" time_local="%s" http_method="%s" uri_path="%s" uri_query="%s" status="%d" bytes_out="%d" bytes_in="%d" request_time="%.3f" http_referer="-" http_user_agent="Mozilla/5.0" nginx_version="1.25.3"`,
			src, t.Format("02/Jan/2006:15:04:05 -0700"), method, path, query, status, bytes, 200+rng.IntN(600), 0.002+rng.Float64()/10)})
	}
	for i := 0; i < Planted.Scanner404s; i++ {
		t := start.Add(14*time.Hour + time.Duration(i*7)*time.Second)
		line(t, Planted.ScannerIP, "GET", scanPaths[i%len(scanPaths)], "-", 404, 153)
	}
	for i := 0; i < Planted.OrderErrors; i++ {
		line(at(rng, 9+i), "198.51.100."+fmt.Sprint(10+i), "POST", "/api/orders", "-", 500, 88)
	}
	for len(evs) < WebEvents {
		src := fmt.Sprintf("198.51.100.%d", 10+rng.IntN(40))
		p := pages[rng.IntN(len(pages))]
		method, query, status := "GET", "-", 200
		switch {
		case p == "/api/orders":
			method = "POST"
		case p == "/api/search":
			query = "q=" + []string{"shoes", "socks", "hats", "gloves"}[rng.IntN(4)]
		case strings.HasPrefix(p, "/static/") && rng.IntN(3) == 0:
			status = 304
		}
		line(at(rng, 7+rng.IntN(14)), src, method, p, query, status, 500+rng.IntN(40000))
	}
	return join(evs)
}

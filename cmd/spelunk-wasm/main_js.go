//go:build js && wasm

// Command spelunk-wasm is spelunk for the browser playground (web/): built
// with GOOS=js GOARCH=wasm, it sets a global object spelunk whose methods
// take and return JSON text:
//
//	spelunk.load(dataSetJSON)   -> {events, bySourcetype, bad, problems} or {error}
//	spelunk.loadTutorial()      -> the same, for the generated tutorial data
//	spelunk.run(query)          -> {columns, rows, text, error, problems, stages, notices, millis}
//	spelunk.export(format)      -> {text} or {error}: the last result as csv, json or table
//	spelunk.help()              -> the command and function registry
//	spelunk.detection(yaml)     -> {search} or {error}
//
// A search runs to its end before run returns: the page calls it from a
// timer so that the page can draw "running" first.
package main

import (
	"context"
	"encoding/json"
	"syscall/js"

	"github.com/spelunk-dev/spelunk/internal/playground"
	"github.com/spelunk-dev/spelunk/internal/tutorial"
)

var session *playground.Session

func main() {
	api := map[string]any{
		"load": js.FuncOf(func(_ js.Value, args []js.Value) any {
			var ds playground.DataSet
			if err := json.Unmarshal([]byte(arg(args, 0)), &ds); err != nil {
				return reply(map[string]string{"error": "data set: " + err.Error()})
			}
			return load(ds)
		}),
		"loadTutorial": js.FuncOf(func(js.Value, []js.Value) any {
			var ds playground.DataSet
			for _, f := range tutorial.Generate(tutorial.Seed) {
				ds.Files = append(ds.Files, playground.File{Name: f.Name, Text: f.Text, Sourcetype: f.Sourcetype, Source: f.Source})
			}
			return load(ds)
		}),
		"run": js.FuncOf(func(_ js.Value, args []js.Value) any {
			return reply(current().Run(context.Background(), arg(args, 0)))
		}),
		"export": js.FuncOf(func(_ js.Value, args []js.Value) any {
			text, err := current().Export(arg(args, 0))
			if err != nil {
				return reply(map[string]string{"error": err.Error()})
			}
			return reply(map[string]string{"text": text})
		}),
		"help": js.FuncOf(func(js.Value, []js.Value) any {
			return reply(playground.Registry())
		}),
		"detection": js.FuncOf(func(_ js.Value, args []js.Value) any {
			search, err := playground.DetectionSearch("detection.yml", arg(args, 0))
			if err != nil {
				return reply(map[string]string{"error": err.Error()})
			}
			return reply(map[string]string{"search": search})
		}),
	}
	js.Global().Set("spelunk", js.ValueOf(api))
	js.Global().Call("dispatchEvent", js.Global().Get("Event").New("spelunk-ready"))
	select {} // the functions above stay callable
}

// current is the loaded data set's session, or one over no data: made
// on first use, since compiling the knowledge for a store is most of
// the start-up and the page loads a data set first.
func current() *playground.Session {
	if session == nil {
		s, _, err := playground.Load(playground.DataSet{})
		if err != nil {
			panic(err) // the built-in knowledge is checked by tests
		}
		session = s
	}
	return session
}

func load(ds playground.DataSet) any {
	s, info, err := playground.Load(ds)
	if err != nil {
		return reply(map[string]string{"error": err.Error()})
	}
	session = s
	return reply(info)
}

func arg(args []js.Value, i int) string {
	if i < len(args) && args[i].Type() == js.TypeString {
		return args[i].String()
	}
	return ""
}

func reply(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(map[string]string{"error": err.Error()})
	}
	return string(b)
}

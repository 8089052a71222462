package spl

import (
	"reflect"
	"slices"
	"strings"
	"sync"
)

// Walk calls visit for n and then, depth first in field order, for every
// node inside it: commands, subsearches and their pipelines, search terms,
// eval expressions, options. If visit returns false Walk skips the
// node's children.
//
// It finds children by reflection, so a command type added to the
// package is walked without being listed anywhere.
func Walk(n Node, visit func(Node) bool) {
	if n == nil {
		return
	}
	walkValue(reflect.ValueOf(n), visit)
}

var nodeType = reflect.TypeFor[Node]()

// walkType is what walkValue asks of a type, found once: reflection's
// Implements and Field (which builds a StructField each call) were most
// of compiling the data models' calculations for each indexing worker.
type walkType struct {
	node     bool  // the type implements Node
	exported []int // a struct's exported fields
}

var walkTypes sync.Map // reflect.Type -> *walkType

func walkTypeOf(t reflect.Type) *walkType {
	if w, ok := walkTypes.Load(t); ok {
		return w.(*walkType)
	}
	w := &walkType{node: t.Implements(nodeType)}
	if t.Kind() == reflect.Struct {
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				w.exported = append(w.exported, i)
			}
		}
	}
	walkTypes.Store(t, w)
	return w
}

func walkValue(v reflect.Value, visit func(Node) bool) {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return
		}
		if v.Kind() == reflect.Pointer && walkTypeOf(v.Type()).node {
			if !visit(v.Interface().(Node)) {
				return
			}
			walkFields(v.Elem(), visit)
			return
		}
		walkValue(v.Elem(), visit)
	case reflect.Struct:
		if v.Type() == locType {
			return
		}
		if walkTypeOf(v.Type()).node {
			if !visit(v.Interface().(Node)) {
				return
			}
		}
		walkFields(v, visit)
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			walkValue(v.Index(i), visit)
		}
	}
}

var locType = reflect.TypeFor[Loc]()

func walkFields(v reflect.Value, visit func(Node) bool) {
	if v.Kind() != reflect.Struct {
		return
	}
	for _, i := range walkTypeOf(v.Type()).exported {
		walkValue(v.Field(i), visit)
	}
}

// PipelineCommands lists every command in p, subsearches included, in text order.
func PipelineCommands(p *Pipeline) []Command {
	var out []Command
	Walk(p, func(n Node) bool {
		if c, ok := n.(Command); ok {
			out = append(out, c)
		}
		return true
	})
	return out
}

// SearchFields lists the fields a search expression reads of an event:
// the fields it compares, _raw for bare terms and _time for time
// modifiers, each once. all is true when it may read any field (a field
// name with a wildcard, a subsearch whose terms are not known yet).
func SearchFields(x SearchExpr) (fields []string, all bool) {
	field := func(f string) {
		if strings.Contains(f, "*") {
			all = true
		}
		if !slices.Contains(fields, f) {
			fields = append(fields, f)
		}
	}
	Walk(x, func(n Node) bool {
		switch e := n.(type) {
		case *SearchCompare:
			if e.IsTimeModifier() {
				field("_time")
			} else {
				field(e.Field)
			}
		case *SearchIn:
			field(e.Field)
		case *SearchTerm:
			field("_raw")
		case *SearchSubsearch:
			all = true
		}
		return true
	})
	return fields, all
}

package spl

import "reflect"

// Walk calls fn for n and for every AST value reachable from it, depth
// first: nodes (as the pointers the tree holds) and value structs such as
// Aggregation or SearchValue. When fn returns false, Walk does not descend
// into that value. Walk finds its way through every command type by
// reflection, so new commands need no walker code.
func Walk(n any, fn func(any) bool) {
	if n == nil {
		return
	}
	walkValue(reflect.ValueOf(n), fn)
}

var locType = reflect.TypeOf(Loc{})

func walkValue(v reflect.Value, fn func(any) bool) {
	switch v.Kind() {
	case reflect.Interface:
		if !v.IsNil() {
			walkValue(v.Elem(), fn)
		}
	case reflect.Pointer:
		if v.IsNil() || v.Elem().Kind() != reflect.Struct {
			return
		}
		if !fn(v.Interface()) {
			return
		}
		walkFields(v.Elem(), fn)
	case reflect.Struct:
		if v.Type() == locType {
			return
		}
		if !fn(v.Interface()) {
			return
		}
		walkFields(v, fn)
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			walkValue(v.Index(i), fn)
		}
	}
}

func walkFields(v reflect.Value, fn func(any) bool) {
	t := v.Type()
	for i := 0; i < v.NumField(); i++ {
		if !t.Field(i).IsExported() || t.Field(i).Type == locType {
			continue
		}
		walkValue(v.Field(i), fn)
	}
}

package pack

import (
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// state says what reading one property found. A policy never calls a
// property.Value accessor (AsString, AsMap, ...) without first checking the
// value's kind: those accessors panic on a computed or mistyped value, and a
// panic in a policy pack fails the user's preview.
type state int

const (
	// missing: the key is absent or null.
	missing state = iota
	// known: a value of the expected kind, not secret.
	known
	// secret: a value of the expected kind marked secret. It may be used to
	// decide but must never be printed.
	secret
	// unknown: a computed value (an output not known at this preview).
	unknown
	// mistyped: a value of another kind than expected.
	mistyped
)

// ok reports whether the value is usable (known, secret or not).
func (s state) ok() bool { return s == known || s == secret }

// String names the state for messages and test failures.
func (s state) String() string {
	switch s {
	case missing:
		return "missing"
	case known:
		return "known"
	case secret:
		return "secret"
	case unknown:
		return "unknown"
	case mistyped:
		return "mistyped"
	default:
		return "invalid state"
	}
}

// classify returns the state of v given whether it has the expected kind.
func classify(v property.Value, present, kindOK bool) state {
	switch {
	case !present || v.IsNull():
		return missing
	case v.IsComputed():
		return unknown
	case !kindOK:
		return mistyped
	case v.Secret():
		return secret
	default:
		return known
	}
}

// str reads a string property.
func str(m property.Map, key string) (string, state) {
	v, present := m.GetOk(key)
	return strValue(v, present)
}

// strValue reads a string from a value (an array element, say).
func strValue(v property.Value, present bool) (string, state) {
	st := classify(v, present, v.IsString())
	if !st.ok() {
		return "", st
	}
	return v.AsString(), st
}

// obj reads an object property.
func obj(m property.Map, key string) (property.Map, state) {
	v, present := m.GetOk(key)
	st := classify(v, present, v.IsMap())
	if !st.ok() {
		return property.Map{}, st
	}
	return v.AsMap(), st
}

// arr reads an array property.
func arr(m property.Map, key string) (property.Array, state) {
	v, present := m.GetOk(key)
	st := classify(v, present, v.IsArray())
	if !st.ok() {
		return property.Array{}, st
	}
	return v.AsArray(), st
}

// strList reads a list of strings. It returns the known (or secret)
// elements and whether some element, or the list itself, is unknown.
// Mistyped elements are skipped and reported through the returned state
// (mistyped) when no element could be read.
func strList(m property.Map, key string) (vals []string, someUnknown bool, st state) {
	a, st := arr(m, key)
	if !st.ok() {
		return nil, st == unknown, st
	}
	for _, e := range a.AsSlice() {
		s, est := strValue(e, true)
		switch {
		case est.ok():
			vals = append(vals, s)
		case est == unknown:
			someUnknown = true
		}
	}
	return vals, someUnknown, st
}

// plain turns a value into plain Go data (string, float64, bool, nil,
// []any, map[string]any) for JSON encoding. It reports false when the value
// or a nested value is computed, or is a kind JSON cannot hold (assets,
// archives, resource references).
func plain(v property.Value) (any, bool) {
	switch {
	case v.IsComputed():
		return nil, false
	case v.IsNull():
		return nil, true
	case v.IsString():
		return v.AsString(), true
	case v.IsNumber():
		return v.AsNumber(), true
	case v.IsBool():
		return v.AsBool(), true
	case v.IsArray():
		items := v.AsArray().AsSlice()
		out := make([]any, len(items))
		for i, e := range items {
			p, ok := plain(e)
			if !ok {
				return nil, false
			}
			out[i] = p
		}
		return out, true
	case v.IsMap():
		out := make(map[string]any, v.AsMap().Len())
		for k, e := range v.AsMap().All {
			p, ok := plain(e)
			if !ok {
				return nil, false
			}
			out[k] = p
		}
		return out, true
	default:
		return nil, false
	}
}

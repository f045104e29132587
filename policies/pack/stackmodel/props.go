package stackmodel

import (
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Knownness says what reading one property found. A policy never calls a
// property.Value accessor (AsString, AsMap, ...) without first checking the
// value's kind: those accessors panic on a computed or mistyped value, and a
// panic in a policy pack fails the user's preview.
type Knownness int

const (
	// Missing means the key is absent or null.
	Missing Knownness = iota
	// Known is a value of the expected kind, not secret.
	Known
	// Secret is a value of the expected kind marked secret. It may be used to
	// decide but must never be printed.
	Secret
	// Unknown is a computed value (an output not known at this preview).
	Unknown
	// Mistyped is a value of another kind than expected.
	Mistyped
)

// Usable reports whether the value is usable (known, secret or not).
func (s Knownness) Usable() bool { return s == Known || s == Secret }

// String names the state for messages and test failures.
func (s Knownness) String() string {
	switch s {
	case Missing:
		return "missing"
	case Known:
		return "known"
	case Secret:
		return "secret"
	case Unknown:
		return "unknown"
	case Mistyped:
		return "mistyped"
	default:
		return "invalid state"
	}
}

// classify returns the state of v given whether it has the expected kind.
func classify(v property.Value, present, kindOK bool) Knownness {
	switch {
	case !present || v.IsNull():
		return Missing
	case v.IsComputed():
		return Unknown
	case !kindOK:
		return Mistyped
	case v.Secret():
		return Secret
	default:
		return Known
	}
}

// ReadString reads a string property.
func ReadString(m property.Map, key string) (string, Knownness) {
	v, present := m.GetOk(key)
	return stringValue(v, present)
}

// stringValue reads a string from a value (an array element, say).
func stringValue(v property.Value, present bool) (string, Knownness) {
	kn := classify(v, present, v.IsString())
	if !kn.Usable() {
		return "", kn
	}
	return v.AsString(), kn
}

// readObject reads an object property.
func readObject(m property.Map, key string) (property.Map, Knownness) {
	v, present := m.GetOk(key)
	kn := classify(v, present, v.IsMap())
	if !kn.Usable() {
		return property.Map{}, kn
	}
	return v.AsMap(), kn
}

// readArray reads an array property.
func readArray(m property.Map, key string) (property.Array, Knownness) {
	v, present := m.GetOk(key)
	kn := classify(v, present, v.IsArray())
	if !kn.Usable() {
		return property.Array{}, kn
	}
	return v.AsArray(), kn
}

// readStrings reads a list of strings. It returns the known (or secret)
// elements and whether some element, or the list itself, is unknown.
// Mistyped elements are skipped and reported through the returned state
// (mistyped) when no element could be read.
func readStrings(m property.Map, key string) (vals []string, someUnknown bool, kn Knownness) {
	a, kn := readArray(m, key)
	if !kn.Usable() {
		return nil, kn == Unknown, kn
	}
	for _, e := range a.AsSlice() {
		s, elemKn := stringValue(e, true)
		switch {
		case elemKn.Usable():
			vals = append(vals, s)
		case elemKn == Unknown:
			someUnknown = true
		}
	}
	return vals, someUnknown, kn
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
